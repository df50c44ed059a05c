import ArgumentParser
import DropoutCore
import Notebook
import Rendering

/// `dropstep export LESSON|TRANSCRIPT`: the lesson (or a saved session) as a Jupyter notebook
/// or a numpy script that prints the same numbers.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a lesson or a saved session as a Jupyter notebook or a numpy script.",
        discussion: """
            The format comes from --to, else from -o's extension (.ipynb or .py). Without -o the
            export goes to standard output. --assert (scripts only) checks every value against
            the one dropstep computed, after its statement.
            """)

    @OptionGroup var global: GlobalOptions

    @ArgumentParser.Argument(
        help: "A lesson id (or prefix such as 03), or the path of a lesson or a :save transcript.")
    var lesson: String

    @Option(name: .customLong("to"), help: "The format: ipynb or py.")
    var format: String?

    @Option(name: .short, help: "The file to write (default: standard output).")
    var output: String?

    @Flag(
        name: .customLong("assert"),
        help: "After each statement, assert numpy's value equals dropstep's (py only).")
    var asserts = false

    func run() throws {
        do {
            let format = try ExportFormat.resolve(explicit: format, path: output)
            let found = try LessonLibrary(global).find(lesson)
            let text = try ExportFormat.render(lesson: found, as: format, asserting: asserts)
            if let output {
                try SystemFiles.writeAtomically(text, to: output)
            } else {
                Output.write(text)
            }
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(ExitStatus.failure)
        }
    }
}

/// The formats `export` writes, chosen by `--to` or the output file's extension.
enum ExportFormat: String, CaseIterable {
    case ipynb, py

    /// `--to` when given, else the extension of `path`; a notebook when neither says.
    static func resolve(explicit: String?, path: String?) throws -> ExportFormat {
        if let explicit {
            guard let format = ExportFormat(rawValue: explicit) else {
                throw FileError(
                    message: "unknown format '\(explicit)'; use "
                        + allCases.map(\.rawValue).joined(separator: " or "))
            }
            return format
        }
        if let path, let dot = path.lastIndex(of: "."),
            let format = ExportFormat(rawValue: String(path[path.index(after: dot)...]))
        {
            return format
        }
        if let path {
            throw FileError(
                message: "cannot tell the format of '\(path)'; name it .ipynb or .py, or give --to")
        }
        return .ipynb
    }

    /// The whole lesson, run from the start, in this format.
    static func render(lesson: Lesson, as format: ExportFormat, asserting: Bool) throws -> String {
        var session = Session()
        session.load(lesson)
        var steps = [StepRecord]()
        var answers = [String: String]()
        while let record = session.next() {
            steps.append(record)
            if case .exercise(_, let exercise) = record.kind {
                if let key = try? session.answerKey(for: exercise) {
                    answers[exercise.answer] = TensorFormatter().format(key)
                }
                _ = session.answer(exercise.answer)
            }
        }
        return try render(
            title: lesson.title, steps: steps, closing: lesson.trailingProse, as: format, asserting: asserting
        ) {
            answers[$0.answer]
        }
    }

    /// Records (a lesson's or a session's) in this format.
    static func render(
        title: String, steps: [StepRecord], closing: [Lesson.Prose] = [], as format: ExportFormat,
        asserting: Bool,
        answer: @escaping (Lesson.Exercise) -> String? = { _ in nil }
    ) throws -> String {
        guard !asserting || format == .py else { throw FileError(message: "--assert needs --to py") }
        let document = try NumpyExport(asserting: asserting, answer: answer)
            .document(title: title, steps: steps, closing: closing)
        switch format {
        case .ipynb: return NotebookDocument.json(document)
        case .py: return PythonScript.text(document)
        }
    }
}
