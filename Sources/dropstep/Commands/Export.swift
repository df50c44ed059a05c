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

    @Option(
        name: .short,
        help: "The file to write (default: standard output); several -o write several files from one run.")
    var output: [String] = []

    @Flag(
        name: .customLong("assert"),
        help: "After each statement, assert numpy's value equals dropstep's (py only).")
    var asserts = false

    func run() throws {
        do {
            let targets: [String?] = output.isEmpty ? [nil] : output
            let formats = try targets.map { try ExportFormat.resolve(explicit: format, path: $0) }
            guard !asserts || formats.contains(.py) else {
                throw FileError(message: "--assert needs --to py")
            }
            let found = try LessonLibrary(global).find(lesson)
            let run = ExportFormat.run(found)
            for (target, format) in zip(targets, formats) {
                let text = try ExportFormat.render(
                    title: found.title, steps: run.steps, closing: found.trailingProse, as: format,
                    asserting: asserts && format == .py, answer: { run.answers[$0.answer] })
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

    /// The whole lesson run from the start: its records, and each exercise's answer as text.
    static func run(_ lesson: Lesson) -> (steps: [StepRecord], answers: [String: String]) {
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
        return (steps, answers)
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
