import ArgumentParser
import Notebook

#if canImport(Glibc)
    import Glibc
#endif

/// `dropstep` / `dropstep repl [LESSON]`: the interactive notebook.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the REPL (the default): step through lessons, type code, check answers.")

    @OptionGroup var global: GlobalOptions

    @ArgumentParser.Argument(help: "A lesson id (or prefix such as 02) or path to open.")
    var lesson: String?

    func run() throws {
        let isInteractive = isatty(0) == 1 && isatty(1) == 1
        let library = LessonLibrary(global)
        // The REPL is the default subcommand, so `dropstep lesson` arrives here with "lesson":
        // a word that is neither a subcommand nor a lesson is a usage error, not a REPL.
        if let lesson {
            do {
                _ = try library.find(lesson)
            } catch {
                Output.error("error: \(Self.unknownWordMessage(lesson, library: library, lookup: error))")
                Output.error(
                    "Usage: dropstep [repl] [LESSON] | run | check | eval | lessons (dropstep --help)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        let paths = StatePaths()
        // Temporary state files of sessions killed mid-write (kill -9 cannot be held back).
        SignalShield.removeStaleTemporaries(in: paths.directory)
        let usesColor = isInteractive && global.color.isEnabled(forDescriptor: 1)
        let reader: LineReader
        // The completer reads the session through this box, filled once the REPL exists.
        final class Box: @unchecked Sendable { weak var repl: REPL? }
        let box = Box()
        if isInteractive {
            reader = LibeditReader(historyPath: paths.history) { text in
                guard let repl = box.repl else { return Completion(candidates: []) }
                let lessons = repl.library.lessons().map(\.id) + repl.library.paths
                let completer = Completer(
                    commands: SessionCommand.allCases.map { ":" + $0.rawValue }, lessons: lessons,
                    variables: repl.session.evaluator.environment.names)
                return completer.completion(for: text)
            }
            Interrupt.install()
        } else {
            reader = PlainReader()
        }
        let repl = REPL(
            reader: reader, library: library, paths: paths, usesColor: usesColor, isInteractive: isInteractive
        )
        repl.language = global.language
        box.repl = repl
        repl.run(opening: lesson)
        // A script piping code in learns that something failed, as from `dropstep eval`.
        if !isInteractive && repl.hadError { throw ExitCode(ExitStatus.failure) }
    }

    /// Why `word` opens nothing: the nearest subcommand or lesson when one is close, else
    /// what the lesson lookup said.
    static func unknownWordMessage(_ word: String, library: LessonLibrary, lookup error: any Error) -> String
    {
        if word.contains("/") || word.hasSuffix(".md") || word.first?.isNumber == true { return "\(error)" }
        let subcommands =
            Dropstep.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map {
                $0._commandName
            }
            + ["help"]
        let ids = library.lessons().map(\.id)
        // `tour` for `00-tour`: the id without its number.
        let byTitle = ids.first {
            $0.split(separator: "-", maxSplits: 1).last.map { $0.hasPrefix(word) } ?? false
        }
        if let suggestion = closestMatch(to: word, among: subcommands + ids) ?? byTitle {
            return "'\(word)' is neither a command nor a lesson; did you mean '\(suggestion)'?"
        }
        return "'\(word)' is neither a command nor a lesson (dropstep lessons lists the lessons)"
    }
}
