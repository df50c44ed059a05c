import ArgumentParser
import Notebook
import Rendering

/// `dropstep export LESSON|TRANSCRIPT --to FORMAT [-o FILE]`: a lesson run, written in another
/// format. Each format's writer lives in its own file; this command only picks one.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a lesson (or a saved transcript) and write it in another format.",
        discussion: """
            The format comes from --to, else from the extension of -o's file. Without -o the
            result goes to standard output. Formats: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @OptionGroup var global: GlobalOptions

    @ArgumentParser.Argument(
        help: "A lesson id (or prefix such as 05), a lesson file, or a transcript from :save.")
    var lesson: String

    @Option(name: .customLong("to"), help: "The format to write.")
    var format: ExportFormat?

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: "The file to write (default: standard output).")
    var output: String?

    func validate() throws {
        _ = try ExportFormat.resolve(format, output: output)
    }

    func run() throws {
        let format = try ExportFormat.resolve(format, output: output)
        let found: Lesson
        do {
            found = try LessonLibrary(global).find(lesson)
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(ExitStatus.failure)
        }
        let text: String
        switch format {
        case .html: text = HTMLPage.lesson(found).render() + "\n"
        }
        guard let output else {
            Output.write(text)
            return
        }
        do {
            try SystemFiles.writeAtomically(text, to: output)
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(ExitStatus.failure)
        }
    }
}

/// The formats `export` writes.
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
    /// One self-contained web page (``HTMLPage``).
    case html

    /// The format `--to` names, else the one `output`'s extension names (`.htm` is HTML too).
    static func resolve(_ format: ExportFormat?, output: String?) throws -> ExportFormat {
        if let format { return format }
        guard let output, let dot = output.lastIndex(of: "."), !output[dot...].contains("/") else {
            throw ValidationError("give --to FORMAT, or -o FILE with a known extension")
        }
        let ext = output[output.index(after: dot)...].lowercased()
        if let format = ExportFormat(rawValue: ext) { return format }
        if ext == "htm" { return .html }
        throw ValidationError(
            "cannot tell the format from '.\(ext)'; give --to "
                + ExportFormat.allCases.map(\.rawValue).joined(separator: "|"))
    }
}
