import Foundation
import Testing

/// The REPL under a pseudo-terminal, as a learner uses it: libedit, Enter, history, Tab, Ctrl-C, Ctrl-D.
@Suite struct REPLTerminalTests {
    func start(state: String) throws -> PseudoTerminal {
        try PseudoTerminal(
            executable: PseudoTerminal.executable(named: "dropstep"),
            arguments: ["--lessons", lessonsDirectory()],
            environment: ["XDG_STATE_HOME": state, "HOME": state])
    }

    func temporaryState() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-pty-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aLearnerStepsTypesRecallsCompletesInterruptsAndLeaves() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")

        // Load the tour and step with Enter on an empty line.
        try terminal.send(":load 00\r")
        _ = try terminal.expect("Press Enter to run the first step.")
        _ = try terminal.expect("dropstep 00 [0/6]> ")
        try terminal.sendKey(.enter)
        let first = try terminal.expect("dropstep 00 [1/6]> ")
        #expect(first.contains("[10 11 12]]"))

        // Back, then Enter again: the same step runs again.
        try terminal.send(":back\r")
        _ = try terminal.expect("dropstep 00 [0/6]> ")
        try terminal.sendKey(.enter)
        let again = try terminal.expect("dropstep 00 [1/6]> ")
        #expect(again.contains("[10 11 12]]"))

        // Own code in the lesson's state, then recall it with the up arrow.
        try terminal.send("zz = x[3, 2] * 3\r")
        _ = try terminal.expect("[1/6]> ")
        try terminal.send("zz + 1\r")
        _ = try terminal.expect("37")
        _ = try terminal.expect("[1/6]> ")
        try terminal.sendKey(.up)
        try terminal.sendKey(.enter)
        _ = try terminal.expect("37")
        _ = try terminal.expect("[1/6]> ")

        // Tab completes a built-in's name; Ctrl-C then clears the line.
        try terminal.send("gradch")
        try terminal.sendKey(.tab)
        _ = try terminal.expect("eck")
        try terminal.sendKey(.ctrlC)
        _ = try terminal.expect("[1/6]> ")

        // Ctrl-C interrupts a long computation and the session survives it.
        try terminal.send("for t in range(5000000): s = t\r")
        Thread.sleep(forTimeInterval: 0.5)
        try terminal.sendKey(.ctrlC, waitingForEditor: false)
        _ = try terminal.expect("interrupted")
        _ = try terminal.expect("[1/6]> ")
        try terminal.send("zz\r")
        _ = try terminal.expect("36")
        _ = try terminal.expect("[1/6]> ")

        // Ctrl-D leaves with status 0 and keeps history and progress.
        try terminal.sendKey(.ctrlD)
        _ = try terminal.expect("bye")
        #expect(terminal.waitForExit() == 0)
        let history = try String(contentsOfFile: state + "/dropstep/history", encoding: .utf8)
        #expect(history.contains("zz"))
        let progress = try String(contentsOfFile: state + "/dropstep/progress-00-tour", encoding: .utf8)
        #expect(progress.contains("position 1"))
    }

    @Test func progressIsResumedAndExercisesAreAnswered() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":load 00-tour\r")
        _ = try terminal.expect("[0/6]> ")
        try terminal.send(":run\r")
        _ = try terminal.expect("Exercise 1:")
        _ = try terminal.expect("[5/6] answer> ")
        try terminal.send("11\r")
        _ = try terminal.expect("not quite")
        try terminal.send(":hint\r")
        _ = try terminal.expect("divided by q")
        try terminal.send("y[1, 2]\r")
        _ = try terminal.expect("✓ correct")
        try terminal.send(":quit\r")
        #expect(terminal.waitForExit() == 0)

        let second = try start(state: state)
        _ = try second.expect("dropstep> ")
        try second.send(":lessons\r")
        _ = try second.expect("[5/6 done, 1/1 solved]")
        try second.send(":load 00\r")
        _ = try second.expect("Resumed: 5 of 6 steps done, next is step 6.")
        _ = try second.expect("[5/6]> ")
        try second.send("y[1, 2]\r")
        _ = try second.expect("12")
        try second.sendKey(.ctrlD)
        #expect(second.waitForExit() == 0)
    }

    @Test func answersAreJudgedToTheDigitsGiven() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let lessons = state + "/lessons"
        try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
        try """
        ---
        id: 99-judge
        title: Judged
        ---
        ```dropstep
        x = [8., 4.]
        ```

        ```exercise
        question: With p = 0.25, what does a kept x[0] = 8 become?
        answer: x[0] / 0.75
        key: 10.666666666666666
        mistake: x[0] / 0.25 -> that divides by p
        hint: Divide by q.
        ```
        """.write(toFile: lessons + "/99-judge.md", atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(
            executable: PseudoTerminal.executable(named: "dropstep"), arguments: ["--lessons", lessons],
            environment: ["XDG_STATE_HOME": state, "HOME": state])
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":load 99\r")
        _ = try terminal.expect("[0/2]> ")
        try terminal.send(":run\r")
        _ = try terminal.expect("answer> ")
        // Under-precise, a wrong shape, a foreseen slip, then a rounded value that passes.
        try terminal.send("11\r")
        _ = try terminal.expect("agrees to 2 digits; give at least 3")
        _ = try terminal.expect("answer> ")
        try terminal.send("[10.67, 10.67]\r")
        _ = try terminal.expect("expected a number, you gave shape [2]")
        _ = try terminal.expect("answer> ")
        try terminal.send("32\r")
        _ = try terminal.expect("that divides by p")
        _ = try terminal.expect("answer> ")
        try terminal.send("10.67\r")
        _ = try terminal.expect("✓ right to 4 digits")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }

    @Test func aLearnerDefinesALayerAndTakesItsExactExpectation() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send("seed(0); W = randn(3, 3) * 0.5; v = [1., 2, 3]\r")
        _ = try terminal.expect("dropstep> ")

        // A block: the header asks for more and indents the next line; the body lines keep
        // that indent, and an indent-only line runs the block.
        try terminal.send("def layer(x, p=0.5):\r")
        _ = try terminal.expect("... ")
        try terminal.send("\"Dropout, then W and a ReLU.\"\r")
        _ = try terminal.expect("... ")
        try terminal.send("return relu(dropout(x, p=p) @ W)\r")
        _ = try terminal.expect("... ")
        try terminal.send("\r")
        _ = try terminal.expect("dropstep> ")

        try terminal.send("expect(layer(layer(v)))\r")
        let exact = try terminal.expect("dropstep> ")
        #expect(exact.contains("expect: 6 Bernoulli draws, 64 outcomes enumerated exactly"))
        #expect(exact.contains("["))
        try terminal.send("gradcheck(sum(layer(layer(v))), wrt=[W])\r")
        let check = try terminal.expect("dropstep> ")
        #expect(check.contains("gradcheck: relative error W: "))

        // The function is a value: it prints as its signature, is listed and has help.
        try terminal.send("layer\r")
        _ = try terminal.expect("<function layer(x, p=0.5)>")
        try terminal.send(":vars\r")
        _ = try terminal.expect("layer")
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":help layer\r")
        _ = try terminal.expect("layer(x, p=0.5)")
        _ = try terminal.expect("Dropout, then W and a ReLU.")
        _ = try terminal.expect("dropstep> ")

        // An error inside it points at the line that defined it.
        try terminal.send("layer([1, 2])\r")
        let failure = try terminal.expect("dropstep> ")
        #expect(failure.contains("return relu(dropout(x, p=p) @ W)"))
        #expect(failure.contains("in layer(x, p=0.5), called as layer([1, 2])"))

        // Ctrl-C stops a function that runs too long.
        try terminal.send("def spin(n):\r")
        _ = try terminal.expect("... ")
        try terminal.send("    for t in range(n): s = t\r")
        _ = try terminal.expect("... ")
        try terminal.send("\r")
        _ = try terminal.expect("dropstep> ")
        try terminal.send("spin(5000000)\r")
        Thread.sleep(forTimeInterval: 0.5)
        try terminal.sendKey(.ctrlC, waitingForEditor: false)
        _ = try terminal.expect("interrupted")
        _ = try terminal.expect("dropstep> ")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }
}
