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
}
