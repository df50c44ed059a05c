/// Runs statements of the language against an ``Environment``, reporting ``TraceEvent``s.
///
/// Every operation goes through `DropoutCore`, so each value carries its node (for `backward`,
/// `explain` and the trace). Randomness comes from the environment's generator, except inside
/// `expect`, `variance`, `mc` and `gradcheck`, which re-run their expression with another source.
public struct Evaluator {
    /// Variables, generator, mode and gradients.
    public var environment: Environment
    /// Polled during long computations; returning true stops them with an "interrupted" error.
    public var interrupt: @Sendable () -> Bool = { false }
    /// Receives trace events as they happen.
    public var onEvent: (TraceEvent) -> Void = { _ in }
    /// The program text being run (node labels are slices of it).
    public private(set) var source = "" {
        didSet { sourceLines = nil }
    }
    /// Where `source`'s lines start, built once per source text.
    var sourceLines: SourceLines?
    /// Above zero while evaluating over a batch of worlds: no events, no labels.
    var batchDepth = 0
    /// Loop iterations in the current top-level statement.
    var iterations = 0
    /// An upper bound of the bytes recorded for `backward` and `explain` (see `Evaluator+Memory`).
    var recordedBytesBound = 0
    /// Whether the current statement already noted a release of recorded values.
    var hasReleasedRecords = false

    /// The most loop iterations one top-level statement may run (ten million by default).
    public var iterationLimit = 10_000_000

    /// The most bytes the values recorded for `backward` and `explain` may keep
    /// (``Limits/maxRecordedBytes`` by default); see `Evaluator+Memory.swift`.
    public var recordBudget = Limits.maxRecordedBytes

    /// An evaluator over `environment`.
    public init(environment: Environment = Environment()) {
        self.environment = environment
    }

    /// Parses `source` and runs it statement by statement.
    ///
    /// Statements before an error keep their effects, as in a REPL.
    @discardableResult
    public mutating func run(_ source: String) throws(ScriptError) -> [StatementResult] {
        let statements = try Parser.parse(source)
        var results = [StatementResult]()
        for statement in statements {
            results.append(try execute(statement, in: source))
        }
        return results
    }

    /// Runs one top-level statement of `source`.
    public mutating func execute(_ statement: Statement, in source: String) throws(ScriptError)
        -> StatementResult
    {
        // The same text statement after statement: keep its line index.
        if source != self.source { self.source = source }
        iterations = 0
        hasReleasedRecords = false
        onEvent(.statementStarted(statement))
        var random: any RandomSource = environment.random
        defer { environment.random = random as? NumpySource ?? environment.random }
        do {
            // The core's long loops poll the same interrupt as the evaluator's steps.
            let result = try Interruption.polling(interrupt) { try run(statement, random: &random) }
            onEvent(.statementFinished(result))
            return result
        } catch let error as ScriptError {
            throw error
        } catch let error as CoreError {
            throw ScriptError(error.message, at: statement.range)
        } catch {
            throw ScriptError("\(error)", at: statement.range)
        }
    }

    /// Emits an event unless evaluating over a batch of worlds.
    mutating func emit(_ event: TraceEvent) {
        guard batchDepth == 0 else { return }
        if case .record = event, !environment.isTracing { return }
        onEvent(event)
    }

    /// Throws when the user asked to stop.
    func checkInterrupt(_ range: SourceRange) throws {
        if interrupt() { throw ScriptError("interrupted", at: range) }
    }

    /// The source text of a range, shortened for use as a label.
    mutating func text(_ range: SourceRange) -> String {
        let full = sourceText(range).split(whereSeparator: \.isNewline).joined(separator: " ")
        return full.count > 40 ? String(full.prefix(37)) + "..." : full
    }

    /// The source text a range covers, found through the line index.
    mutating func sourceText(_ range: SourceRange) -> Substring {
        if sourceLines == nil { sourceLines = SourceLines(source) }
        return sourceLines!.text(range)
    }

    // MARK: Statements

    mutating func run(_ statement: Statement, random: inout any RandomSource) throws -> StatementResult {
        let line = statement.range.start.line
        let sourceText = String(self.sourceText(statement.range))
        switch statement.kind {
        case .expression(let expression):
            let value = try evaluate(expression, &random)
            // Ctrl-C during the computation is answered even if the last poll came before it.
            try checkInterrupt(statement.range)
            if case .none = value {
                return StatementResult(line: line, source: sourceText, name: nil, value: nil)
            }
            return StatementResult(line: line, source: sourceText, name: nil, value: value)
        case .assignment(let targets, let expression):
            let value = try evaluate(expression, &random)
            // An interrupted computation is never assigned, even when it finished after Ctrl-C.
            try checkInterrupt(statement.range)
            try assign(value, to: targets, from: expression, random: &random)
            let names = targets.map { target -> String in
                switch target {
                case .name(let name, _): name
                case .subscript(let base, _, let range): text(range).isEmpty ? "\(base)" : text(range)
                }
            }
            return StatementResult(
                line: line, source: sourceText, name: names.joined(separator: ", "), value: value)
        case .forLoop(let variable, _, let sequence, let body):
            let sequenceValue = try evaluate(sequence, &random)
            let count = try iterationCount(sequenceValue, range: sequence.range)
            for position in 0..<count {
                // Items are made one at a time, so a huge range starts at once and stays interruptible.
                let item = try item(position, of: sequenceValue)
                iterations += 1
                guard iterations <= iterationLimit else {
                    throw ScriptError(
                        "loop: more than \(iterationLimit) iterations in one statement",
                        at: statement.range)
                }
                try checkInterrupt(statement.range)
                environment.variables[variable] = item
                for inner in body { _ = try run(inner, random: &random) }
            }
            return StatementResult(line: line, source: sourceText, name: nil, value: nil)
        }
    }

    /// How many items a `for` loop over `value` visits.
    func iterationCount(_ value: Value, range: SourceRange) throws -> Int {
        switch value {
        case .tuple(let items): return items.count
        case .tensor(let node):
            guard node.value.rank >= 1 else { throw ScriptError("cannot loop over a number", at: range) }
            guard !node.value.isBatched else {
                throw ScriptError(
                    "cannot loop over a value that depends on a random draw inside expect or mc", at: range)
            }
            return node.value.shape[0]
        case .string, .none:
            throw ScriptError("cannot loop over \(value.kindDescription)", at: range)
        }
    }

    /// Item `position` of a tuple, or slice `position` of a tensor along its first axis.
    func item(_ position: Int, of value: Value) throws -> Value {
        switch value {
        case .tuple(let items): return items[position]
        case .tensor(let node): return .tensor(try Node.apply(.index([.at(position)]), [node]))
        default: return .none
        }
    }

    /// The items a `for` loop visits: a tuple's elements or a tensor's slices along its first axis.
    func iterate(_ value: Value, range: SourceRange) throws -> [Value] {
        try (0..<iterationCount(value, range: range)).map { try item($0, of: value) }
    }

    mutating func assign(
        _ value: Value, to targets: [AssignmentTarget], from expression: Expression,
        random: inout any RandomSource
    ) throws {
        if targets.count == 1 {
            try assign(value, to: targets[0], isBareName: isName(expression), random: &random)
            return
        }
        let parts: [Value]
        switch value {
        case .tuple(let items): parts = items
        case .tensor(let node) where node.value.rank >= 1: parts = try iterate(value, range: expression.range)
        default:
            throw ScriptError(
                "cannot unpack \(value.kindDescription) into \(targets.count) names", at: expression.range)
        }
        guard parts.count == targets.count else {
            throw ScriptError(
                "cannot unpack \(parts.count) values into \(targets.count) names", at: expression.range)
        }
        for (part, target) in zip(parts, targets) {
            try assign(part, to: target, isBareName: false, random: &random)
        }
    }

    func isName(_ expression: Expression) -> Bool {
        if case .name = expression.kind { return true }
        return false
    }

    mutating func assign(
        _ value: Value, to target: AssignmentTarget, isBareName: Bool, random: inout any RandomSource
    ) throws {
        switch target {
        case .name(let name, let range):
            guard Builtins.table[name] == nil else {
                throw ScriptError("'\(name)' is a built-in function; choose another name", at: range)
            }
            // `y = dropout(x)` names the new node y; `a = b` leaves b's node named b.
            if case .tensor(let node) = value, !isBareName, batchDepth == 0 { node.label = name }
            environment.variables[name] = value
        case .subscript(let base, let items, let range):
            guard case .name(let name) = base.kind else {
                throw ScriptError("can only assign into a variable's elements", at: range)
            }
            guard case .tensor(let node)? = environment.variables[name] else {
                throw ScriptError("unknown name '\(name)'", at: base.range)
            }
            guard case .tensor(let newValue) = value else {
                throw ScriptError("cannot store \(value.kindDescription) in a tensor", at: range)
            }
            let indices = try tensorIndices(items, random: &random)
            let updated = withinRecordBudget(
                try located(range) { try Node.apply(.replace(indices), [node, newValue]) })
            updated.label = name
            environment.variables[name] = .tensor(updated)
        }
    }

    /// Runs `work`, turning a core error into a script error at `range`.
    func located<T>(_ range: SourceRange, _ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let error as CoreError {
            throw ScriptError(error.message, at: range)
        }
    }
}
