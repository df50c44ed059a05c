/// What one move through a lesson (or one piece of the learner's own code) produced.
public struct StepOutput: Sendable {
    /// What was run.
    public enum Kind: Sendable {
        /// A whole cell (`next`), by its index in `Lesson.cells`.
        case cell(index: Int)
        /// One statement of a cell (`step`).
        case statement(cell: Int, index: Int, of: Int)
        /// An exercise was reached; its question awaits an answer.
        case exercise(index: Int, Lesson.Exercise)
        /// The learner's own code.
        case code
    }

    /// What was run.
    public var kind: Kind
    /// The prose to show before it (empty for the learner's own code and mid-cell statements).
    public var prose: [Lesson.Prose]
    /// The code run (a cell, a statement, or what the learner typed).
    public var code: String
    /// The rendered output: trace records, printed values, results of bare expressions.
    public var text: String
    /// The error that stopped the code, if any.
    public var error: ScriptError?
    /// The error drawn against the code, with line numbers in the lesson file for cells.
    public var errorText: String?

    /// The output and the error together, as `check` records them.
    public var fullText: String {
        [text, errorText].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}

/// The result of checking a learner's answer to an exercise.
public struct AnswerResult: Sendable {
    /// Whether the answer is within the tolerance of the key.
    public var isCorrect: Bool
    /// What to tell the learner: a pass mark, or a short difference.
    public var message: String
}

/// Where the learner is and what they solved, saved between sessions.
public struct Progress: Sendable, Equatable {
    /// The lesson's id.
    public var lessonID: String
    /// The next step to run.
    public var position: Int
    /// The indices of solved exercises.
    public var solved: Set<Int>

    /// Progress at `position` with `solved` exercises.
    public init(lessonID: String, position: Int, solved: Set<Int>) {
        self.lessonID = lessonID
        self.position = position
        self.solved = solved
    }

    /// The saved form: `key value` lines.
    public var serialized: String {
        "lesson \(lessonID)\nposition \(position)\nsolved \(solved.sorted().map(String.init).joined(separator: " "))\n"
    }

    /// Reads the saved form; nil when it is not progress.
    public init?(parsing text: String) {
        var id: String?
        var position: Int?
        var solved = Set<Int>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard let key = parts.first else { continue }
            let rest = parts.count > 1 ? parts[1] : ""
            switch key {
            case "lesson": id = rest
            case "position": position = Int(rest)
            case "solved": solved = Set(rest.split(separator: " ").compactMap { Int($0) }.filter { $0 >= 0 })
            default: continue
            }
        }
        guard let id, let position, position >= 0 else { return nil }
        self.init(lessonID: id, position: position, solved: solved)
    }
}
