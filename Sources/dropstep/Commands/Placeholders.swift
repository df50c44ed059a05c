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

/// `dropstep lessons`.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the lessons.")
    @OptionGroup var global: GlobalOptions
    func run() throws {}
}
