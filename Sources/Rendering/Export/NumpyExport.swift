import DropoutCore
import LessonScript
import Notebook

/// A lesson or session exported as numpy: prose, exercises and code cells with the output
/// the code prints. ``NotebookDocument`` and ``PythonScript`` write it out.
public struct ExportDocument: Sendable {
    /// One cell of the export.
    public enum Cell: Sendable, Equatable {
        /// Markdown (prose, an exercise's question with its answer folded away).
        case markdown(String)
        /// Python code and the text it prints.
        case code(source: String, output: String)
        /// The pictures a code cell drew, as SVG: a Markdown cell in a notebook (the browser
        /// draws them; executing the notebook need not), left out of a script.
        case pictures([String])
    }

    /// The title (the lesson's).
    public var title: String
    /// The cells in order; the first code cell defines the helpers.
    public var cells: [Cell]
}

/// Builds an ``ExportDocument`` from the records of a run: the exporter is one more renderer.
public struct NumpyExport {
    /// Whether to check every value against dropstep's after its statement (`--assert`).
    public var asserting: Bool
    /// The answer to an exercise, as text, when the caller can compute it (shown folded away).
    public var answer: (Lesson.Exercise) -> String?

    /// An exporter.
    public init(asserting: Bool = false, answer: @escaping (Lesson.Exercise) -> String? = { _ in nil }) {
        self.asserting = asserting
        self.answer = answer
    }

    /// The export of `steps` (a lesson run through, or a session's transcript) followed by
    /// `closing` prose.
    ///
    /// - Throws: ``ExportError`` naming the first statement that has no numpy form.
    public func document(title: String, steps: [StepRecord], closing: [Lesson.Prose] = []) throws
        -> ExportDocument
    {
        var translator = NumpyTranslator()
        var cells = [ExportDocument.Cell]()
        var exercises = 0
        for step in steps {
            let prose = step.prose.map(\.markdown).filter { !$0.isEmpty }
            if !prose.isEmpty { cells.append(.markdown(prose.joined(separator: "\n\n"))) }
            if case .exercise(_, let exercise) = step.kind {
                exercises += 1
                cells.append(.markdown(exerciseMarkdown(exercises, exercise)))
                continue
            }
            var source = [String]()
            var output = ""
            var endsWithValue = false
            for statement in step.statements {
                if let error = statement.error {
                    // A failed statement changed nothing in dropstep; it is shown, not run.
                    source += statement.code.split(separator: "\n", omittingEmptySubsequences: false).map {
                        "# " + $0
                    }
                    source.append("# (dropstep stopped here: \(error.message))")
                    endsWithValue = false
                    continue
                }
                source += try translator.translate(statement, asserting: asserting)
                endsWithValue = translator.endsWithValue
                output += NumpyOutput.text(of: statement)
            }
            guard !source.isEmpty else { continue }
            // A notebook would echo a bare value on the cell's last line; `;` silences it.
            if endsWithValue { source[source.count - 1] += ";" }
            cells.append(.code(source: source.joined(separator: "\n"), output: output))
            let pictures = step.statements.flatMap { Self.pictures(in: $0.events) }
            if !pictures.isEmpty { cells.append(.pictures(pictures.map(SVGPicture.render))) }
        }
        let closingProse = closing.map(\.markdown).filter { !$0.isEmpty }
        if !closingProse.isEmpty { cells.append(.markdown(closingProse.joined(separator: "\n\n"))) }
        let helpers = Self.helperSource(translator.helpers)
        // After the lesson's opening prose (its title), before everything else.
        let startsWithProse: Bool = { if case .markdown? = cells.first { true } else { false } }()
        cells.insert(.code(source: helpers, output: ""), at: startsWithProse ? 1 : 0)
        return ExportDocument(title: title, cells: cells)
    }

    /// The helpers cell: numpy, then every helper used (and what they use), in a fixed order.
    static func helperSource(_ used: Set<NumpyHelper>) -> String {
        var all = used.union([.prelude])
        var pending = Array(all)
        while let helper = pending.popLast() {
            for dependency in helper.dependencies where !all.contains(dependency) {
                all.insert(dependency)
                pending.append(dependency)
            }
        }
        return all.sorted().map(\.source).joined(separator: "\n\n\n")
    }

    /// An exercise as Markdown: the question, then the hint and answer folded away.
    func exerciseMarkdown(_ number: Int, _ exercise: Lesson.Exercise) -> String {
        var text = "**Exercise \(number).** \(exercise.question)\n\n"
        if let hint = exercise.hint {
            text += "<details><summary>Hint</summary>\n\n\(hint)\n\n</details>\n\n"
        }
        var reveal = "`\(exercise.answer)`"
        if let value = answer(exercise), value != exercise.answer { reveal += " = `\(value)`" }
        text += "<details><summary>Answer</summary>\n\n\(reveal)\n\n</details>"
        return text
    }

    /// The pictures among `events`, those drawn inside calls of the learner's functions too.
    static func pictures(in events: [TraceEvent]) -> [Picture] {
        events.flatMap { event -> [Picture] in
            switch event {
            case .picture(let picture): [picture]
            case .call(let call): pictures(in: call.events)
            default: []
            }
        }
    }
}
