import Foundation
import Testing

/// Runs the binary in `directory` with a private state folder; returns status, stdout and stderr.
private func runDropstep(in directory: URL, _ arguments: [String], input: String = "") throws -> (
    status: Int32, out: String, err: String
) {
    let process = Process()
    process.executableURL = dropstepBinary()
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = directory.appendingPathComponent(".state").path
    process.environment = environment
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

/// An empty directory (no `lessons/`) that is removed after `body`.
private func inEmptyDirectory(_ body: (URL) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "dropstep-builtin-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try body(directory)
}

/// The package's lesson ids, read from the files' front matter.
private func packageLessonIDs() throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory())
        .filter { $0.hasSuffix(".md") }.sorted()
    return try names.map { name in
        let text = try String(contentsOfFile: lessonsDirectory() + "/" + name, encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("id: ") }
        return String(try #require(line).dropFirst(4))
    }
}

/// Outside a source tree the lessons come from the copy built into the binary.
@Suite struct BuiltInLessonsTests {
    @Test func everyLessonIsListedWithoutALessonsFolder() throws {
        let ids = try packageLessonIDs()
        try inEmptyDirectory { directory in
            let result = try runDropstep(in: directory, ["lessons"])
            #expect(result.status == 0, "\(result.err)")
            // A title too long for the line wraps under the titles, indented; ids start lines.
            let listed = result.out.split(separator: "\n").filter { !$0.hasPrefix(" ") }
                .map { String($0.prefix { $0 != " " }) }
            #expect(listed == ids)
        }
    }

    @Test func theBuiltInCopyMatchesTheSourceTree() throws {
        let fromDisk = try runDropstep(["run", "--color", "never", "--lessons", lessonsDirectory(), "00"])
        try inEmptyDirectory { directory in
            let builtIn = try runDropstep(in: directory, ["run", "--color", "never", "00"])
            #expect(builtIn.status == 0, "\(builtIn.err)")
            #expect(builtIn.out == fromDisk.out)
        }
    }

    @Test func checkFindsBuiltInPathsAndReportsUnknownOnes() throws {
        try inEmptyDirectory { directory in
            let one = try runDropstep(in: directory, ["check", "lessons/00-tour.md"])
            #expect(one.status == 0, "\(one.err)")
            #expect(one.out.hasPrefix("ok   lessons/00-tour.md ("))
            #expect(one.out.hasSuffix("1 of 1 lessons passed\n"))
            let missing = try runDropstep(in: directory, ["check", "lessons/no-such-lesson.md"])
            #expect(missing.status == 1)
            #expect(missing.err == "error: no such lesson file or directory: lessons/no-such-lesson.md\n")
        }
    }

    @Test func theREPLLoadsBuiltInLessonsByIDAndByPath() throws {
        try inEmptyDirectory { directory in
            let byID = try runDropstep(in: directory, [], input: ":load 03\n")
            #expect(byID.out.contains("(03-expectation-matching, "), "\(byID.out)\(byID.err)")
            let byPath = try runDropstep(in: directory, [], input: ":load 00-tour.md\n")
            #expect(byPath.out.contains("(00-tour, "), "\(byPath.out)\(byPath.err)")
            let unknown = try runDropstep(in: directory, ["run", "zz-none"])
            #expect(unknown.status == 1)
            #expect(unknown.err.contains("no lesson 'zz-none' in the lessons built into dropstep"))
        }
    }

    @Test func versionIsTheVersionFile() throws {
        let file = URL(fileURLWithPath: lessonsDirectory()).deletingLastPathComponent()
            .appendingPathComponent("VERSION")
        let version = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let result = try runDropstep(["--version"])
        #expect(result.status == 0)
        #expect(result.out == version + "\n")
    }
}
