import ArgumentParser
import Notebook
import Rendering

/// `dropstep check [PATH...] [--update]`: lessons are tests.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify lessons' recorded outputs and exercise keys (default: every lesson).")

    @OptionGroup var global: GlobalOptions

    @ArgumentParser.Argument(help: "Lesson files or directories (default: the lessons directory).")
    var paths: [String] = []

    @Flag(
        help:
            "Rewrite the recorded output blocks and exercise keys in place, leaving everything else byte for byte."
    )
    var update = false

    func run() throws {
        let library = LessonLibrary(global)
        var files = [String]()
        for path in paths.isEmpty ? [library.directory] : paths {
            if SystemFiles.isDirectory(path) {
                let directory = path.hasSuffix("/") ? String(path.dropLast()) : path
                files += SystemFiles.list(directory).filter { $0.hasSuffix(".md") }.map {
                    directory + "/" + $0
                }
            } else if SystemFiles.exists(path) {
                files.append(path)
            } else {
                Output.error("error: no such lesson file or directory: \(path)")
                throw ExitCode(ExitStatus.failure)
            }
        }
        guard !files.isEmpty else {
            Output.error(
                "error: no lessons (*.md) found in \(paths.isEmpty ? library.directory : paths.joined(separator: ", "))"
            )
            throw ExitCode(ExitStatus.failure)
        }
        var failed = 0
        var updated = 0
        for file in files {
            let text: String
            let lesson: Lesson
            do {
                text = try SystemFiles.read(file)
                lesson = try LessonParser.parse(text, path: file)
            } catch {
                Output.error("\(error)")
                failed += 1
                continue
            }
            let result = LessonChecker.check(lesson, render: StepRenderer.recording.recordedText(of:))
            if update {
                let newText = OutputUpdater.updatingOutputs(
                    in: text, lesson: lesson, outputs: result.outputs, keys: result.keys)
                if newText != text {
                    try SystemFiles.writeAtomically(newText, to: file)
                    updated += 1
                }
                let remaining = result.failures.filter { $0.diff == nil }
                for failure in remaining { Output.error(failure.description) }
                failed += remaining.isEmpty ? 0 : 1
                Output.line(
                    "\(remaining.isEmpty ? "ok  " : "FAIL") \(file) (\(result.cellCount) cells, \(result.exerciseCount) exercises)\(newText != text ? ", updated" : "")"
                )
                continue
            }
            for failure in result.failures { Output.error(failure.description) }
            if !result.passed { failed += 1 }
            Output.line(
                "\(result.passed ? "ok  " : "FAIL") \(file) (\(result.cellCount) cells, \(result.exerciseCount) exercises)"
            )
        }
        Output.line(
            "\(files.count - failed) of \(files.count) lessons passed"
                + (update ? ", \(updated) updated" : ""))
        if failed > 0 { throw ExitCode(ExitStatus.failure) }
    }
}
