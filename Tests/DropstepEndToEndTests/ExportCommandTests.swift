import Foundation
import Testing

@Suite struct ExportCommandTests {
    @Test func exportsALessonAsAScriptToStandardOutput() throws {
        let result = try runDropstep(["export", "00", "--to", "py", "--lessons", lessonsDirectory()])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.hasPrefix("# A tour of dropstep\n"))
        #expect(result.out.contains("mask = np.random.rand(*x.shape) < 0.5\ny = x * mask / 0.5"))
        #expect(!result.out.contains("agrees("))
    }

    @Test func theFormatComesFromTheOutputFilesExtension() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("03.ipynb").path
        let result = try runDropstep(["export", "03", "-o", path, "--lessons", lessonsDirectory()])
        #expect(result.status == 0, "\(result.err)")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(notebook["nbformat"] as? Int == 4)
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.contains { $0["cell_type"] as? String == "markdown" })
        #expect(cells.contains { ($0["outputs"] as? [Any])?.isEmpty == false })
    }

    @Test func assertAddsChecksAndNeedsAScript() throws {
        let script = try runDropstep([
            "export", "00", "--to", "py", "--assert", "--lessons", lessonsDirectory(),
        ])
        #expect(script.status == 0)
        #expect(script.out.contains("agrees(\"y\", y, "))
        let notebook = try runDropstep([
            "export", "00", "--to", "ipynb", "--assert", "--lessons", lessonsDirectory(),
        ])
        #expect(notebook.status != 0)
        #expect(notebook.err.contains("--assert needs --to py"))
    }

    @Test func severalOutputsComeFromOneRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "export-both-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("02.py").path
        let notebook = directory.appendingPathComponent("02.ipynb").path
        let result = try runDropstep([
            "export", "02", "--assert", "-o", script, "-o", notebook, "--lessons", lessonsDirectory(),
        ])
        #expect(result.status == 0, "\(result.err)")
        #expect(try String(contentsOfFile: script, encoding: .utf8).contains("agrees("))
        let json = try String(contentsOfFile: notebook, encoding: .utf8)
        #expect(json.hasPrefix("{\n \"cells\": ["))
        #expect(!json.contains("agrees("))
    }

    @Test func unknownFormatsAreRefused() throws {
        let result = try runDropstep(["export", "00", "-o", "out.txt", "--lessons", lessonsDirectory()])
        #expect(result.status != 0)
        #expect(result.err.contains("cannot tell the format from '.txt'"))
    }
}

@Suite struct REPLExportTests {
    @Test func exportWritesTheLearnersOwnSession() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "repl-export-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("mine.py").path
        let input = ":load 00\n\nx2 = x * 3\nx2\n:export \(path)\n:quit\n"
        // A fresh state directory, so that the lesson starts from the beginning.
        let state = directory.appendingPathComponent("state").path
        let result = try runDropstep(
            ["repl", "--lessons", lessonsDirectory()], input: input,
            environment: ["XDG_STATE_HOME": state, "HOME": state])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Exported 3 steps to \(path)."))
        let script = try String(contentsOfFile: path, encoding: .utf8)
        #expect(script.contains("x = np.arange(1, 13, dtype=float).reshape(4, 3)"))
        #expect(script.contains("# x2 = x * 3\nx2 = x * 3"))
        #expect(script.contains("show(x2)"))
    }
}
