/// A learner's session: variables, random state, dropout mode, position in a lesson, and a
/// snapshot per step so `back` restores everything exactly.
///
/// The interactive REPL, `dropstep run`, `dropstep check` and the tests all drive this one type
/// (ARCHITECTURE idea 4). It never prints; every move returns a ``StepOutput``.
public struct Session {
    /// The lesson being walked through, if any.
    public internal(set) var lesson: Lesson?
    /// The lesson's steps (cached).
    public internal(set) var steps: [Lesson.Step] = []
    /// The next step to run.
    public internal(set) var position = 0
    /// Inside a cell being stepped statement by statement, the next statement's index.
    public internal(set) var statementIndex = 0
    /// The evaluator, holding the environment.
    public var evaluator: Evaluator
    /// How outputs are rendered.
    public var options: RenderOptions
    /// The exercise awaiting an answer, by its index in `Lesson.exercises`.
    public internal(set) var openExercise: Int?
    /// Exercises answered correctly.
    public internal(set) var solved = Set<Int>()
    /// Everything run so far, for `:save`.
    public internal(set) var transcript: [StepOutput] = []
    /// Polled during long computations.
    public var interrupt: @Sendable () -> Bool = { false } {
        didSet { evaluator.interrupt = interrupt }
    }

    private var snapshots: [Snapshot] = []

    private struct Snapshot {
        var environment: Environment
        var position: Int
        var statementIndex: Int
        var openExercise: Int?
        var solved: Set<Int>
        var transcriptCount: Int
    }

    /// A session with no lesson, ready for code.
    public init(options: RenderOptions = RenderOptions()) {
        self.evaluator = Evaluator()
        self.options = options
    }

    /// Opens a lesson at its start with a fresh environment.
    public mutating func load(_ lesson: Lesson) {
        self.lesson = lesson
        self.steps = lesson.steps
        reset()
    }

    /// Restarts the lesson (or clears the variables when there is none).
    public mutating func reset() {
        let interrupt = evaluator.interrupt
        evaluator = Evaluator()
        evaluator.interrupt = interrupt
        position = 0
        statementIndex = 0
        openExercise = nil
        solved = []
        snapshots = []
        transcript = []
    }

    /// `3/14`: the steps done and the steps in all.
    public var positionDescription: String { "\(position)/\(steps.count)" }

    /// Whether every step has been run.
    public var isAtEnd: Bool { position >= steps.count }

    /// The progress to save.
    public var progress: Progress? {
        lesson.map { Progress(lessonID: $0.id, position: position, solved: solved) }
    }

    mutating func takeSnapshot() {
        snapshots.append(
            Snapshot(
                environment: evaluator.environment, position: position, statementIndex: statementIndex,
                openExercise: openExercise, solved: solved, transcriptCount: transcript.count))
    }

    /// Undoes the last move: variables, random state, mode and position as they were.
    ///
    /// - Returns: false when there is nothing to undo.
    @discardableResult
    public mutating func back() -> Bool {
        guard let snapshot = snapshots.popLast() else { return false }
        evaluator.environment = snapshot.environment
        position = snapshot.position
        statementIndex = snapshot.statementIndex
        openExercise = snapshot.openExercise
        solved = snapshot.solved
        transcript.removeLast(transcript.count - snapshot.transcriptCount)
        return true
    }

    /// Runs the rest of the current cell, or the next step; nil at the end of the lesson.
    public mutating func next() -> StepOutput? {
        guard position < steps.count else {
            // Moving on past the end skips an exercise left open.
            openExercise = nil
            return nil
        }
        takeSnapshot()
        openExercise = nil
        let step = steps[position]
        switch step.kind {
        case .cell(let cell):
            let statements = (try? Parser.parse(cell.code)) ?? []
            let prose = statementIndex == 0 ? step.prose : []
            let output: StepOutput
            if statementIndex == 0 || statements.isEmpty {
                output = run(cell.code, kind: .cell(index: step.index), prose: prose, lineOffset: 0)
            } else {
                output = runStatements(
                    cell, statements[statementIndex...], kind: .cell(index: step.index), prose: prose)
            }
            position += 1
            statementIndex = 0
            transcript.append(output)
            return output
        case .exercise(let exercise):
            position += 1
            openExercise = step.index
            let output = StepOutput(
                kind: .exercise(index: step.index, exercise), prose: step.prose, code: "",
                text: exercise.question)
            transcript.append(output)
            return output
        }
    }

    /// Runs one statement of the current cell (or the next step when it is an exercise).
    public mutating func step() -> StepOutput? {
        guard position < steps.count else { return next() }
        guard case .cell(let cell) = steps[position].kind else { return next() }
        let statements: [Statement]
        do {
            statements = try Parser.parse(cell.code)
        } catch {
            return next()
        }
        guard statementIndex < statements.count, statements.count > 1 else { return next() }
        takeSnapshot()
        let prose = statementIndex == 0 ? steps[position].prose : []
        let index = statementIndex
        let output = runStatements(
            cell, statements[index...index],
            kind: .statement(cell: steps[position].index, index: index, of: statements.count), prose: prose)
        statementIndex += 1
        if statementIndex >= statements.count || output.error != nil {
            position += 1
            statementIndex = 0
        }
        transcript.append(output)
        return output
    }

    /// Runs steps until an exercise has been reached or the lesson ends.
    public mutating func runToExercise() -> [StepOutput] {
        var outputs = [StepOutput]()
        while let output = next() {
            outputs.append(output)
            if case .exercise = output.kind { break }
            if output.error?.message == "interrupted" { break }
        }
        return outputs
    }

    /// Restarts and runs every step before step `n` (1-based: `goto 1` is the start).
    public mutating func goto(_ n: Int) -> [StepOutput] {
        let target = Swift.max(0, Swift.min(n - 1, steps.count))
        reset()
        var outputs = [StepOutput]()
        while position < target, let output = next() {
            outputs.append(output)
        }
        openExercise = nil
        return outputs
    }

    /// Restores saved progress by re-running the steps before it, then marks the solved exercises.
    public mutating func resume(_ progress: Progress) -> [StepOutput] {
        let outputs = goto(Swift.min(progress.position, steps.count) + 1)
        solved = progress.solved.filter { $0 < (lesson?.exercises.count ?? 0) }
        return outputs
    }

    /// Runs the learner's own code in the lesson's current state (undone by `back`).
    public mutating func execute(_ code: String) -> StepOutput {
        takeSnapshot()
        let output = run(code, kind: .code, prose: [], lineOffset: 0)
        transcript.append(output)
        return output
    }
}
