import DropoutCore
import LessonScript
import Notebook

/// Renders step records as text: each statement's line, then its own trace, pictures, value
/// and error directly beneath it. `run`, the REPL, `check` and `:save` all use this one layout;
/// the terminal gets colour and its width, plain text none and 80 columns.
public struct StepRenderer: Sendable {
    /// Values, traces and pictures.
    public var events: EventRenderer

    /// A step renderer for the given settings, style and width.
    public init(settings: DisplaySettings = DisplaySettings(), style: TerminalStyle = .plain, width: Int = 80)
    {
        events = EventRenderer(settings: settings, style: style, width: width)
    }

    /// The plain renderer `check` records outputs with: no colour, 80 columns, default settings.
    public static let recording = StepRenderer()

    var style: TerminalStyle { events.style }
    var width: Int { events.width }
    /// Prose reads best at most 100 columns wide, even in a wide window.
    var proseWidth: Int { Swift.min(width, 100) }

    /// The whole step: its prose, then its question or its statements.
    ///
    /// - Parameter echoesCode: whether to show each statement's code (`>>> `); off for what
    ///   the learner has just typed.
    public func render(_ step: StepRecord, echoesCode: Bool = true) -> String {
        var lines = prose(step.prose)
        if case .exercise(let index, let exercise) = step.kind {
            lines += [""] + question(index: index, exercise)
            lines += wrap(ExerciseText.footer, width: width).map(style.dim)
        } else {
            lines += statements(of: step, echoesCode: echoesCode)
        }
        return lines.joined(separator: "\n")
    }

    /// Prose blocks, each preceded by a blank line so that they stand apart from the outputs
    /// before them.
    public func prose(_ blocks: [Lesson.Prose]) -> [String] {
        let renderer = ProseRenderer(width: proseWidth, style: style)
        return blocks.flatMap { ["", renderer.render($0.markdown)] }
    }

    /// `Exercise N: question`, wrapped, with the label in bold.
    public func question(index: Int, _ exercise: Lesson.Exercise) -> [String] {
        let label = "Exercise \(index + 1): "
        let lines = wrap(label + exercise.question, width: proseWidth)
        guard let first = lines.first else { return [] }
        return [style.bold(style.yellow(label)) + String(first.dropFirst(label.count))] + lines.dropFirst()
    }

    /// Each statement's code (when echoed) followed by what it produced.
    public func statements(of step: StepRecord, echoesCode: Bool = true) -> [String] {
        step.statements.flatMap { statement in
            (echoesCode ? code(statement.code) : []) + outputs(of: statement, in: step)
        }
    }

    /// A statement's code: `>>> ` before its first line, `... ` before the rest; a line wider
    /// than the width wraps at a space, its rest indented under the code.
    public func code(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
            let marker = style.cyan(index == 0 ? ">>> " : "... ")
            guard displayWidth(of: String(line)) + 4 > width else { return [marker + line] }
            return wrap(String(line), width: width, indent: marker, subsequentIndent: "      ")
        }
    }

    /// What one statement produced: its trace (dimmed), prints, pictures and reports in order,
    /// then its value when it is a bare expression, then its error.
    public func outputs(of statement: StatementRecord, in step: StepRecord) -> [String] {
        var lines = [String]()
        let boundNode: Node? = {
            if case .tensor(let node)? = statement.value, statement.names.count == 1 { return node }
            return nil
        }()
        for event in statement.events {
            guard
                let text = events.render(
                    event, resultName: { $0 === boundNode ? statement.names.first : nil })
            else { continue }
            if case .record = event {
                lines += text.split(separator: "\n", omittingEmptySubsequences: false).map {
                    style.dim(String($0))
                }
            } else {
                lines.append(text)
            }
        }
        if statement.echoesValue, let value = statement.value { lines.append(events.render(value)) }
        if let error = statement.error { lines.append(diagnostic(error, in: step)) }
        return lines
    }

    /// An error drawn under its line: the lesson file's line for a cell, else the input's.
    public func diagnostic(_ error: ScriptError, in step: StepRecord) -> String {
        DiagnosticRenderer(
            color: style.isEnabled, fileName: step.origin?.path, lineOffset: (step.origin?.line ?? 1) - 1
        ).render(error, source: step.source)
    }

    /// A cell's outputs as `check` records them: every statement with its code and outputs.
    ///
    /// Errors are located within the cell (`--> 2:5`), not the file, so that a recorded output
    /// does not change when prose above it does, and a saved transcript re-verifies.
    public func recordedText(of step: StepRecord) -> String {
        var step = step
        step.origin = nil
        var lines = statements(of: step)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { line in
            var text = line
            while text.last == " " { text.removeLast() }
            return text
        }.joined(separator: "\n")
    }
}

/// Fixed sentences about exercises.
public enum ExerciseText {
    /// The line under a question.
    public static let footer =
        "Type a number, a tensor such as [1, 2], or an expression. :hint for a hint, :reveal for the answer, :skip to move on."
}
