/// One way a lesson failed its check, located in the lesson file.
public struct CheckFailure: Sendable, CustomStringConvertible {
    /// The lesson file.
    public var path: String
    /// The line the failure points at.
    public var line: Int
    /// What is wrong.
    public var message: String
    /// A unified diff from the recorded output to the fresh one, when outputs differ.
    public var diff: String?

    /// `path:line: message`, then the diff.
    public var description: String {
        "\(path):\(line): \(message)" + (diff.map { "\n" + $0 } ?? "")
    }
}

/// What checking one lesson found.
public struct LessonCheckResult: Sendable {
    /// Every failure, in file order.
    public var failures: [CheckFailure]
    /// The fresh output of every cell, by cell index (what `--update` records).
    public var outputs: [Int: String]
    /// The fresh value of every exercise key that is missing or differs from its recorded
    /// `key:`, by exercise index (what `--update` records).
    public var keys: [Int: Tensor] = [:]
    /// How many cells ran.
    public var cellCount: Int
    /// How many exercise keys were verified.
    public var exerciseCount: Int

    /// Whether the lesson passed.
    public var passed: Bool { failures.isEmpty }
}

/// `dropstep check`: runs a lesson non-interactively and compares every cell's fresh output with
/// its recorded `output` block, and every exercise key's fresh value with its recorded `key:`.
public enum LessonChecker {
    /// Checks one lesson from a fresh session (trace on, default precision), comparing each
    /// cell's recorded output with `render`'s text for the fresh run (the plain renderer's).
    public static func check(_ lesson: Lesson, render: (StepRecord) -> String) -> LessonCheckResult {
        var session = Session()
        session.load(lesson)
        var result = LessonCheckResult(failures: [], outputs: [:], cellCount: 0, exerciseCount: 0)
        // Built once: `Lesson.cells` walks every block, so reading it per cell was quadratic.
        let cells = lesson.cells
        while let output = session.next() {
            switch output.kind {
            case .cell(let index):
                let cell = cells[index]
                if let error = output.error, !cell.code.lowercased().contains("# expect error") {
                    result.failures.append(
                        CheckFailure(
                            path: lesson.path, line: cell.codeLine + error.range.start.line - 1,
                            message:
                                "cell raised an error: \(error.message) (add '# expect error' to the cell if it is meant to)"
                        ))
                }
                let fresh = render(output)
                result.outputs[index] = fresh
                result.cellCount += 1
                let recorded = cell.output?.text ?? ""
                if !outputsMatch(recorded, fresh) {
                    let line = cell.output?.line ?? cell.codeLine
                    let message =
                        cell.output == nil
                        ? "cell has no recorded output but printed something; run dropstep check --update"
                        : "recorded output differs from the fresh output"
                    let diff = unifiedDiff(
                        expected: recorded, actual: fresh, expectedLabel: "\(lesson.path) (recorded)",
                        actualLabel: "\(lesson.path) (fresh)", startLine: cell.output?.line ?? cell.codeLine)
                    result.failures.append(
                        CheckFailure(path: lesson.path, line: line, message: message, diff: diff))
                }
            case .exercise(let index, let exercise):
                result.exerciseCount += 1
                result.failures += checkExercise(
                    exercise, index: index, in: session, lesson: lesson, keys: &result.keys)
            default:
                break
            }
        }
        return result
    }
}
