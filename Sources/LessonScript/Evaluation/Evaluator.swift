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
    /// The program text being run: the statement's, or inside a call the function's (node
    /// labels and error ranges are slices of it).
    public internal(set) var file = SourceFile("")
    /// The text of ``file``.
    public var source: String { file.text }
    /// Where the lines of the text last indexed start (see ``sourceText(_:)``).
    var sourceLines: SourceLines?
    /// Above zero while evaluating over a batch of worlds: no events, no labels.
    var batchDepth = 0
    /// Loop iterations in the current top-level statement.
    var iterations = 0
    /// The serial of the first node the current top-level statement made: only nodes made
    /// since may be named by it, so no later statement renames an earlier graph.
    var statementStart: UInt64 = 0
    /// The calls of user functions running, innermost last.
    var frames: [Frame] = []
    /// The value of a `return` that is unwinding the statements of a function's body.
    var pendingReturn: Value?
    /// The events of the traced calls running, innermost last.
    var callTraces: [CallBuffer] = []
    /// The lowest stack address evaluation may reach (see ``StackGuard``).
    var stackLimit: UInt?
    /// An upper bound of the bytes recorded for `backward` and `explain` (see `Evaluator+Memory`).
    var recordedBytesBound = 0
    /// Whether the current statement already noted a release of recorded values.
    var hasReleasedRecords = false

    /// The most loop iterations one top-level statement may run (ten million by default).
    public var iterationLimit = 10_000_000
    /// The deepest nesting of function calls (a function that calls itself without end stops here).
    public var callDepthLimit = 100

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
        try execute(statement, in: SourceFile(source))
    }

    /// Runs one top-level statement of `file`; functions it defines remember `file`, so errors
    /// inside them are shown in it later.
    public mutating func execute(_ statement: Statement, in file: SourceFile) throws(ScriptError)
        -> StatementResult
    {
        self.file = file
        iterations = 0
        statementStart = Node.nextSerial
        frames = []
        pendingReturn = nil
        callTraces = []
        stackLimit = StackGuard.limit()
        hasReleasedRecords = false
        onEvent(.statementStarted(statement))
        var random: any RandomSource = environment.random
        defer { environment.random = random as? NumpySource ?? environment.random }
        do {
            // The core's long loops poll the same interrupt as the evaluator's steps.
            let result = try Interruption.polling(interrupt) { try run(statement, random: &random) }
            onEvent(.statementFinished(result))
            return result
        } catch {
            throw located(error, at: statement.range)
        }
    }

    /// Any error as a script error, at `range` unless it knows its own place.
    func located(_ error: any Error, at range: SourceRange) -> ScriptError {
        switch error {
        case let error as ScriptError: error
        case let error as CoreError: ScriptError(error.message, at: range)
        default: ScriptError("\(error)", at: range)
        }
    }

    /// Emits an event unless evaluating over a batch of worlds; inside a traced call, the
    /// call collects it.
    mutating func emit(_ event: TraceEvent) {
        guard batchDepth == 0 else { return }
        if case .record = event {
            guard environment.isTracing else { return }
            if isFolding {
                if !callTraces.isEmpty { callTraces[callTraces.count - 1].hiddenSteps += 1 }
                return
            }
        }
        forward(event)
    }

    /// Hands an event to the innermost traced call, or to ``onEvent`` at the top level.
    mutating func forward(_ event: TraceEvent) {
        if callTraces.isEmpty {
            onEvent(event)
        } else {
            callTraces[callTraces.count - 1].events.append(event)
        }
    }

    /// Throws when the user asked to stop.
    func checkInterrupt(_ range: SourceRange) throws {
        if interrupt() { throw ScriptError("interrupted", at: range) }
    }

    /// Throws before evaluation could run out of stack.
    func checkStack(_ range: SourceRange) throws {
        if let stackLimit, StackGuard.currentAddress() < stackLimit {
            throw ScriptError(
                "computation nested too deeply for the stack (does a function call itself without end?)",
                at: range)
        }
    }

    /// The source text of a range, shortened for use as a label.
    mutating func text(_ range: SourceRange) -> String {
        let full = sourceText(range).split(whereSeparator: \.isNewline).joined(separator: " ")
        return full.count > 40 ? String(full.prefix(37)) + "..." : full
    }

    /// The source text a range covers, found through the line index.
    mutating func sourceText(_ range: SourceRange) -> Substring {
        // The text switches between a statement's and a called function's: index it again then.
        if sourceLines?.text != source { sourceLines = SourceLines(source) }
        return sourceLines!.text(range)
    }

    // MARK: Statements

    mutating func run(_ statement: Statement, random: inout any RandomSource) throws -> StatementResult {
        let line = statement.range.start.line
        let sourceText = String(self.sourceText(statement.range))
        switch statement.kind {
        case .definition(let definition):
            let function = try define(definition, range: statement.range, random: &random)
            try checkAssignable(definition.name, at: definition.nameRange)
            bind(definition.name, .function(.function(function)))
            return StatementResult(
                line: line, source: sourceText, names: [definition.name],
                value: .function(.function(function)))
        case .return(let expression):
            pendingReturn = try expression.map { try evaluate($0, &random) } ?? Value.none
            return StatementResult(line: line, source: sourceText, value: nil)
        case .expression(let expression):
            let value = try evaluate(expression, &random)
            // Ctrl-C during the computation is answered even if the last poll came before it.
            try checkInterrupt(statement.range)
            if case .none = value {
                return StatementResult(line: line, source: sourceText, value: nil)
            }
            return StatementResult(line: line, source: sourceText, value: value)
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
            return StatementResult(line: line, source: sourceText, names: names, value: value)
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
                bind(variable, item)
                for inner in body {
                    _ = try run(inner, random: &random)
                    if pendingReturn != nil { break }
                }
                if pendingReturn != nil { break }
            }
            return StatementResult(line: line, source: sourceText, value: nil)
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
        case .string, .function, .none:
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
            try checkAssignable(name, at: range)
            // `y = dropout(x)` names the new node y; `a = b` leaves b's node named b.
            if case .tensor(let node) = value, !isBareName, namesNodes {
                node.name(name, ifMadeSince: statementStart)
            }
            bind(name, value)
        case .subscript(let base, let items, let range):
            guard case .name(let name) = base.kind else {
                throw ScriptError("can only assign into a variable's elements", at: range)
            }
            if let frame = frames.last, !frame.function.localNames.contains(name) {
                throw ScriptError(
                    "cannot assign into '\(name)' inside \(frame.function.name): it is not a local variable (functions read outer variables but do not change them; copy it first, e.g. \(name) = \(name) * 1)",
                    at: base.range)
            }
            guard case .tensor(let node)? = try lookup(name, at: base.range) else {
                throw ScriptError("unknown name '\(name)'", at: base.range)
            }
            guard case .tensor(let newValue) = value else {
                throw ScriptError("cannot store \(value.kindDescription) in a tensor", at: range)
            }
            let indices = try tensorIndices(items, random: &random)
            let updated = withinRecordBudget(
                try located(range) { try Node.apply(.replace(indices), [node, newValue]) })
            if namesNodes { updated.name(name, ifMadeSince: statementStart) }
            bind(name, .tensor(updated))
        }
    }

    /// Refuses to bind a built-in's name, which would hide the built-in.
    func checkAssignable(_ name: String, at range: SourceRange) throws {
        guard Builtins.table[name] == nil else {
            throw ScriptError("'\(name)' is a built-in function; choose another name", at: range)
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
