import DropoutCore
import LessonScript

/// Collects one statement's events while it runs (a reference, so the evaluator's callback can
/// append).
final class EventCollector {
    var events: [TraceEvent] = []
}

extension Session {
    /// Runs the statements of `code` numbered `first` through `last` (all from `first` when
    /// `last` is nil), recording each one; errors stay located in `code`.
    mutating func run(
        _ code: String, kind: StepRecord.Kind, prose: [Lesson.Prose], origin: StepRecord.Origin?,
        from first: Int = 0, through last: Int? = nil,
        onStatement: (StatementRecord, StepRecord) -> Void = { _, _ in }
    ) -> StepRecord {
        var record = StepRecord(kind: kind, prose: prose, source: code, origin: origin, statements: [])
        let statements: [Statement]
        do {
            statements = try Parser.parse(code)
        } catch {
            record.statements = [StatementRecord(code: code, line: 1, error: error)]
            onStatement(record.statements[0], record)
            return record
        }
        let end = Swift.min(last.map { $0 + 1 } ?? statements.count, statements.count)
        guard first < end else { return record }
        for statement in statements[first..<end] {
            let statementRecord = execute(statement, in: code)
            record.statements.append(statementRecord)
            onStatement(statementRecord, record)
            if statementRecord.error != nil { break }
        }
        return record
    }

    /// Runs one statement, collecting its events, value and error.
    mutating func execute(_ statement: Statement, in code: String) -> StatementRecord {
        let collector = EventCollector()
        evaluator.onEvent = { event in
            switch event {
            case .statementStarted, .statementFinished: break
            default: collector.events.append(event)
            }
        }
        defer { evaluator.onEvent = { _ in } }
        var record = StatementRecord(
            code: String(statement.range.text(in: code)), line: statement.range.start.line)
        do {
            let result = try evaluator.execute(statement, in: code)
            record.names = result.names
            record.value = result.value
            if case .expression(let expression) = statement.kind, let value = result.value {
                // `check(...)` shows its verdict; echoing its 1 as well would read as noise.
                if case .none = value {
                } else if !expression.isCall(to: "check") {
                    record.echoesValue = true
                }
            }
        } catch {
            record.error = error
        }
        record.events = collector.events
        return record
    }
}

extension Session {
    /// Runs a program (not a lesson step) from a file or the command line, handing each
    /// statement's record to `onStatement` as soon as it finishes, so output streams.
    public mutating func runProgram(
        _ code: String, origin: StepRecord.Origin?, onStatement: (StatementRecord, StepRecord) -> Void
    ) -> StepRecord {
        run(code, kind: .code, prose: [], origin: origin, onStatement: onStatement)
    }
}

extension Session {
    /// The open exercise, if any.
    public var currentExercise: Lesson.Exercise? {
        guard let index = openExercise, let lesson, index < lesson.exercises.count else { return nil }
        return lesson.exercises[index]
    }

    /// Evaluates an expression in a copy of the current state (nothing changes).
    public func evaluateQuietly(_ text: String) throws(ScriptError) -> Value {
        var copy = evaluator
        copy.onEvent = { _ in }
        let expression = try Parser.parseExpression(text)
        let statement = Statement(.expression(expression), range: expression.range)
        return try copy.execute(statement, in: text).value ?? .none
    }

    /// An expression's value as a tensor, for answers and keys.
    func tensorQuietly(_ text: String) throws -> Tensor {
        let value = try evaluateQuietly(text)
        guard let tensor = try Arguments.node(from: value)?.value else {
            throw ScriptError(
                "the answer must be a number or a tensor",
                at: (try? Parser.parseExpression(text).range) ?? SourceRange.zero)
        }
        return tensor
    }

    /// The exercise's key evaluated in the current state.
    public func answerKey(for exercise: Lesson.Exercise) throws -> Tensor {
        try tensorQuietly(exercise.answer)
    }
}

extension Expression {
    /// Whether this is a call of the built-in `name`.
    func isCall(to name: String) -> Bool {
        guard case .call(let callee, _) = kind, case .name(let called) = callee.kind else { return false }
        return called == name
    }
}
