import ArgumentParser
import DropoutCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `dropstep` command: a terminal notebook that teaches dropout by running it.
@main
struct Dropstep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dropstep",
        abstract: "A terminal notebook that teaches dropout by running it.",
        discussion: """
            With no subcommand, opens the REPL. Inside it, type code, or :help for commands.
            """,
        version: Embedded.version,
        subcommands: [Repl.self, Run.self, Check.self, Eval.self, Export.self, Lessons.self, Docs.self],
        defaultSubcommand: Repl.self
    )

    static func main() {
        Allocator.preferReuse()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // A wrong command line exits 2, as grep and the shells do (ArgumentParser says 64).
            if exitCode(for: error) == .validationFailure {
                Output.error(fullMessage(for: error))
                Glibc.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Colour: auto, always or never (NO_COLOR also turns it off).")
    var color: ColorChoice = .auto

    @Option(
        help: "The directory holding the lessons (default: ./lessons, then the lessons built into dropstep).")
    var lessons: String?

    @Option(help: "The lessons' language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG).")
    var lang: Language?

    /// The language asked for, else the locale's.
    var language: Language { lang ?? Language.fromEnvironment() }
}

/// The languages lessons are written in.
enum Language: String, ExpressibleByArgument, CaseIterable {
    case en, zh

    /// `zh` when the first set of LC_ALL, LC_MESSAGES and LANG names a Chinese locale (`zh_*`).
    static func fromEnvironment() -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = SystemFiles.environment(name), !value.isEmpty else { continue }
            return value.hasPrefix("zh") ? .zh : .en
        }
        return .en
    }
}

/// When to use ANSI colour.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether to colour output written to the terminal on file descriptor `fd`.
    func isEnabled(forDescriptor fd: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            return SystemFiles.environment("NO_COLOR") == nil && isatty(fd) == 1
                && SystemFiles.environment("TERM") != "dumb"
        }
    }
}
