import DropoutCore
import LessonScript

/// A learner's session: variables, random state, dropout mode, position in a lesson, and a
/// snapshot per move so `back` restores everything exactly.
///
/// The interactive REPL, `dropstep run`, `dropstep check` and the tests all drive this one type.
/// It never prints: every move returns records (``StepRecord``, ``SessionReply``) that the
/// renderers turn into text for their medium.
///
/// Positions count steps done: at `position` 2 of a 6-step lesson, steps 1 and 2 have run and
/// step 3 is next. The prompt, `where`, `goto`, `back` and saved progress all use this count.
public struct Session {
    /// The lesson being walked through, if any.
    public internal(set) var lesson: Lesson?
    /// The lesson's steps (cached).
    public internal(set) var steps: [Lesson.Step] = []
    /// How many steps are done.
    public internal(set) var position = 0
    /// Inside a cell being stepped statement by statement, the next statement's index.
    public internal(set) var statementIndex = 0
    /// The evaluator, holding the environment.
    public internal(set) var evaluator: Evaluator
    /// How values are shown.
    public var display: DisplaySettings
    /// The exercise awaiting an answer, by its index in `Lesson.exercises`.
    public internal(set) var openExercise: Int?
    /// Exercises answered correctly.
    public internal(set) var solved = Set<Int>()
    /// Exercises whose answer was revealed before they were solved.
    public internal(set) var revealed = Set<Int>()
    /// Everything run so far, for `:save`.
    public internal(set) var transcript: [StepRecord] = []
    /// Polled during long computations.
    public var interrupt: @Sendable () -> Bool = { false } {
        didSet { evaluator.interrupt = interrupt }
    }

    var snapshots: [Snapshot] = []

    struct Snapshot {
        var environment: Environment
        var position: Int
        var statementIndex: Int
        var openExercise: Int?
        var solved: Set<Int>
        var revealed: Set<Int>
        var transcriptCount: Int
    }

    /// A session with no lesson, ready for code.
    public init(display: DisplaySettings = DisplaySettings()) {
        self.evaluator = Evaluator()
        self.display = display
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
        revealed = []
        snapshots = []
        transcript = []
    }

    /// Whether every step has been run.
    public var isAtEnd: Bool { position >= steps.count }

    /// The progress to save.
    public var progress: Progress? {
        lesson.map {
            Progress(
                lessonID: $0.id, position: position, solved: solved, revealed: revealed,
                steps: steps.map(StepFingerprint.of))
        }
    }

    mutating func takeSnapshot() {
        snapshots.append(
            Snapshot(
                environment: evaluator.environment, position: position, statementIndex: statementIndex,
                openExercise: openExercise, solved: solved, revealed: revealed,
                transcriptCount: transcript.count))
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
        revealed = snapshot.revealed
        transcript.removeLast(transcript.count - snapshot.transcriptCount)
        return true
    }

    /// Runs the rest of the current cell, or the next step; nil at the end of the lesson.
    ///
    /// An exercise left open is skipped (the one rule for skipping: moving on).
    public mutating func next() -> StepRecord? {
        guard position < steps.count else {
            openExercise = nil
            return nil
        }
        takeSnapshot()
        openExercise = nil
        let step = steps[position]
        switch step.kind {
        case .cell(let cell):
            let prose = statementIndex == 0 ? step.prose : []
            let record = run(
                cell.code, kind: .cell(index: step.index), prose: prose, origin: origin(of: cell),
                from: statementIndex)
            position += 1
            statementIndex = 0
            transcript.append(record)
            return record
        case .exercise(let exercise):
            position += 1
            openExercise = step.index
            let record = StepRecord(
                kind: .exercise(index: step.index, exercise), prose: step.prose, source: "", origin: nil,
                statements: [])
            transcript.append(record)
            return record
        }
    }

    /// Runs one statement of the current cell (or the next step when it is an exercise or a
    /// one-statement cell).
    public mutating func step() -> StepRecord? {
        guard position < steps.count, case .cell(let cell) = steps[position].kind,
            let statements = try? Parser.parse(cell.code), statements.count > 1,
            statementIndex < statements.count
        else { return next() }
        takeSnapshot()
        openExercise = nil
        let prose = statementIndex == 0 ? steps[position].prose : []
        let index = statementIndex
        let record = run(
            cell.code, kind: .statement(cell: steps[position].index, index: index, of: statements.count),
            prose: prose, origin: origin(of: cell), from: index, through: index)
        statementIndex += 1
        if statementIndex >= statements.count || record.error != nil {
            position += 1
            statementIndex = 0
        }
        transcript.append(record)
        return record
    }

    /// Runs steps until an exercise has been reached or the lesson ends.
    public mutating func runToExercise() -> [StepRecord] {
        var records = [StepRecord]()
        while let record = next() {
            records.append(record)
            if case .exercise = record.kind { break }
            if record.wasInterrupted { break }
        }
        return records
    }

    /// The positions `goto` accepts: 0 (the start) through the number of steps.
    public var positions: ClosedRange<Int> { 0...steps.count }

    /// Restarts and runs the first `done` steps, so that `done` steps are done.
    ///
    /// - Precondition: `done` is in ``positions``.
    public mutating func goto(_ done: Int) -> [StepRecord] {
        let target = Swift.max(0, Swift.min(done, steps.count))
        reset()
        var records = [StepRecord]()
        while position < target, let record = next() {
            records.append(record)
            if record.wasInterrupted { break }
        }
        openExercise = nil
        return records
    }

    /// Restores saved progress by re-running the steps before it, then marks the solved exercises.
    ///
    /// When the lesson has changed since the progress was saved, it resumes at the last step
    /// whose content is unchanged and keeps solved marks only for unchanged exercises.
    @discardableResult
    public mutating func resume(_ progress: Progress) -> ResumeReport {
        let current = steps.map(StepFingerprint.of)
        let isChanged = !progress.steps.isEmpty && progress.steps != current
        var done = Swift.min(progress.position, steps.count)
        var keptExercises = Set(0..<(lesson?.exercises.count ?? 0))
        if isChanged {
            let unchanged = zip(progress.steps, current).prefix { $0 == $1 }.count
            done = Swift.min(done, unchanged)
            keptExercises = []
            for (index, step) in steps.enumerated() {
                if case .exercise = step.kind, index < progress.steps.count,
                    progress.steps[index] == current[index]
                {
                    keptExercises.insert(step.index)
                }
            }
        }
        let records = goto(done)
        solved = progress.solved.intersection(keptExercises)
        revealed = progress.revealed.intersection(keptExercises)
        return ResumeReport(
            records: records, lessonChanged: isChanged, savedPosition: progress.position,
            droppedSolved: progress.solved.subtracting(solved).count)
    }

    /// Runs the learner's own code in the lesson's current state (undone by `back`).
    public mutating func execute(_ code: String) -> StepRecord {
        takeSnapshot()
        let record = run(code, kind: .code, prose: [], origin: nil)
        transcript.append(record)
        return record
    }

    /// Where a lesson cell's code sits in its file.
    func origin(of cell: Lesson.Cell) -> StepRecord.Origin? {
        lesson.map { StepRecord.Origin(path: $0.path, line: cell.codeLine) }
    }
}

/// What resuming saved progress did.
public struct ResumeReport: Sendable {
    /// The steps re-run.
    public var records: [StepRecord]
    /// Whether the lesson changed since the progress was saved.
    public var lessonChanged: Bool
    /// The position saved.
    public var savedPosition: Int
    /// Solved marks dropped because their exercises changed.
    public var droppedSolved: Int
}
