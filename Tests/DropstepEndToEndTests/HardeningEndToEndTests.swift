import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the learner owns and what the files on disk can do: unbounded or odd files give a
/// located error, history and progress survive a closed terminal and say when they cannot.
@Suite struct HardeningEndToEndTests {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-hardening-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func filesThatAreNotRegularOrTooLargeAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/fifo.md"
        #expect(mkfifo(fifo, 0o600) == 0)
        let large = directory + "/large.ds"
        #expect(FileManager.default.createFile(atPath: large, contents: nil))
        #expect(truncate(large, 17 << 20) == 0)
        for path in ["/dev/zero", fifo] {
            for command in [["eval", path], ["check", path], ["run", path]] {
                let result = try runDropstep(command)
                #expect(result.status == 1, "\(command)")
                #expect(result.err.contains("'\(path)' is not a regular file"), "\(command): \(result.err)")
            }
        }
        let tooLarge = try runDropstep(["eval", large])
        #expect(tooLarge.status == 1)
        #expect(tooLarge.err.contains("is larger than 16 MiB"))
        let repl = try runDropstep(["--lessons", lessonsDirectory()], input: ":load /dev/zero\n1 + 1\n")
        // The failed :load makes a piped session exit 1, but the session goes on.
        #expect(repl.status == 1)
        #expect(repl.out.contains("'/dev/zero' is not a regular file"))
        #expect(repl.out.contains("2"))
    }

    @Test func aSymbolicLinkLoopIsNamedAsSuch() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (a, b) = (directory + "/a.md", directory + "/b.md")
        #expect(symlink(b, a) == 0 && symlink(a, b) == 0)
        for command in [["run", a], ["check", a], ["eval", a]] {
            let result = try runDropstep(command)
            #expect(result.status == 1)
            #expect(result.err.contains("too many levels of symbolic links"), "\(command): \(result.err)")
            #expect(!result.err.contains("no such"), "\(command): \(result.err)")
        }
    }

    @Test func aByteOrderMarkIsAccepted() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = directory + "/bom.ds"
        try Data([0xEF, 0xBB, 0xBF] + Array("x = 20\nx + 1\n".utf8)).write(to: URL(fileURLWithPath: program))
        let result = try runDropstep(["eval", program])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "21\n")
        let inline = try runDropstep(["eval", "-e", "\u{FEFF}2 * 3"])
        #expect(inline.out == "6\n")
    }

    @Test func progressFilesCannotTrapLoad() throws {
        let state = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try FileManager.default.createDirectory(
            atPath: state + "/dropstep", withIntermediateDirectories: true)
        try "lesson 00-tour\nposition 9223372036854775807\nsolved -5 0 3\n".write(
            toFile: state + "/dropstep/progress-00-tour", atomically: true, encoding: .utf8)
        let result = try runDropstep(
            ["--lessons", lessonsDirectory()], input: ":lessons\n:load 01\n:load 00\n:where\n",
            environment: ["XDG_STATE_HOME": state])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Resumed: "))
        #expect(!result.out.contains("2/1 solved"))
        // Only exercise 0 exists in the tour; -5 and 3 are not solved exercises.
        #expect(result.out.contains("1 of 1 exercises solved"), "\(result.out)")
    }

    @Test func progressThatCannotBeSavedIsReported() throws {
        let state = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        // A directory where the progress file should be.
        try FileManager.default.createDirectory(
            atPath: state + "/dropstep/progress-00-tour", withIntermediateDirectories: true)
        let result = try runDropstep(
            ["--lessons", lessonsDirectory()], input: ":load 00\n\n\n",
            environment: ["XDG_STATE_HOME": state])
        #expect(result.status == 0)
        #expect(result.err.contains("warning: progress cannot be saved"), "\(result.err)")
        // Reported when it starts failing, not after every step.
        #expect(result.err.components(separatedBy: "progress cannot be saved").count == 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: state + "/dropstep")
        #expect(!leftovers.contains { $0.contains(".tmp-") }, "\(leftovers)")
    }

    @Test func staleTemporaryFilesAreRemoved() throws {
        let state = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try FileManager.default.createDirectory(
            atPath: state + "/dropstep", withIntermediateDirectories: true)
        // A pid that cannot be running: beyond the kernel's pid_max.
        let stale = state + "/dropstep/progress-00-tour.tmp-99999999"
        let live = state + "/dropstep/history.tmp-\(getpid())"
        #expect(FileManager.default.createFile(atPath: stale, contents: Data()))
        #expect(FileManager.default.createFile(atPath: live, contents: Data()))
        _ = try runDropstep(
            ["--lessons", lessonsDirectory()], input: "1\n", environment: ["XDG_STATE_HOME": state])
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
    }
}

/// History in the terminal: written as each line is entered, a foreign file kept aside.
@Suite struct HistoryTerminalTests {
    func start(state: String) throws -> PseudoTerminal {
        try PseudoTerminal(
            executable: PseudoTerminal.executable(named: "dropstep"),
            arguments: ["--lessons", lessonsDirectory()],
            environment: ["XDG_STATE_HOME": state, "HOME": state])
    }

    func temporaryState() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-history-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: path + "/dropstep", withIntermediateDirectories: true)
        return path
    }

    /// The entries of a libedit history file, with its `\ooo` octal escapes decoded.
    func entries(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            var bytes = [UInt8]()
            let raw = Array(line.utf8)
            var i = 0
            while i < raw.count {
                if raw[i] == UInt8(ascii: "\\"), i + 3 < raw.count,
                    let code = UInt8(String(decoding: raw[(i + 1)...(i + 3)], as: UTF8.self), radix: 8)
                {
                    bytes.append(code)
                    i += 4
                } else {
                    bytes.append(raw[i])
                    i += 1
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test func closingTheTerminalKeepsTheHistory() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminal = try start(state: state)
        _ = try terminal.expect("dropstep> ")
        try terminal.send("kept = 41 + 1\r")
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":load 00\r")
        _ = try terminal.expect("[0/6]> ")
        try terminal.sendKey(.enter)
        _ = try terminal.expect("[1/6]> ")
        // The terminal closes: SIGHUP, no Ctrl-D, no :quit.
        kill(terminal.processID, SIGHUP)
        #expect(terminal.waitForExit() != 0)
        let history = try entries(state + "/dropstep/history")
        #expect(history == ["kept = 41 + 1", ":load 00"])
        let progress = try String(contentsOfFile: state + "/dropstep/progress-00-tour", encoding: .utf8)
        #expect(progress.contains("position 1"))
        let files = try FileManager.default.contentsOfDirectory(atPath: state + "/dropstep")
        #expect(!files.contains { $0.contains(".tmp-") }, "\(files)")
    }

    @Test func aForeignHistoryFileIsKeptAside() throws {
        let state = try temporaryState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let foreign = "ls -la\ncd ~/projects\n"
        try foreign.write(toFile: state + "/dropstep/history", atomically: true, encoding: .utf8)
        let terminal = try start(state: state)
        _ = try terminal.expect("was not a dropstep history file")
        _ = try terminal.expect("dropstep> ")
        try terminal.send("y = 2\r")
        _ = try terminal.expect("dropstep> ")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
        let kept = try String(contentsOfFile: state + "/dropstep/history.bak", encoding: .utf8)
        #expect(kept == foreign)
        let history = try String(contentsOfFile: state + "/dropstep/history", encoding: .utf8)
        #expect(history.hasPrefix("_HiStOrY_V2_\n"))
        #expect(try entries(state + "/dropstep/history") == ["y = 2"])
        // The next session loads it without complaint and recalls the line.
        let second = try start(state: state)
        _ = try second.expect("dropstep> ")
        try second.sendKey(.up)
        try second.sendKey(.enter)
        _ = try second.expect("dropstep> ")
        try second.send("y\r")
        _ = try second.expect("2")
        try second.sendKey(.ctrlD)
        #expect(second.waitForExit() == 0)
    }
}
