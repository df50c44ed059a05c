import Foundation
import Testing

/// The habits learners bring from IPython, ghci and Julia, tried on the built binary under a
/// pseudo-terminal: help with `?`, signatures on Tab, bracketed paste, auto-indent, history,
/// Ctrl-R, the editor.
@Suite struct REPLHabitTerminalTests {
    /// What a terminal sends around pasted text (bracketed paste), lines ending in CR.
    static func pasted(_ text: String) -> String {
        "\u{1B}[200~" + text.replacingOccurrences(of: "\n", with: "\r") + "\u{1B}[201~"
    }

    func start(state: String, environment: [String: String] = [:]) throws -> PseudoTerminal {
        try PseudoTerminal(
            executable: PseudoTerminal.executable(named: "dropstep"),
            arguments: ["--lessons", lessonsDirectory()],
            environment: ["XDG_STATE_HOME": state, "HOME": state].merging(environment) { $1 })
    }

    func temporaryState() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-habits-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func questionMarkAndHelpCallShowTheHelpOfColonHelp() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send("?dropout\r")
        let question = try terminal.expect("dropstep> ")
        try terminal.send("help(dropout)\r")
        let call = try terminal.expect("dropstep> ")
        try terminal.send(":help dropout\r")
        let command = try terminal.expect("dropstep> ")
        for shown in [question, call, command] {
            #expect(
                shown.contains(
                    "dropout(x, p=0.5, mode=\"upscale_in_train\", training=<current mode>, axis=none,\n"))
            #expect(shown.contains("only the listed axes"))
            #expect(!shown.contains("error"))
            // Wrapped to the 80 columns, at word boundaries.
            #expect(shown.split(separator: "\n").allSatisfy { $0.count <= 80 })
        }
        try terminal.send(":help dropot\r")
        let unknown = try terminal.expect("dropstep> ")
        #expect(unknown.contains("No help for 'dropot'; did you mean 'dropout'?\n"))
        try terminal.send("?np.sum\r")
        _ = try terminal.expect("np.sum is sum here.")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }

    @Test func tabAfterAnOpenCallShowsTheSignatureAndCompletesKeywordsAndStrings() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send("x = [1.0, 2, 3, 4]\r")
        _ = try terminal.expect("dropstep> ")
        try terminal.send("y = dropout(")
        try terminal.sendKey(.tab)
        let shown = try terminal.expect("mask=")
        #expect(shown.contains("  dropout(x, p=0.5, mode=\"upscale_in_train\""))
        _ = try terminal.expect("dropstep> y = dropout(")
        try terminal.send("x, mo")
        try terminal.sendKey(.tab)
        _ = try terminal.expect("de=")
        // After mode=, Tab opens the string and then lists the accepted values, quoted.
        try terminal.sendKey(.tab)
        _ = try terminal.expect("\"")
        try terminal.sendKey(.tab)
        let values = try terminal.expect("\"downscale_in_infer\"")
        #expect(values.contains("\"upscale_in_train\""))
        try terminal.send("do")
        try terminal.sendKey(.tab)
        _ = try terminal.expect("wnscale_in_infer\"")
        try terminal.send(", training=false)\r")
        _ = try terminal.expect("dropstep> ")
        try terminal.send("y\r")
        // downscale_in_infer at inference scales by q = 0.5.
        _ = try terminal.expect("[0.5 1.  1.5 2. ]")
        // Meta-h shows the signature and summary of the call being typed.
        try terminal.send("softmax(x, ")
        try terminal.send("\u{1B}h")
        _ = try terminal.expect("softmax(x, axis=-1)")
        _ = try terminal.expect("computed stably")
        try terminal.sendKey(.ctrlC)
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }

    @Test func aPastedBlockIsOneCellAndItsBlankLineNeverAdvancesTheLesson() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":load 00\r")
        _ = try terminal.expect("dropstep 00 [0/6]> ")
        try terminal.sendKey(.enter)
        _ = try terminal.expect("dropstep 00 [1/6]> ")
        try terminal.send(Self.pasted("a = 1\n\nb = a + 1\nfor t in range(2):\n    b = b * 10\n\nb\n"))
        try terminal.sendKey(.enter)
        let ran = try terminal.expect("dropstep 00 [1/6]> ")
        #expect(ran.contains("\n200\n"))
        #expect(!ran.contains(">>> "), "no lesson step ran: \(ran)")
        try terminal.send(":where\r")
        _ = try terminal.expect("1 of 6 steps done")
        _ = try terminal.expect("dropstep 00 [1/6]> ")
        // Enter right after an error does not run the next step; a second Enter does.
        try terminal.send("zzz\r")
        _ = try terminal.expect("unknown name 'zzz'")
        _ = try terminal.expect("dropstep 00 [1/6]> ")
        try terminal.sendKey(.enter)
        _ = try terminal.expect("Not moving on after an error: press Enter again (or :next) to run step 2.")
        _ = try terminal.expect("dropstep 00 [1/6]> ")
        try terminal.sendKey(.enter)
        _ = try terminal.expect("dropstep 00 [2/6]> ")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }

    @Test func aLineEndingInAColonIndentsTheNextAndABlankLineClosesTheBlock() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send("for t in range(3):\r")
        _ = try terminal.expect("...     ")
        // Typed without spaces: the indentation is already there.
        try terminal.send("print(t * 5)\r")
        _ = try terminal.expect("...     ")
        try terminal.sendKey(.enter)
        let output = try terminal.expect("dropstep> ")
        #expect(output.contains("0\n5\n10\n"), "\(output)")
        // :history lists inputs, the block as one entry.
        try terminal.send(":history\r")
        let history = try terminal.expect("dropstep> ")
        #expect(history.contains("1  for t in range(3):\n       print(t * 5)\n2  :history\n"), "\(history)")
        // Ctrl-D on an auto-indented line leaves, as on an empty one.
        try terminal.send("for t in range(3):\r")
        _ = try terminal.expect("...     ")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
        let saved = try String(contentsOfFile: state + "/dropstep/history", encoding: .utf8)
        #expect(saved.contains("print(t"))
    }

    @Test func ctrlRSearchesHistoryWithAReadablePrompt() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        for line in ["zz = 41", "print(zz + 1)", "ww = 7"] {
            try terminal.send(line + "\r")
            _ = try terminal.expect("dropstep> ")
        }
        // libedit redraws only what changed, so the screen is checked piece by piece.
        try terminal.sendKey(.ctrlR)
        _ = try terminal.expect("(reverse-i-search)`': ")
        try terminal.send("zz")
        _ = try terminal.expect("print(zz + 1)")
        try terminal.sendKey(.ctrlR)
        _ = try terminal.expect("41")
        try terminal.sendKey(.ctrlR)
        _ = try terminal.expect("failed ")
        // Enter runs the line found: zz = 41, after print(zz + 1) had been found.
        try terminal.sendKey(.enter)
        _ = try terminal.expect("dropstep> ")
        try terminal.send("zz * 2\r")
        _ = try terminal.expect("82")
        _ = try terminal.expect("dropstep> ")
        // Ctrl-G gives the line back as it was.
        try terminal.send("kept")
        try terminal.sendKey(.ctrlR)
        try terminal.send("ww")
        _ = try terminal.expect("= 7")
        try terminal.send("\u{7}")
        try terminal.send("\r")
        _ = try terminal.expect("unknown name 'kept'")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }

    @Test func editOpensTheLastInputInTheEditorAndItComesBackAtThePrompt() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        // An "editor" that changes the file in place without a screen.
        let terminal = try start(
            state: state, environment: ["EDITOR": "sed -i s/41/42/", "TMPDIR": state])
        _ = try terminal.expect("dropstep> ")
        try terminal.send("x = 41\r")
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":edit\r")
        _ = try terminal.expect("dropstep> x = 42")
        try terminal.sendKey(.enter)
        _ = try terminal.expect("dropstep> ")
        try terminal.send("x\r")
        _ = try terminal.expect("42")
        _ = try terminal.expect("dropstep> ")
        // Ctrl-X Ctrl-E edits the line being typed and gives it back for more editing.
        try terminal.send("y = 41 + 1")
        try terminal.send("\u{18}\u{5}")
        _ = try terminal.expect("y = 42 + 1")
        try terminal.send("0\r")
        _ = try terminal.expect("dropstep> ")
        try terminal.send("y\r")
        _ = try terminal.expect("52")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }
}
