import Rendering
import Testing

@testable import Notebook

let sampleLesson = """
    ---
    id: 99-sample
    title: A sample
    ---
    # A sample

    Some prose.

    ```dropstep
    x = reshape(arange(1, 7), 2, 3)
    seed(4)
    y = dropout(x, p=0.5)
    y
    ```

    ```exercise
    question: What is y[0, 0] + 1?
    answer: y[0, 0] + 1
    tolerance: 0
    hint: Look at y.
    ```

    ```dropstep
    u = rand(3)
    u
    ```

    ```dropstep
    z = y @ [1, 1, 1]
    z
    ```
    """

func sampleSession() throws -> Session {
    var session = Session()
    session.load(try LessonParser.parse(sampleLesson, path: "sample.md"))
    return session
}

@Suite struct SessionTests {
    @Test func backThenNextReproducesTheOutputExactly() throws {
        var session = try sampleSession()
        let first = session.next()!
        _ = session.next()
        let random = session.next()!
        let r1 = session.back()
        #expect(r1)
        let again = session.next()!
        #expect(random.text == again.text)
        let r2 = session.back()
        #expect(r2)
        let r3 = session.back()
        #expect(r3)
        let r4 = session.back()
        #expect(r4)
        #expect(session.position == 0)
        #expect(session.evaluator.environment.variables.isEmpty)
        let rerun = session.next()!.text
        #expect(rerun == first.text)
    }

    @Test func stepRunsOneStatementAtATime() throws {
        var session = try sampleSession()
        guard case .statement(_, 0, 4) = session.step()!.kind else {
            Issue.record("first statement")
            return
        }
        #expect(session.position == 0)
        _ = session.step()
        _ = session.step()
        let last = session.step()!
        #expect(session.position == 1)
        var whole = try sampleSession()
        let wholeText = whole.next()!.text
        #expect(wholeText.hasSuffix(last.text))
    }

    @Test func exercisesCheckAnswersWithinTolerance() throws {
        var session = try sampleSession()
        _ = session.next()
        guard case .exercise = session.next()!.kind else {
            Issue.record("exercise expected")
            return
        }
        let y00 = session.evaluator.environment.variables["y"]!.tensor!.scalars[0]
        #expect(session.currentExercise?.hint == "Look at y.")
        let r6 = !session.answer("\(y00 + 2)").isCorrect
        #expect(r6)
        #expect(session.openExercise == 0)
        let r7 = session.answer("\(y00) + 1").isCorrect
        #expect(r7)
        #expect(session.solved == [0])
        #expect(session.openExercise == nil)
    }

    @Test func gotoAndResetAndResume() throws {
        var session = try sampleSession()
        // goto N runs steps 1 to N: two steps done.
        _ = session.goto(2)
        #expect(session.position == 2)
        #expect(session.positions == 0...4)
        let progress = session.progress!
        var other = try sampleSession()
        _ = other.resume(progress)
        #expect(other.position == 2)
        #expect(
            other.evaluator.environment.variables["y"]?.tensor
                == session.evaluator.environment.variables["y"]?.tensor)
        session.reset()
        #expect(session.position == 0)
        #expect(Progress(parsing: progress.serialized) == progress)
    }

    @Test func ownCodeRunsInTheLessonStateAndCanBeUndone() throws {
        var session = try sampleSession()
        _ = session.next()
        let output = session.execute("w = x * 10\nw[1, 2]")
        #expect(output.text == "60")
        let r5 = session.back()
        #expect(r5)
        #expect(session.evaluator.environment.variables["w"] == nil)
        let failed = session.execute("x @ x")
        #expect(failed.error?.message == "@: shapes [2, 3] and [2, 3] do not align")
        #expect(failed.text.contains("x @ x"))
    }
}

@Suite struct LessonCheckerTests {
    @Test func updateThenCheckPasses() throws {
        let lesson = try LessonParser.parse(sampleLesson, path: "sample.md")
        let first = LessonChecker.check(lesson, render: StepRenderer.recording.recordedText(of:))
        #expect(!first.passed)
        #expect(first.exerciseCount == 1)
        let updated = OutputUpdater.updatingOutputs(in: sampleLesson, lesson: lesson, outputs: first.outputs)
        let second = LessonChecker.check(
            try LessonParser.parse(updated, path: "sample.md"),
            render: StepRenderer.recording.recordedText(of:))
        #expect(second.passed, "\(second.failures)")
        #expect(
            OutputUpdater.updatingOutputs(
                in: updated, lesson: try LessonParser.parse(updated, path: "sample.md"),
                outputs: second.outputs) == updated)
    }

    @Test func changedOutputsFailWithADiff() throws {
        let lesson = try LessonParser.parse(sampleLesson, path: "sample.md")
        let outputs = LessonChecker.check(lesson, render: StepRenderer.recording.recordedText(of:)).outputs
        var updated = OutputUpdater.updatingOutputs(in: sampleLesson, lesson: lesson, outputs: outputs)
        updated = updated.replacingFirst("seed(4)", with: "seed(5)")
        let result = LessonChecker.check(
            try LessonParser.parse(updated, path: "sample.md"),
            render: StepRenderer.recording.recordedText(of:))
        #expect(!result.passed)
        #expect(result.failures.first?.diff?.contains("@@") == true)
    }

    @Test func badAnswerKeysFail() throws {
        let broken = sampleLesson.replacingFirst("answer: y[0, 0] + 1", with: "answer: y[5, 0]")
        let result = LessonChecker.check(
            try LessonParser.parse(broken, path: "sample.md"),
            render: StepRenderer.recording.recordedText(of:))
        #expect(result.failures.contains { $0.message.hasPrefix("answer key does not evaluate") })
    }

    @Test func transcriptsAreLessonsThatPass() throws {
        var session = try sampleSession()
        _ = session.next()
        _ = session.execute("q = y * 2\nq")
        _ = session.execute("q @ q")
        let text = Transcript.markdown(of: session)
        let result = LessonChecker.check(
            try LessonParser.parse(text, path: "transcript.md"),
            render: StepRenderer.recording.recordedText(of:))
        #expect(result.passed, "\(result.failures)")
        #expect(result.cellCount == 3)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let start = indices.first(where: { self[$0...].hasPrefix(target) }) else { return self }
        return String(self[..<start]) + replacement + String(self[index(start, offsetBy: target.count)...])
    }
}

extension StepRecord {
    /// What the statements printed (no code echoed), as plain text.
    var text: String {
        StepRenderer.recording.statements(of: self, echoesCode: false).joined(separator: "\n")
    }
}

@Suite struct ChangedLessonTests {
    func finished() throws -> Session {
        var session = try sampleSession()
        _ = session.next()
        _ = session.next()
        let y00 = session.evaluator.environment.variables["y"]!.tensor!.scalars[0]
        #expect(session.answer("\(y00 + 1)").isCorrect)
        _ = session.next()
        _ = session.next()
        #expect(session.position == 4)
        return session
    }

    @Test func anUnchangedLessonResumesWhereItWas() throws {
        let progress = try finished().progress!
        #expect(Progress(parsing: progress.serialized) == progress)
        var again = try sampleSession()
        let report = again.resume(progress)
        #expect(!report.lessonChanged)
        #expect(again.position == 4)
        #expect(again.solved == [0])
    }

    @Test func aChangedCellResumesBeforeItAndKeepsUnchangedExercises() throws {
        let progress = try finished().progress!
        let changed = sampleLesson.replacingFirst("u = rand(3)", with: "u = rand(4)")
        var session = Session()
        session.load(try LessonParser.parse(changed, path: "sample.md"))
        let report = session.resume(progress)
        #expect(report.lessonChanged)
        #expect(session.position == 2)
        #expect(session.solved == [0])
        #expect(report.droppedSolved == 0)
    }

    @Test func aChangedExerciseLosesItsSolvedMark() throws {
        let progress = try finished().progress!
        let changed = sampleLesson.replacingFirst("What is y[0, 0] + 1?", with: "What is y[0, 0] + 2?")
        var session = Session()
        session.load(try LessonParser.parse(changed, path: "sample.md"))
        let report = session.resume(progress)
        #expect(report.lessonChanged)
        #expect(session.position == 1)
        #expect(session.solved.isEmpty)
        #expect(report.droppedSolved == 1)
    }

    @Test func progressSavedBeforeFingerprintsStillResumes() throws {
        var session = try sampleSession()
        _ = session.resume(Progress(parsing: "lesson 99-sample\nposition 3\nsolved 0\n")!)
        #expect(session.position == 3)
        #expect(session.solved == [0])
    }

    @Test func revealedIsRememberedApartFromSolved() throws {
        var session = try sampleSession()
        _ = session.next()
        _ = session.next()
        _ = session.submit(":reveal")
        _ = session.submit(":skip")
        let progress = session.progress!
        #expect(progress.revealed == [0] && progress.solved.isEmpty)
        #expect(Progress(parsing: progress.serialized)?.revealed == [0])
    }
}
