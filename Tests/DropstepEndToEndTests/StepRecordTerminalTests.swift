import Foundation
import Testing

/// Steps as records, seen through the built binary under a pseudo-terminal in colour.
@Suite struct StepRecordTerminalTests {
    func start(state: String, color: Bool = true) throws -> PseudoTerminal {
        try PseudoTerminal(
            executable: PseudoTerminal.executable(named: "dropstep"),
            arguments: ["--lessons", lessonsDirectory()] + (color ? ["--color", "always"] : []),
            environment: ["XDG_STATE_HOME": state, "HOME": state, "TERM": "xterm-256color"])
    }

    func temporaryState() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-records-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func eachStatementsTraceSitsBetweenItsLineAndTheNext() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":load 01\r")
        _ = try terminal.expect("[0/")
        try terminal.sendKey(.enter)
        _ = try terminal.expect("[1/")
        try terminal.sendKey(.enter)
        _ = try terminal.expect("[2/")
        // Step 2 is an exercise: Enter leaves it waiting; skipping is explicit.
        try terminal.sendKey(.enter)
        _ = try terminal.expect("waits for your answer")
        try terminal.send(":skip\r")
        _ = try terminal.expect("Skipped exercise 1.")
        try terminal.sendKey(.enter)
        let screen = try terminal.expect("[3/")
        let line = try #require(screen.range(of: ">>> y = dropout(h, p=0.5)"))
        let trace = try #require(screen.range(of: "u     = rand(8)"))
        let named = try #require(screen.range(of: "y     = h * mask * scale"))
        let next = try #require(screen.range(of: ">>> y\n"))
        #expect(line.upperBound < trace.lowerBound)
        #expect(trace.upperBound < named.lowerBound)
        #expect(named.upperBound < next.lowerBound)
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }

    @Test func aSessionSavedInColourHasNoEscapesAndReverifies() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let saved = state + "/saved.md"
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":load 00\r")
        _ = try terminal.expect("[0/")
        try terminal.sendKey(.enter)
        _ = try terminal.expect("[1/")
        for line in [
            ":seed 3", ":mode eval", "v = dropout(x, p=0.5)", ":mode train", "w = dropout(x, p=0.5)",
        ] {
            try terminal.send(line + "\r")
            _ = try terminal.expect("[1/")
        }
        try terminal.send(":save \(saved)\r")
        _ = try terminal.expect("Saved")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: saved))
        #expect(!bytes.contains(0x1B))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("seed(3)") && text.contains("eval()") && text.contains("train()"))
        let check = try runDropstep(["check", saved])
        #expect(check.status == 0, "\(check.out)\(check.err)")
    }

    @Test func promptAndWhereAgreeAfterGotoBackAndResume() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":load 00\r")
        _ = try terminal.expect("[0/6]> ")
        try terminal.send(":goto 3\r")
        _ = try terminal.expect("3 of 6 steps done, next is step 4.")
        _ = try terminal.expect("[3/6]> ")
        try terminal.send(":where\r")
        _ = try terminal.expect("00-tour: 3 of 6 steps done, next is step 4")
        _ = try terminal.expect("[3/6]> ")
        try terminal.send(":back\r")
        _ = try terminal.expect("Back: 2 of 6 steps done, next is step 3.")
        _ = try terminal.expect("[2/6]> ")
        try terminal.send(":goto 99\r")
        _ = try terminal.expect(":goto takes 0 (the start) to 6 (the end).")
        _ = try terminal.expect("[2/6]> ")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)

        let again = try start(state: state)
        _ = try again.expect("dropstep> ")
        try again.send(":load 00\r")
        _ = try again.expect("Resumed: 2 of 6 steps done, next is step 3.")
        _ = try again.expect("[2/6]> ")
        try again.send(":where\r")
        _ = try again.expect("2 of 6 steps done")
        try again.sendKey(.ctrlD)
        #expect(again.waitForExit() == 0)
    }
}
