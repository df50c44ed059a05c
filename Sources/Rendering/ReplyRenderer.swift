import DropoutCore
import LessonScript
import Notebook

/// Renders whatever the session answers (``SessionReply``) for the terminal or plain text.
public struct ReplyRenderer: Sendable {
    /// Steps, values and pictures.
    public var steps: StepRenderer

    /// A renderer for the given settings, style and width.
    public init(settings: DisplaySettings = DisplaySettings(), style: TerminalStyle = .plain, width: Int = 80)
    {
        steps = StepRenderer(settings: settings, style: style, width: width)
    }

    var style: TerminalStyle { steps.style }
    var width: Int { steps.width }

    /// The text for one reply, without a final newline.
    public func render(_ reply: SessionReply) -> String {
        switch reply {
        case .step(let record, let echoesCode):
            return steps.render(record, echoesCode: echoesCode)
        case .answer(let result):
            let lines = wrap(result.message, width: width)
            return lines.map { result.isCorrect ? style.green($0) : style.yellow($0) }.joined(separator: "\n")
        case .notice(let notice):
            return render(notice)
        case .lessonEnded(let summary):
            var lines = steps.prose(summary.closingProse)
            var counts =
                "\(summary.solved) of \(summary.exercises) exercise\(summary.exercises == 1 ? "" : "s") solved"
            if summary.revealed > 0 { counts += ", \(summary.revealed) revealed" }
            lines +=
                [""]
                + wrap("End of \(summary.lessonID). \(counts). :lessons for the next one.", width: width)
                .map(style.dim)
            return lines.joined(separator: "\n")
        case .variables(let variables):
            return variableTable(variables)
        case .value(let title, let value):
            return steps.events.assignment(title, steps.events.render(value))
        case .picture(let picture):
            return steps.events.render(picture)
        case .frontEnd:
            return ""
        }
    }

    /// `:vars`: names, shapes and a one-line preview, cut to the width.
    func variableTable(_ variables: [NamedValue]) -> String {
        let nameWidth = variables.map { displayWidth(of: $0.name) }.max() ?? 0
        let shapes = variables.map { variable -> String in
            if case .tensor(let node) = variable.value { return "\(node.value.shape)" }
            return ""
        }
        let shapeWidth = shapes.map(\.count).max() ?? 0
        return zip(variables, shapes).map { variable, shape in
            let name =
                variable.name + String(repeating: " ", count: nameWidth - displayWidth(of: variable.name))
            let preview: String
            if case .tensor(let node) = variable.value {
                preview = steps.events.preview(node.value)
            } else {
                preview = steps.events.render(variable.value)
            }
            let line =
                name + "  " + shape + String(repeating: " ", count: shapeWidth - shape.count) + "  " + preview
            return steps.events.cut(line, to: width)
        }.joined(separator: "\n")
    }

    /// A notice in words.
    public func render(_ notice: Notice) -> String {
        let text: String
        switch notice {
        case .noLesson:
            text = "No lesson open. :lessons lists them, :load 00 opens the tour."
        case .nothingToUndo:
            text = "Nothing to undo."
        case .movedBack(let report):
            text = "Back: " + describe(report) + "."
        case .movedTo(let report):
            text =
                describe(report).prefix(1).uppercased() + describe(report).dropFirst()
                + (report.failedCells > 0 ? "; \(report.failedCells) cells failed on the way" : "") + "."
        case .position(let lessonID, let report):
            guard let lessonID else {
                return "No lesson open (mode \(report.isTraining ? "train" : "eval"))."
            }
            text =
                "\(lessonID): \(describe(report)), \(report.solved) of \(report.exercises) exercises solved, mode \(report.isTraining ? "train" : "eval")."
        case .usage(let command, let extra):
            text = "usage: \(command.usage)" + (extra.map { " (\($0))" } ?? "")
        case .gotoOutOfRange(let given, let range):
            text =
                "There is no step \(given): :goto takes \(range.lowerBound) (the start) to \(range.upperBound) (the end)."
        case .unknownCommand(let word, let suggestion):
            return style.red("error: ") + "unknown command ':\(word)'"
                + (suggestion.map { "; did you mean ':\($0)'?" } ?? "") + " (:help lists them)"
        case .noOpenExercise:
            text = "No open exercise."
        case .hint(let hint):
            return wrap(
                hint.map { "hint: " + $0 } ?? "This exercise has no hint; :reveal shows the answer.",
                width: width
            )
            .joined(separator: "\n")
        case .revealed(let key, let value):
            return wrap(answerLine(key: key, value: value) + " (revealed; :skip moves on)", width: width)
                .joined(separator: "\n")
        case .skipped(let index):
            text = "Skipped exercise \(index + 1)."
        case .exerciseWaiting(let index):
            text = "Exercise \(index + 1) waits for your answer: type it, or :hint, :reveal, :skip."
        case .shownNotAnswered(let name):
            text = "(\(name) shown, not taken as your answer; type an expression to answer, :p EXPR to look.)"
        case .setting(let name, let value):
            text = "\(name): \(value)"
        case .unknownVariable(let name, let suggestion):
            return style.red("error: ") + "no tensor variable '\(name)'"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .noGradient(let name):
            text = "No gradient for \(name): run backward(...) on something computed from it first."
        case .noVariables:
            text = "No variables yet."
        case .lessonChanged(let dropped):
            text =
                "This lesson has changed since your last visit: resuming at the last unchanged step"
                + (dropped > 0
                    ? "; \(dropped) solved mark\(dropped == 1 ? "" : "s") belonged to changed exercises."
                    : ".")
        case .maskFromNonzero(let name):
            text = "No mask was drawn for \(name); showing its nonzero elements as kept."
        }
        return wrap(text, width: width).map(style.dim).joined(separator: "\n")
    }

    /// `answer: KEY = VALUE`, or just the value when the key is its own value.
    public func answerLine(key: String, value: Tensor?) -> String {
        guard let value else { return "answer: \(key)" }
        let shown = steps.events.render(.constant(value))
        return shown == key ? "answer: \(shown)" : "answer: \(key) = \(shown)"
    }

    /// `3 of 6 steps done`, with the statements of a cell being stepped.
    func describe(_ report: PositionReport) -> String {
        var text = "\(report.done) of \(report.steps) steps done"
        if let statements = report.statements {
            text += " (step \(report.done + 1): \(statements.run) of \(statements.of) statements run)"
        } else if report.done < report.steps {
            text += ", next is step \(report.done + 1)"
        }
        return text
    }
}
