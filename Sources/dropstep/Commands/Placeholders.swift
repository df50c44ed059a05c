import ArgumentParser

/// `dropstep repl [LESSON]`: the interactive notebook.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the REPL (the default).")
    @OptionGroup var global: GlobalOptions
    @ArgumentParser.Argument(help: "A lesson id or path to open.") var lesson: String?
    func run() throws {
        Output.error("dropstep: the REPL is not built yet; try 'dropstep eval -e \"1 + 1\"'")
        throw ExitCode(ExitStatus.failure)
    }
}

/// `dropstep run LESSON`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a whole lesson with its outputs.")
    @OptionGroup var global: GlobalOptions
    @ArgumentParser.Argument(help: "A lesson id or path.") var lesson: String
    func run() throws { throw ExitCode(ExitStatus.failure) }
}

/// `dropstep check [PATH...] [--update]`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify lessons' recorded outputs and exercise keys.")
    @OptionGroup var global: GlobalOptions
    @ArgumentParser.Argument(help: "Lesson files or directories (default: all lessons).") var paths:
        [String] = []
    @Flag(help: "Rewrite the recorded outputs in place.") var update = false
    func run() throws { Output.line("no lessons checked yet") }
}

/// `dropstep lessons`.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the lessons.")
    @OptionGroup var global: GlobalOptions
    func run() throws {}
}
