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
        subcommands: [Repl.self, Run.self, Check.self, Eval.self, Lessons.self, Export.self],
        defaultSubcommand: Repl.self
    )

    static func main() {
        Allocator.preferReuse()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Colour: auto, always or never (NO_COLOR also turns it off).")
    var color: ColorChoice = .auto

    @Option(help: "The directory holding the lessons (default: ./lessons, then the source tree's lessons/).")
    var lessons: String?
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
