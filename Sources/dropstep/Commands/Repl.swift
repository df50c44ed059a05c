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
                guard let repl = box.repl else { return [] }
                let lessons = repl.library.lessons().map(\.id) + repl.library.paths
                let completer = Completer(
                    commands: REPLCommand.allCases.map { ":" + $0.rawValue }, lessons: lessons,
                    variables: repl.session.evaluator.environment.names)
                return completer.candidates(for: text)
            }
            Interrupt.install()
        } else {
            reader = PlainReader()
        }
        let repl = REPL(
            reader: reader, library: library, paths: paths, usesColor: usesColor, isInteractive: isInteractive
        )
        box.repl = repl
        repl.run(opening: lesson)
    }
}
