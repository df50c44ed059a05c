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
    exact: true
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
        #expect(session.evaluator.environment.names == ["e", "pi"])
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

    @Test func backOverACellThatDefinedAFunctionForgetsIt() throws {
        var session = Session()
        let defined = session.execute("def double(x):\n    return 2 * x")
        #expect(defined.error == nil && defined.statements.first?.names == ["double"])
        #expect(session.execute("double(21)").text == "42")
        let backOverCall = session.back()
        let backOverDefinition = session.back()
        #expect(backOverCall && backOverDefinition)
        #expect(session.evaluator.environment.variables["double"] == nil)
        let gone = session.execute("double(21)")
        #expect(gone.error?.message == "unknown function 'double'")
        // Redefined, it is the new definition that runs.
        _ = session.execute("def double(x): return x + x + 1")
        #expect(session.execute("double(1)").text == "3")
    }

    @Test func aCallsTraceShowsUnderItOrFoldsToOneLine() throws {
        var session = Session()
        _ = session.execute("W = eye(2)\ndef layer(x, p=0.5):\n    return dropout(x, p=p) @ W")
        let open = session.execute("seed(0); y = layer([1., 2])").text
        #expect(open.hasPrefix("layer([1., 2]):\n  u     = rand(2)"))
        #expect(open.contains("\n  y     = x * mask * scale  [0 0]"))
        let folded = session.execute("trace(depth=0); seed(0); y = layer([1., 2])").text
        #expect(folded == "layer([1., 2]) = [0 0]")
        // With the display's trace off, a call shows nothing unless it printed.
        session.display.showsTrace = false
        _ = session.execute("trace(depth=none)")
        let quiet = session.execute("seed(0); y = layer([1., 2])")
        #expect(StepRenderer(settings: session.display).statements(of: quiet, echoesCode: false).isEmpty)
        let printed = session.execute("def shout(x):\n    print(\"x is\", x)\n    return x\nz = shout(3)")
        #expect(
            StepRenderer(settings: session.display).statements(of: printed, echoesCode: false) == ["x is 3"])
    }

    static let functionLesson = """
        ---
        id: 98-functions
        title: Functions
        ---
        # Functions

        ```dropstep
        W = ones(3, 3)
        # A layer with dropout.
        def layer(x, p=0.5):
            return relu(dropout(x, p=p) @ W)
        ```

        ```dropstep
        v = [1., 2, 3]
        ```
        """

    @Test func anErrorInsideAFunctionShowsTheLineThatDefinedIt() throws {
        var session = Session()
        session.load(try LessonParser.parse(Self.functionLesson, path: "functions.md"))
        _ = session.next()
        _ = session.next()
        let failed = session.execute("y = layer([1, 2])")
        let error = try #require(failed.error)
        #expect(error.message == "@: shapes [2] and [3, 3] do not align")
        // Live, the lesson file's own line; recorded (as check does), the cell's.
        let live = StepRenderer().diagnostic(error, in: failed)
        #expect(
            live == """
                error: @: shapes [2] and [3, 3] do not align
                  --> functions.md:11:17
                   |
                11 |     return relu(dropout(x, p=p) @ W)
                   |                 ^^^^^^^^^^^^^^^^^^^
                   = note: in layer(x, p=0.5), called as layer([1, 2])
                """)
        let recorded = StepRenderer.recording.recordedText(of: failed)
        #expect(recorded.contains(" --> 4:17\n  |\n4 |     return relu(dropout(x, p=p) @ W)"))
        // Typed code that defines a function: its error points into that input.
        _ = session.execute("def bad(x):\n    return x @ W")
        let typed = session.execute("bad([1, 2])")
        #expect(typed.text.contains("2 |     return x @ W\n  |            ^^^^^"))
    }
}

@Suite struct LessonCheckerTests {
    @Test func updateThenCheckPasses() throws {
        let lesson = try LessonParser.parse(sampleLesson, path: "sample.md")
        let first = LessonChecker.check(lesson)
        #expect(!first.passed)
        #expect(first.exerciseCount == 1)
        #expect(first.keys.keys.sorted() == [0])
        let updated = OutputUpdater.updatingOutputs(
            in: sampleLesson, lesson: lesson, outputs: first.outputs, keys: first.keys)
        #expect(updated.contains("answer: y[0, 0] + 1\nkey: "))
        let second = LessonChecker.check(try LessonParser.parse(updated, path: "sample.md"))
        #expect(second.passed, "\(second.failures)")
        #expect(
            OutputUpdater.updatingOutputs(
                in: updated, lesson: try LessonParser.parse(updated, path: "sample.md"),
                outputs: second.outputs, keys: second.keys) == updated)
        #expect(second.keys.isEmpty)
    }

    /// `sampleLesson` with every output and key recorded.
    func recordedSample() throws -> String {
        let lesson = try LessonParser.parse(sampleLesson, path: "sample.md")
        let result = LessonChecker.check(lesson)
        return OutputUpdater.updatingOutputs(
            in: sampleLesson, lesson: lesson, outputs: result.outputs, keys: result.keys)
    }

    @Test func aChangedKeyFailsWithADiff() throws {
        let recorded = try recordedSample()
        #expect(LessonChecker.check(try LessonParser.parse(recorded, path: "sample.md")).passed)
        // The issue's example: an index off by one still evaluates, to another value.
        let changed = recorded.replacingFirst("answer: y[0, 0] + 1", with: "answer: y[1, 2] + 1")
        let result = LessonChecker.check(try LessonParser.parse(changed, path: "sample.md"))
        #expect(!result.passed)
        let failure = try #require(result.failures.first)
        #expect(failure.message == "recorded key differs from the key's fresh value")
        #expect(failure.diff?.contains("-key: ") == true)
        #expect(failure.diff?.contains("+key: ") == true)
        #expect(result.keys.keys.sorted() == [0])
    }

    @Test func aHandEditedKeyFails() throws {
        let recorded = try recordedSample()
        let lesson = try LessonParser.parse(recorded, path: "sample.md")
        let key = try #require(lesson.exercises.first?.key?.value.scalars.first)
        let edited = recorded.replacingFirst(
            "key: \(KeyText.number(key))", with: "key: \(KeyText.number(key + 1e-9))")
        #expect(edited != recorded)
        #expect(!LessonChecker.check(try LessonParser.parse(edited, path: "sample.md")).passed)
    }

    @Test func mistakesMustEvaluateAndBeWrong() throws {
        let recorded = try recordedSample()
        let good = recorded.replacingFirst(
            "hint: Look at y.", with: "mistake: y[0, 0] -> you forgot the + 1\nhint: Look at y.")
        let passed = LessonChecker.check(try LessonParser.parse(good, path: "sample.md"))
        #expect(passed.passed, "\(passed.failures)")
        let right = recorded.replacingFirst(
            "hint: Look at y.", with: "mistake: 1 + y[0, 0] -> same thing\nhint: Look at y.")
        let rightResult = LessonChecker.check(try LessonParser.parse(right, path: "sample.md"))
        #expect(
            rightResult.failures.map(\.message) == [
                "mistake '1 + y[0, 0]' is judged right: it agrees with the key"
            ])
        let close = recorded.replacingFirst(
            "hint: Look at y.", with: "mistake: y[0, 0] + 1.0001 -> rounding\nhint: Look at y.")
        let closeResult = LessonChecker.check(try LessonParser.parse(close, path: "sample.md"))
        #expect(
            closeResult.failures.map(\.message) == [
                "mistake 'y[0, 0] + 1.0001' is too close to the key: the key rounded to 3 digits would get its feedback"
            ])
        let broken = recorded.replacingFirst("hint: Look at y.", with: "mistake: nope -> x\nhint: Look at y.")
        let brokenResult = LessonChecker.check(try LessonParser.parse(broken, path: "sample.md"))
        #expect(
            brokenResult.failures.first?.message.hasPrefix("mistake does not evaluate: unknown name 'nope'")
                == true)
    }

    @Test func answersAreJudgedAgainstTheRecordedKey() throws {
        let recorded = try recordedSample()
        var session = Session()
        session.load(try LessonParser.parse(recorded, path: "sample.md"))
        _ = session.next()
        _ = session.next()
        // Reassigning y does not move the key: the recorded value is what the learner must find.
        let key = try #require(session.currentExercise?.key?.value.scalars.first)
        _ = session.execute("y = y + 5")
        #expect(!session.answer("y[0, 0] + 1").isCorrect)
        let result = session.answer("\(KeyText.number(key))")
        #expect(result.isCorrect)
        #expect(result.message.hasPrefix("✓ correct: "))
    }

    @Test func changedOutputsFailWithADiff() throws {
        let lesson = try LessonParser.parse(sampleLesson, path: "sample.md")
        let outputs = LessonChecker.check(lesson).outputs
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
