import ArgumentParser
import Notebook
import Rendering

/// `dropstep check [PATH...] [--update]`: lessons are tests.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify lessons' recorded outputs and exercise keys (default: every lesson).")

    @OptionGroup var global: GlobalOptions

    @ArgumentParser.Argument(help: "Lesson files or directories (default: every lesson in the library).")
    var paths: [String] = []

    @Flag(
        help:
            "Rewrite the recorded output blocks and exercise keys in place, leaving everything else byte for byte."
    )
    var update = false

    func run() throws {
        let library = LessonLibrary(global)
        let files: [String]
        do {
            files = try library.files(forChecking: paths)
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(ExitStatus.failure)
        }
        var failed = 0
        var updated = 0
        for file in files {
            let text: String
            let lesson: Lesson
            do {
                text = try library.read(file)
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
                    try library.write(newText, to: file)
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
