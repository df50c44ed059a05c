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
            result goes to standard output; several -o write several files from one run.
            Formats: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")). --assert (py
            only) checks every value against the one dropstep computed, after its statement.
            """)

    @OptionGroup var global: GlobalOptions

    @ArgumentParser.Argument(
        help: "A lesson id (or prefix such as 05), a lesson file, or a transcript from :save.")
    var lesson: String

    @Option(name: .customLong("to"), help: "The format to write.")
    var format: ExportFormat?

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: "The file to write (default: standard output); several -o write several files.")
    var output: [String] = []

    @Flag(
        name: .customLong("assert"),
        help: "After each statement, assert that numpy's value is dropstep's (py only).")
    var asserts = false

    func validate() throws {
        let targets: [String?] = output.isEmpty ? [nil] : output
        let formats = try targets.map { try ExportFormat.resolve(format, output: $0) }
        if asserts && !formats.contains(.py) { throw ValidationError("--assert needs --to py") }
    }

    func run() throws {
        do {
            let found = try LessonLibrary(global).find(lesson)
            let targets: [String?] = output.isEmpty ? [nil] : output
            // The lesson runs once per medium, and only for the media asked for.
            var numpy: NumpyRun?
            for target in targets {
                let format = try ExportFormat.resolve(format, output: target)
                let text: String
                switch format {
                case .html:
                    text = HTMLPage.lesson(found).render() + "\n"
                case .ipynb, .py:
                    let run = numpy ?? NumpyRun(found)
                    numpy = run
                    text = try run.render(as: format, asserting: asserts && format == .py)
                }
                if let target {
                    try SystemFiles.writeAtomically(text, to: target)
                } else {
                    Output.write(text)
                }
            }
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
    /// A Jupyter notebook of numpy code (``NotebookDocument``).
    case ipynb
    /// A numpy script (``PythonScript``).
    case py

    /// The format `--to` names, else the one `output`'s extension names (`.htm` is HTML too).
    static func resolve(_ format: ExportFormat?, output: String?) throws -> ExportFormat {
        if let format { return format }
        guard let output, let dot = output.lastIndex(of: "."), !output[dot...].contains("/") else {
            throw ValidationError("give --to FORMAT, or -o FILE with a known extension")
        }
        let ext = output[output.index(after: dot)...].lowercased()
        if ext == "htm" { return .html }
        if let format = ExportFormat(rawValue: ext) { return format }
        throw ValidationError(
            "cannot tell the format from '.\(ext)'; give --to "
                + ExportFormat.allCases.map(\.rawValue).joined(separator: "|"))
    }
}
