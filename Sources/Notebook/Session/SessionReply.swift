import DropoutCore
import LessonScript

/// What the session answers to one input: records to render, never text.
public enum SessionReply: Sendable {
    /// A step or the learner's code ran; `echoesCode` is false for what the learner just typed.
    case step(StepRecord, echoesCode: Bool)
    /// An answer to the open exercise was judged.
    case answer(AnswerResult)
    /// A short message about the session's state.
    case notice(Notice)
    /// The lesson ended: its closing prose and the exercises solved.
    case lessonEnded(LessonSummary)
    /// Variables with their values (`:vars`).
    case variables([NamedValue])
    /// One value to show in full (`:show`, `:p`), under a title.
    case value(title: String, Value)
    /// A picture to draw (`:mask`).
    case picture(Picture)
    /// A command the front end carries out (`:load`, `:save`, ...), with its argument.
    case frontEnd(SessionCommand, argument: String)
}

/// A variable's name and value.
public struct NamedValue: Sendable {
    /// The variable's name.
    public var name: String
    /// Its value.
    public var value: Value
}

/// The end of a lesson: what to show after its last step.
public struct LessonSummary: Sendable {
    /// The lesson's id.
    public var lessonID: String
    /// The prose after the last step.
    public var closingProse: [Lesson.Prose]
    /// Exercises solved, revealed, and in all.
    public var solved: Int, revealed: Int, exercises: Int
}

/// Where the learner is, for `:where`, `:back`, `:goto` and resuming.
public struct PositionReport: Sendable, Equatable {
    /// Steps done.
    public var done: Int
    /// Steps in all.
    public var steps: Int
    /// Within a cell being stepped, statements run and in all.
    public var statements: (run: Int, of: Int)?
    /// Exercises solved and in all.
    public var solved: Int, exercises: Int
    /// Whether dropout is in training mode.
    public var isTraining: Bool
    /// Cells that failed while replaying (goto, resume).
    public var failedCells = 0

    public static func == (lhs: PositionReport, rhs: PositionReport) -> Bool {
        lhs.done == rhs.done && lhs.steps == rhs.steps && lhs.statements?.run == rhs.statements?.run
            && lhs.statements?.of == rhs.statements?.of && lhs.solved == rhs.solved
            && lhs.exercises == rhs.exercises && lhs.isTraining == rhs.isTraining
            && lhs.failedCells == rhs.failedCells
    }
}

/// A short message about the session, as data; the renderers word it.
public enum Notice: Sendable, Equatable {
    /// A lesson move was asked for with no lesson open.
    case noLesson
    /// `:back` with nothing to undo.
    case nothingToUndo
    /// After `:back`.
    case movedBack(PositionReport)
    /// After `:goto`.
    case movedTo(PositionReport)
    /// `:where` (lesson id, or nil without a lesson).
    case position(lessonID: String?, PositionReport)
    /// A command's argument was wrong: its usage line, and an extra explanation.
    case usage(SessionCommand, String?)
    /// `:goto` outside the steps that exist.
    case gotoOutOfRange(given: Int, range: ClosedRange<Int>)
    /// An unknown `:word`, with the nearest command.
    case unknownCommand(String, suggestion: String?)
    /// `:hint`, `:reveal` or `:skip` with no open exercise.
    case noOpenExercise
    /// The open exercise's hint, or nil when it has none.
    case hint(String?)
    /// The answer key's expression and its value (nil when it does not evaluate).
    case revealed(key: String, value: Tensor?)
    /// The learner skipped exercise `index`.
    case skipped(exercise: Int)
    /// Enter on an empty line while an exercise waits.
    case exerciseWaiting(exercise: Int)
    /// A bare variable name at the answer prompt was shown, not judged.
    case shownNotAnswered(String)
    /// A setting changed (`:precision 4` -> `precision`, `4`).
    case setting(String, String)
    /// No variable by that name (with the nearest).
    case unknownVariable(String, suggestion: String?)
    /// `:grad NAME` before any backward reached it.
    case noGradient(String)
    /// `:vars` with no variables.
    case noVariables
    /// The lesson changed since the learner's last visit (solved marks dropped with it).
    case lessonChanged(droppedSolved: Int)
    /// `:mask NAME` found no drawn mask, so it shows the nonzero cells.
    case maskFromNonzero(String)
}
