import Foundation
import Testing

/// The built `dropstep` binary, next to the test bundle.
func dropstepBinary() -> URL {
    let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    return bundle.appendingPathComponent("dropstep")
}

/// Runs the binary with arguments and standard input; returns status, stdout and stderr.
func runDropstep(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> (
    status: Int32, out: String, err: String
) {
    let process = Process()
    process.executableURL = dropstepBinary()
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
        process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self)
    )
}

/// The package's lessons directory (the tests run from anywhere).
func lessonsDirectory() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("lessons").path
}

@Suite struct CommandLineTests {
    @Test func evalPrintsValuesAndLocatesErrors() throws {
        let ok = try runDropstep(["eval", "-e", "x = [1, 2]\nx * 3"])
        #expect(ok.status == 0)
        #expect(ok.out == "[3 6]\n")
        let bad = try runDropstep(["eval", "-e", "y = dropout([1], p=1.5)"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("error: dropout: p must be in [0, 1], got 1.5"))
        #expect(bad.err.contains("1 | y = dropout([1], p=1.5)"))
    }

    @Test func evalJSONKeepsStandardOutputValid() throws {
        let result = try runDropstep(["eval", "--json", "-e", "x = [1, 2]\nprint(x)\ncheck(x, x)\nx @ [1]"])
        #expect(result.status == 1)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
        }
        #expect(
            lines.last!.hasPrefix(#"{"line": 4, "column": 1, "error": "@: shapes [2] and [1] do not align"}"#)
        )
        #expect(result.err.contains("[1 2]"))
        #expect(result.err.contains("✓ check passed"))
    }

    @Test func checkPassesOnTheShippedLessons() throws {
        let result = try runDropstep(["check", lessonsDirectory()])
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.out.contains("lessons passed"))
    }

    @Test func checkFailsWithALocatedDiff() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-check-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("t.md")
        let text = "---\nid: t\ntitle: T\n---\n\n```dropstep\n1 + 1\n```\n\n```output\n3\n```\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let failed = try runDropstep(["check", file.path])
        #expect(failed.status == 1)
        #expect(failed.err.contains("t.md:11: recorded output differs"))
        #expect(failed.err.contains("-3\n+>>> 1 + 1\n+2"))
        let updated = try runDropstep(["check", "--update", file.path])
        #expect(updated.status == 0)
        #expect(
            try String(contentsOf: file, encoding: .utf8)
                == text.replacingOccurrences(of: "```output\n3\n", with: "```output\n>>> 1 + 1\n2\n"))
        let bad = directory.appendingPathComponent("bad.md")
        try "---\nid: b\n---\n".write(to: bad, atomically: true, encoding: .utf8)
        let malformed = try runDropstep(["check", bad.path])
        #expect(malformed.status == 1)
        #expect(malformed.err.contains("bad.md:3:1: "))
    }

    @Test func replReadsCommandsLineByLineWhenPiped() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-state-\(getpid())"
        ).path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let result = try runDropstep(
            ["--lessons", lessonsDirectory()], input: ":load 00\n\n\n:where\nzz = 4\nzz * 2\n:quit\n",
            environment: ["XDG_STATE_HOME": state])
        #expect(result.status == 0)
        #expect(!result.out.contains("\u{1b}["))
        #expect(result.out.contains("00-tour: 2 of 6 steps done, next is step 3"))
        #expect(result.out.contains("\n8\n"))
        #expect(FileManager.default.fileExists(atPath: state + "/dropstep/progress-00-tour"))
    }

    @Test func aLessonEndingWithAnExerciseClosesAfterTheAnswer() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-end-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("t.md")
        try """
        ---
        id: t
        title: T
        ---
        ```dropstep
        x = 2
        ```

        ```exercise
        question: What is x?
        answer: x
        tolerance: 0
        ```

        Closing words.
        """.write(to: file, atomically: true, encoding: .utf8)
        for (number, (input, solved)) in [(":run\n2\n", 1), (":run\n:skip\n", 0), (":run\n:step\n", 0)]
            .enumerated()
        {
            // A fresh state directory each time, so that no saved progress resumes the lesson.
            let state = directory.appendingPathComponent("state-\(number)").path
            let result = try runDropstep(
                ["repl", file.path], input: input, environment: ["XDG_STATE_HOME": state])
            let out = result.out
            let question = try #require(out.range(of: "Exercise 1: What is x?"))
            let closing = try #require(out.range(of: "Closing words."), "\(input): \(out)")
            let summary = try #require(out.range(of: "End of t. \(solved) of 1 exercise solved."), "\(out)")
            #expect(question.upperBound < closing.lowerBound && closing.upperBound < summary.lowerBound)
            if solved == 1 { #expect(out.range(of: "✓ correct: 2")!.upperBound < closing.lowerBound) }
            #expect(out.components(separatedBy: "Closing words.").count == 2, "\(input): \(out)")
        }
    }

    @Test func lessonsAreListedFromAnyDirectory() throws {
        let result = try runDropstep(["lessons"])
        #expect(result.status == 0)
        #expect(result.out.contains("00-tour"))
    }
}
