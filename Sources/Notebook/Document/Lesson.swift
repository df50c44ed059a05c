/// A parsed lesson file: its front matter and its prose, cells and exercises in file order.
///
/// The nested types live inside `Lesson` so that generic names such as `Cell` and `Block`
/// cannot collide with the language's own syntax types in modules that import both.
public struct Lesson: Sendable, Equatable {
    /// The stable identifier from the front matter, e.g. `02-inverted-vs-downscale`.
    public var id: String
    /// The human-readable title from the front matter.
    public var title: String
    /// The path the lesson was read from, used in every error and diff label.
    public var path: String
    /// Front matter fields other than `id` and `title`, kept for tools that list lessons.
    public var metadata: [String: String]
    /// The lesson's content in file order.
    public var blocks: [Block]

    /// Creates a lesson from already parsed parts.
    public init(id: String, title: String, path: String, metadata: [String: String] = [:], blocks: [Block]) {
        self.id = id
        self.title = title
        self.path = path
        self.metadata = metadata
        self.blocks = blocks
    }
}

extension Lesson {
    /// One top-level piece of a lesson.
    public enum Block: Sendable, Equatable {
        /// Markdown shown to the learner, including any non-`dropstep` code blocks.
        case prose(Prose)
        /// A ```` ```dropstep ```` block of code, with its recorded output if any.
        case cell(Cell)
        /// An ```` ```exercise ```` block that stops the learner and asks for an answer.
        case exercise(Exercise)
    }

    /// A run of Markdown between blocks, with leading and trailing blank lines removed.
    public struct Prose: Sendable, Equatable {
        /// The Markdown text, lines joined with `\n`.
        public var markdown: String
        /// The 1-based file line of the first non-blank line.
        public var line: Int

        /// Creates a prose block.
        public init(markdown: String, line: Int) {
            self.markdown = markdown
            self.line = line
        }
    }

    /// A ```` ```dropstep ```` block: code the learner runs as one step.
    public struct Cell: Sendable, Equatable {
        /// The code between the fences, lines joined with `\n`, no trailing newline.
        public var code: String
        /// The 1-based file line of the first code line (the closing fence's line for an empty cell).
        public var codeLine: Int
        /// The file lines of the whole block, fences included.
        public var fenceRange: ClosedRange<Int>
        /// The ```` ```output ```` block that follows the cell, if the lesson recorded one.
        public var output: RecordedOutput?

        /// Creates a cell.
        public init(code: String, codeLine: Int, fenceRange: ClosedRange<Int>, output: RecordedOutput? = nil)
        {
            self.code = code
            self.codeLine = codeLine
            self.fenceRange = fenceRange
            self.output = output
        }
    }

    /// The output recorded for a cell by `dropstep check --update`.
    public struct RecordedOutput: Sendable, Equatable {
        /// The text between the fences, lines joined with `\n`, no trailing newline.
        public var text: String
        /// The 1-based file line of the first content line (the closing fence's line when empty).
        public var line: Int
        /// The file lines of the whole block, fences included.
        public var fenceRange: ClosedRange<Int>

        /// Creates a recorded output.
        public init(text: String, line: Int, fenceRange: ClosedRange<Int>) {
            self.text = text
            self.line = line
            self.fenceRange = fenceRange
        }
    }

    /// An ```` ```exercise ```` block: a question with an answer key.
    public struct Exercise: Sendable, Equatable {
        /// The fewest significant digits a decimal answer must give when the block says nothing.
        ///
        /// Three digits is what a hand calculation with a few rounded intermediate values
        /// reliably gets right; an exercise can ask for more with `digits:`.
        public static let defaultDigits = 3

        /// The question shown to the learner.
        public var question: String
        /// The answer key: a number, a tensor literal or an expression in the lesson's state.
        public var answer: String
        /// The fewest significant digits a decimal answer must give (`digits:`).
        public var digits: Int
        /// Whether only the exact value passes, not a rounded decimal (`exact: true`).
        public var exact: Bool
        /// The largest absolute difference accepted from any answer (`tolerance:`); `nil` judges
        /// decimals by their digits and expressions at full precision.
        public var tolerance: Double?
        /// Anticipated wrong answers with their own feedback (`mistake:` lines), in file order.
        public var mistakes: [Mistake]
        /// The key's value as `dropstep check --update` recorded it (`key:`), if it has been.
        public var key: RecordedKey?
        /// Help shown by `:hint`, if the lesson gives one.
        public var hint: String?
        /// The 1-based file line of the opening fence.
        public var line: Int
        /// The 1-based file line of each field's key, by field name (the first `mistake:` line).
        public var fieldLines: [String: Int]
        /// The file lines of the whole block, fences included.
        public var fenceRange: ClosedRange<Int>

        /// Creates an exercise.
        public init(
            question: String, answer: String, digits: Int = Exercise.defaultDigits, exact: Bool = false,
            tolerance: Double? = nil, mistakes: [Mistake] = [], key: RecordedKey? = nil, hint: String? = nil,
            line: Int, fieldLines: [String: Int] = [:], fenceRange: ClosedRange<Int>
        ) {
            self.question = question
            self.answer = answer
            self.digits = digits
            self.exact = exact
            self.tolerance = tolerance
            self.mistakes = mistakes
            self.key = key
            self.hint = hint
            self.line = line
            self.fieldLines = fieldLines
            self.fenceRange = fenceRange
        }
    }

    /// A wrong answer an exercise foresees: `mistake: 8 / 0.25 -> that divides by p`.
    public struct Mistake: Sendable, Equatable {
        /// The wrong answer, an expression evaluated in the lesson's state like the key.
        public var answer: String
        /// What to tell a learner whose answer matches it.
        public var feedback: String
        /// The 1-based file line of the `mistake:` field.
        public var line: Int

        /// Creates an anticipated mistake.
        public init(answer: String, feedback: String, line: Int) {
            self.answer = answer
            self.feedback = feedback
            self.line = line
        }
    }

    /// An exercise key's value as recorded in the block's `key:` field.
    public struct RecordedKey: Sendable, Equatable {
        /// The recorded value, with its shape (a bare number is a scalar, `[3]` has shape [1]).
        public var value: Tensor
        /// The file lines of the field, its continuation lines included.
        public var lines: ClosedRange<Int>

        /// Creates a recorded key.
        public init(value: Tensor, lines: ClosedRange<Int>) {
            self.value = value
            self.lines = lines
        }
    }

    /// One stop on the learner's walk through a lesson: the prose to show, then a cell or an exercise.
    public struct Step: Sendable, Equatable {
        /// What the learner does at a step.
        public enum Kind: Sendable, Equatable {
            /// Run a cell.
            case cell(Cell)
            /// Answer an exercise.
            case exercise(Exercise)
        }

        /// The prose between the previous step and this one, printed before the step runs.
        public var prose: [Prose]
        /// The cell or exercise.
        public var kind: Kind
        /// The position of the cell in `Lesson.cells`, or of the exercise in `Lesson.exercises`.
        public var index: Int

        /// Creates a step.
        public init(prose: [Prose], kind: Kind, index: Int) {
            self.prose = prose
            self.kind = kind
            self.index = index
        }
    }

    /// The cells in file order; their positions are the keys `OutputUpdater` takes.
    public var cells: [Cell] {
        blocks.compactMap { block in
            if case .cell(let cell) = block { return cell }
            return nil
        }
    }

    /// The exercises in file order.
    public var exercises: [Exercise] {
        blocks.compactMap { block in
            if case .exercise(let exercise) = block { return exercise }
            return nil
        }
    }

    /// The steps a learner walks through, each carrying the prose that precedes it.
    public var steps: [Step] {
        var steps: [Step] = []
        var pending: [Prose] = []
        var cellCount = 0
        var exerciseCount = 0
        for block in blocks {
            switch block {
            case .prose(let prose):
                pending.append(prose)
            case .cell(let cell):
                steps.append(Step(prose: pending, kind: .cell(cell), index: cellCount))
                cellCount += 1
                pending = []
            case .exercise(let exercise):
                steps.append(Step(prose: pending, kind: .exercise(exercise), index: exerciseCount))
                exerciseCount += 1
                pending = []
            }
        }
        return steps
    }

    /// The prose after the last step (a summary or "what next"), shown when the lesson ends.
    public var trailingProse: [Prose] {
        var trailing: [Prose] = []
        for block in blocks.reversed() {
            guard case .prose(let prose) = block else { break }
            trailing.insert(prose, at: 0)
        }
        return trailing
    }
}
