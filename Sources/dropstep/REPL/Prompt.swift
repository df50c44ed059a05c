import Notebook
import Rendering

/// The prompt text: where the learner is, e.g. `dropstep 02 [3/14]> `.
struct Prompt {
    /// The short lesson name shown, e.g. `02` for `02-inverted-vs-downscale`.
    var lessonTag: String?
    /// `3/14`.
    var position: String?
    /// Whether an exercise awaits an answer.
    var isAnswering: Bool
    /// Whether a block is being continued.
    var isContinuation: Bool
    /// Whether to colour it.
    var usesColor: Bool

    /// The prompt for a session's state.
    init(session: Session, isContinuation: Bool, usesColor: Bool) {
        if let lesson = session.lesson {
            lessonTag = String(lesson.id.prefix { $0 != "-" })
            position = "\(session.position)/\(session.steps.count)"
        }
        isAnswering = session.openExercise != nil
        self.isContinuation = isContinuation
        self.usesColor = usesColor
    }

    /// The text to show.
    var text: String {
        if isContinuation { return "... " }
        var plain = "dropstep"
        if let lessonTag { plain += " " + lessonTag }
        var location = ""
        if let position { location = " [\(position)]" }
        let answer = isAnswering ? " answer" : ""
        guard usesColor else { return plain + location + answer + "> " }
        let style = TerminalStyle.ansi
        return style.bold(style.green(plain)) + style.dim(location) + style.yellow(answer) + "> "
    }
}
