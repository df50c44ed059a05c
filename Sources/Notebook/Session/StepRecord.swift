import DropoutCore
import LessonScript

/// What one top-level statement did: its code, what it bound, every trace event in order,
/// its value and its error. Records are data; the renderers decide how they look.
public struct StatementRecord: Sendable {
    /// The statement's own source text.
    public var code: String
    /// The statement's first line within its step's code (1-based).
    public var line: Int
    /// The names the statement bound (`z` for `z = dropout(x)`), in order; empty otherwise.
    public var names: [String]
    /// Trace records, printed values, pictures and reports, in the order they happened.
    public var events: [TraceEvent]
    /// The value the statement produced (assigned or bare), if any.
    public var value: Value?
    /// Whether the value is shown as the statement's result (a bare expression, not `none`).
    public var echoesValue: Bool
    /// The error that stopped it, located in its step's code.
    public var error: ScriptError?

    /// A record of a statement that has not produced anything yet.
    public init(
        code: String, line: Int, names: [String] = [], events: [TraceEvent] = [], value: Value? = nil,
        echoesValue: Bool = false, error: ScriptError? = nil
    ) {
        self.code = code
        self.line = line
        self.names = names
        self.events = events
        self.value = value
        self.echoesValue = echoesValue
        self.error = error
    }
}

/// What one move through a lesson (or one piece of the learner's own code) produced.
public struct StepRecord: Sendable {
    /// What was run.
    public enum Kind: Sendable {
        /// A whole cell (`next`), by its index in `Lesson.cells`.
        case cell(index: Int)
        /// One statement of a cell (`step`).
        case statement(cell: Int, index: Int, of: Int)
        /// An exercise was reached; its question awaits an answer.
        case exercise(index: Int, Lesson.Exercise)
        /// The learner's own code, or a setting made as code (`:seed 3` runs `seed(3)`).
        case code
    }

    /// What was run.
    public var kind: Kind
    /// The prose to show before it (empty for the learner's own code and mid-cell statements).
    public var prose: [Lesson.Prose]
    /// The code the statements' lines and the errors' ranges refer to.
    public var source: String
    /// Where `source` came from, for locating errors: the lesson file and its line holding
    /// `source`'s first line, or nil for code typed by the learner.
    public var origin: Origin?
    /// One record per statement run, in order (one record holding the whole code for a
    /// parse error).
    public var statements: [StatementRecord]

    /// A lesson file and the line of it where a cell's code begins.
    public struct Origin: Sendable, Equatable {
        /// The lesson file's path.
        public var path: String
        /// The file's line holding the code's first line.
        public var line: Int

        /// An origin in `path` at `line`.
        public init(path: String, line: Int) {
            self.path = path
            self.line = line
        }
    }

    /// The error that stopped the code, if any.
    public var error: ScriptError? { statements.last(where: { $0.error != nil })?.error }

    /// The code run: the statements' text joined by lines.
    public var code: String { statements.map(\.code).joined(separator: "\n") }

    /// Whether the step was an interrupted computation.
    public var wasInterrupted: Bool { error?.message == "interrupted" }
}

/// The result of checking a learner's answer to an exercise.
public struct AnswerResult: Sendable {
    /// Whether the answer is accepted.
    public var isCorrect: Bool
    /// What to tell the learner: a pass mark, or a short difference.
    public var message: String

    /// An answer result.
    public init(isCorrect: Bool, message: String) {
        self.isCorrect = isCorrect
        self.message = message
    }
}
