import Foundation
import LessonScript
import Notebook
import Testing

@testable import Rendering

let recordsLesson = """
    ---
    id: 98-records
    title: Records
    ---
    Some prose.

    ```dropstep
    x = [1., 2., 3., 4.]
    seed(0)
    z = dropout(x, p=0.5)
    z
    print("done")
    ```

    ```dropstep
    w = x * 2
    w[9]
    ```
    """

@Suite struct StepRecordTests {
    func session() throws -> Session {
        var session = Session()
        session.load(try LessonParser.parse(recordsLesson, path: "lessons/98-records.md"))
        return session
    }

    @Test func aCellGivesOneRecordPerStatementInOrder() throws {
        var session = try session()
        let next = session.next()
        let step = try #require(next)
        #expect(
            step.statements.map(\.code) == [
                "x = [1., 2., 3., 4.]", "seed(0)", "z = dropout(x, p=0.5)", "z", "print(\"done\")",
            ])
        #expect(step.statements.map(\.line) == [1, 2, 3, 4, 5])
        #expect(step.statements.map(\.names) == [["x"], [], ["z"], [], []])
        #expect(step.statements.map(\.echoesValue) == [false, false, false, true, false])
        // The dropout's trace belongs to its own statement, the print to its own.
        let traced = step.statements[2].events.contains { if case .record = $0 { true } else { false } }
        #expect(traced)
        #expect(step.statements[3].events.isEmpty)
        let printed = step.statements[4].events.contains { if case .printed = $0 { true } else { false } }
        #expect(printed)
        #expect(step.statements[3].value?.tensor == session.evaluator.environment.variables["z"]?.tensor)
    }

    @Test func eachStatementsOutputSitsUnderItsOwnLine() throws {
        var session = try session()
        let next = session.next()
        let step = try #require(next)
        let lines = StepRenderer.recording.statements(of: step)
        let dropout = try #require(lines.firstIndex(of: ">>> z = dropout(x, p=0.5)"))
        let echo = try #require(lines.firstIndex(of: ">>> z"))
        // The trace names the assigned variable and sits between its line and the next.
        #expect(lines[dropout + 1].hasPrefix("u     = rand(4)"))
        #expect(lines[echo - 1].hasPrefix("z     = x * mask * scale"))
        #expect(lines[echo + 1].hasPrefix("["))
        #expect(lines.last == "done")
    }

    @Test func terminalAndPlainRenderTheSameRecords() throws {
        var session = try session()
        let next = session.next()
        let step = try #require(next)
        let plain = StepRenderer(style: .plain, width: 80).render(step)
        let terminal = StepRenderer(style: .ansi, width: 80).render(step)
        #expect(!plain.contains("\u{1B}"))
        #expect(terminal.contains("\u{1B}["))
        #expect(removingANSIEscapes(from: terminal) == plain)
    }

    @Test func errorsInACellNameTheLessonFilesLine() throws {
        var session = try session()
        _ = session.next()
        let next = session.next()
        let step = try #require(next)
        #expect(step.error != nil)
        // The cell's code starts on line 16 of the file; w[9] is its second line.
        let shown = StepRenderer().render(step)
        #expect(shown.contains("--> lessons/98-records.md:17:1"))
        #expect(StepRenderer.recording.recordedText(of: step).contains("--> 2:"))
    }

    @Test func laterStatementsNeverRenameAnEarlierGraph() throws {
        var session = Session()
        _ = session.submit("a = [1., 2., 3.]")
        _ = session.submit("y = sum(a * a)")
        let before = text(session.submit("backward(y)"))
        _ = session.submit("b, c = a, a")
        let after = text(session.submit("backward(y)"))
        #expect(before.contains("dy/da = [2 4 6]"))
        #expect(after == before)
        #expect(!after.contains("dy/dc"))
    }

    @Test func backRestoresNamesAsWellAsValues() throws {
        var session = Session()
        _ = session.submit("a = [1., 2.]")
        _ = session.submit("y = sum(a * 3)")
        _ = session.submit("b = a")
        _ = session.submit(":back")
        #expect(text(session.submit("backward(y)")).contains("dy/da = [3 3]"))
    }

    @Test func savedTranscriptsHaveNoEscapesAndReverify() throws {
        var session = try session()
        for input in [
            "", ":seed 3", ":mode eval", "v = dropout(x, p=0.5)", ":mode train", "dropout(x, p=0.5)",
        ] {
            _ = session.submit(input)
        }
        let text = Transcript.markdown(of: session)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("seed(3)") && text.contains("eval()"))
        let result = LessonChecker.check(
            try LessonParser.parse(text, path: "t.md"), render: StepRenderer.recording.recordedText(of:))
        #expect(result.passed, "\(result.failures)")
    }

    @Test func oneNumberingForWhereGotoBackAndResume() throws {
        var session = try session()
        let renderer = ReplyRenderer()
        #expect(session.positions == 0...2)
        _ = session.submit(":goto 1")
        #expect(session.position == 1)
        #expect(text(session.submit(":where")).contains("1 of 2 steps done, next is step 2"))
        #expect(text(session.submit(":goto 3")).contains(":goto takes 0 (the start) to 2 (the end)"))
        _ = session.submit("")
        #expect(session.position == 2)
        #expect(text(session.submit(":back")) == "Back: 1 of 2 steps done, next is step 2.")
        var resumed = try self.session()
        _ = resumed.resume(session.progress!)
        #expect(resumed.position == session.position)
        #expect(
            renderer.render(.notice(.position(lessonID: "x", resumed.positionReport))).contains(
                "1 of 2 steps done"))
    }

    func text(_ replies: [SessionReply]) -> String {
        replies.map { ReplyRenderer().render($0) }.joined(separator: "\n")
    }
}

@Suite struct ShapeNotationTests {
    @Test func shapesReadTheSameInValuesMessagesAndVariables() throws {
        var session = Session()
        let shown = session.submit("h = ones(8)\nh.shape").map { ReplyRenderer().render($0) }.joined()
        #expect(shown.hasSuffix("[8]"))
        let error = session.submit("h @ ones(3)").map { ReplyRenderer().render($0) }.joined()
        #expect(error.contains("shapes [8] and [3]"))
        let variables = session.submit(":vars").map { ReplyRenderer().render($0) }.joined()
        #expect(variables.contains("h  [8]"))
        #expect(EventRenderer().render(.tuple([.number(1), .number(2.5)])) == "(1, 2.5)")
    }
}

@Suite struct PrecisionTests {
    @Test func precisionReachesFormulasAndExplanations() throws {
        var session = Session()
        _ = session.submit("x = [0.3, 1.2, 0.8]\nseed(0)\nW = rand(3, 2)")
        let full = session.submit("explain((x @ W)[0])").map { ReplyRenderer().render($0) }.joined()
        _ = session.submit(":precision 3")
        let renderer = ReplyRenderer(settings: session.display)
        let short = session.submit("explain((x @ W)[0])").map { renderer.render($0) }.joined()
        #expect(full.contains("0.3 * 0.5488135 + 1.2 * 0.60276338"))
        #expect(short.contains("0.3 * 0.549 + 1.2 * 0.603"))
        let trace = session.submit("y = dropout(x, p=0.3)").map { renderer.render($0) }.joined()
        #expect(trace.contains("scale = 1 / q = 1.43"))
    }
}
