import LessonScript
import Notebook

/// Writes a session as a Markdown lesson that `dropstep check` accepts (`:save FILE`).
public enum Transcript {
    /// The transcript of everything run, as cells with their recorded outputs.
    ///
    /// Exercises reached become prose quoting the question; the learner's own code and lesson
    /// cells become cells, in the order they ran, so re-running them reproduces the outputs.
    public static func markdown(
        of session: Session, id: String = "transcript", title: String = "A dropstep session"
    ) -> String {
        var lines = ["---", "id: \(id)", "title: \(title)", "---", "# \(title)", ""]
        if let lesson = session.lesson {
            lines += ["Recorded while working through `\(lesson.id)` (\(lesson.title)).", ""]
        }
        let renderer = StepRenderer.recording
        for output in session.transcript {
            switch output.kind {
            case .exercise(_, let exercise):
                lines += ["> Exercise: \(exercise.question)", ""]
            case .cell, .statement, .code:
                guard !output.code.isEmpty else { continue }
                // A cell that failed is kept, marked so that check expects its error.
                let code = output.error == nil ? output.code : output.code + "\n# expect error"
                lines += fenced("dropstep", code)
                let text = renderer.recordedText(of: output)
                if !text.isEmpty { lines += fenced("output", text) }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A fenced block long enough that no line of `body` closes it.
    static func fenced(_ info: String, _ body: String) -> [String] {
        var fence = "```"
        while body.split(separator: "\n").contains(where: { $0.hasPrefix(fence) }) { fence += "`" }
        let trimmed = body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var text = String(line)
            while text.last == " " { text.removeLast() }
            return text
        }
        return [fence + info] + trimmed + [fence, ""]
    }
}
