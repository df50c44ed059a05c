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
        let translations = files.filter { Translations.language(of: $0) != nil && Translations.isLesson($0) }
        let originals = files.filter { Translations.language(of: $0) == nil }
        for file in originals {
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
        var twinsFailed = 0
        for file in translations where !checkTwin(file, in: library) { twinsFailed += 1 }
        warnAboutMissingTwins(of: originals, translations: translations)
        Output.line(
            "\(originals.count - failed) of \(originals.count) lessons passed"
                + (translations.isEmpty
                    ? ""
                    : ", \(translations.count - twinsFailed) of \(translations.count) translations are twins")
                + (update ? ", \(updated) updated" : ""))
        if failed + twinsFailed > 0 { throw ExitCode(ExitStatus.failure) }
    }

    /// Checks a translated lesson against its English twin (same code, outputs and keys);
    /// the translation itself is not run, since its code is the English lesson's.
    func checkTwin(_ file: String, in library: LessonLibrary) -> Bool {
        let originalPath = Translations.original(of: file)
        do {
            let translated = try library.load(path: file)
            let original = try library.load(path: originalPath)
            if let difference = TwinChecker.firstDifference(translated, from: original) {
                Output.error(difference.description)
                Output.line("FAIL \(file) (not a twin of \(originalPath))")
                return false
            }
            Output.line("ok   \(file) (twin of \(originalPath))")
            return true
        } catch {
            Output.error("\(error)")
            Output.line("FAIL \(file)")
            return false
        }
    }

    /// A warning, not a failure, for each English lesson that a language folder lacks.
    func warnAboutMissingTwins(of originals: [String], translations: [String]) {
        for language in Set(translations.compactMap(Translations.language(of:))).sorted() {
            for original in originals
            where !translations.contains(Translations.translation(of: original, in: language)) {
                Output.error("warning: \(original) has no \(language) twin yet")
            }
        }
    }
}
