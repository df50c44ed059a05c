import DropoutCore
import LessonScript
import Notebook

/// Turns dropstep statements into the numpy code a careful person would write.
///
/// The translator reads each statement's record: its code (re-parsed), the values it bound
/// (for what the names hold, their shapes and, with `--assert`, the expected numbers) and its
/// events (how many outcomes `expect` enumerated, the graph `backward` walked, what was printed).
/// It keeps what it learns about each name; everything else is read from the code.
public struct NumpyTranslator {
    /// What the translator knows about one of the learner's variables.
    struct Variable {
        /// The Python name.
        var python: String
        /// The value's type.
        var type: PyType
        /// The value dropstep bound, when the record gave it (loops do not).
        var value: Value?
        /// Whether `value` comes from the translator's own run of a loop's first iteration: its
        /// shape and graph are right, its numbers are not the session's.
        var isFirstRun = false
    }

    /// Variables by their dropstep name.
    var variables: [String: Variable] = [:]
    /// Whether dropout is in training mode (`train()` / `eval()`).
    var isTraining = true
    /// The helpers the generated code calls.
    public internal(set) var helpers: Set<NumpyHelper> = [.show]
    /// Counters for fresh Python names, by stem.
    var counters: [String: Int] = [:]
    /// Python names of masks drawn by statements, with the mask drawn, for `backward`.
    var masks: [(mask: Tensor, python: String)] = []
    /// The Python name of each node's gradient from the last `backward`.
    var gradientNames: [ObjectIdentifier: String] = [:]
    /// The nodes of the last `backward`'s graph (kept alive so their identities stay valid).
    var gradientNodes: [Node] = []
    /// Events of the statement being translated that the translation consumes in order.
    var pendingEnumerations: [Int] = []
    var pendingGradients: [Gradients] = []
    var pendingGradchecks: [(GradientCheckResult, [String])] = []
    var pendingExplanations: [String] = []
    /// The statement's source, for the text of sub-expressions.
    var source = ""
    /// Whether the statement being translated is inside a loop body.
    var loopDepth = 0
    /// Where draws come from: nil for numpy's generator, else the batch being translated.
    var batch: BatchContext?
    /// The draw sites of the expression whose runs are drawn first.
    var predrawnSites: [PredrawnSite] = []
    /// The Python name of the mask the last translated dropout drew, for `backward`.
    var lastMask: String?
    /// The range of the statement's value expression, and whether it is being translated.
    var wholeValue: SourceRange?
    var isWholeValue = false
    /// Variables holding draws made inside larger expressions, this statement, in order.
    var drawTemps: [String] = []
    /// The Python variable holding each drawn leaf node (for `backward`), kept alive.
    var drawNames: [ObjectIdentifier: String] = [:]
    var drawNodes: [Node] = []
    /// The language running a loop's first iteration, while a loop body is translated.
    var firstRun: Evaluator?
    /// The values each loop variable over a list of numbers takes.
    var loopValues: [String: [Double]] = [:]
    /// The value the statement being translated produced (for what its events do not say).
    var currentValue: Value?
    /// The learner's functions, by their dropstep name.
    var functions: [String: UserFunctionCode] = [:]
    /// The Python name of the outcome a function's draws come from, while its version for
    /// `expect` is translated; nil for numpy's generator.
    var drawWorld: String?
    /// Whether a function's body is being translated.
    var inFunction = false
    /// Python definitions the statement being translated needs first (functions' versions for
    /// `expect`).
    var pendingDefinitions: [String] = []
    /// Whether the last statement translated ends in a bare expression with a value (which a
    /// notebook would echo unless silenced).
    public internal(set) var endsWithValue = false

    /// A translator with no variables, dropout in training mode.
    public init() {}

    // MARK: Names

    /// A fresh Python name from `stem`: `stem`, then `stem_2`, ... (never a learner's name).
    mutating func fresh(_ stem: String) -> String {
        let count = (counters[stem] ?? 0) + 1
        counters[stem] = count
        var name = count == 1 ? stem : "\(stem)_\(count)"
        while variables.values.contains(where: { $0.python == name }) || PyNames.reserved.contains(name) {
            counters[stem, default: 1] += 1
            name = "\(stem)_\(counters[stem]!)"
        }
        return name
    }

    /// The Python name for a learner's variable.
    func pythonName(_ name: String) -> String { variables[name]?.python ?? PyNames.python(name) }

    /// The source text of a range of the statement being translated, on one line.
    func text(_ range: SourceRange) -> String {
        String(range.text(in: source)).split(whereSeparator: \.isNewline).map { line in
            String(line.drop(while: { $0 == " " }))
        }.joined(separator: " ")
    }

    // MARK: Statements

    /// The code for one top-level statement: the dropstep line as a comment, then numpy.
    ///
    /// - Throws: ``ExportError`` naming the statement when some part has no numpy form.
    public mutating func translate(_ record: StatementRecord, asserting: Bool = false) throws -> [String] {
        source = record.code
        currentValue = record.value
        endsWithValue = false
        lastMask = nil
        collectPending(from: record.events)
        let statements: [Statement]
        do {
            statements = try Parser.parse(record.code)
        } catch {
            throw ExportError("cannot export '\(record.code)': it does not parse (\(error.message))")
        }
        var lines = record.code.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }
        do {
            for statement in statements {
                pendingDefinitions = []
                let code = try translate(statement, record: record, asserting: asserting)
                lines += pendingDefinitions + code
                pendingDefinitions = []
            }
        } catch let error as ExportError {
            let first = record.code.split(separator: "\n").first.map(String.init) ?? record.code
            throw ExportError("cannot export '\(first)' (line \(record.line)): \(error.message)")
        }
        return lines
    }

    mutating func translate(_ statement: Statement, record: StatementRecord?, asserting: Bool) throws
        -> [String]
    {
        var lines = [String]()
        drawTemps = []
        switch statement.kind {
        case .expression(let e), .assignment(_, let e): wholeValue = e.range
        case .forLoop, .definition: wholeValue = nil
        case .return(let e): wholeValue = e?.range
        }
        switch statement.kind {
        case .expression(let expression):
            let value = try translate(expression, &lines)
            let echoes = record?.echoesValue ?? false
            // A gradient check already printed its verdict; its digits are rounding noise.
            let isGradcheck = NumpyOutput.isGradcheck(text(expression.range))
            let bound = record?.value
            if isGradcheck {
                if asserting, let bound {
                    lines.append("value = \(value.code)")
                    lines += assertion(
                        label: text(expression.range), python: "value", value: bound, roughly: true)
                }
            } else if echoes && asserting, let bound {
                let temp = fresh("value")
                lines.append("\(temp) = \(value.code)")
                lines.append("show(\(temp))")
                lines += assertion(label: text(expression.range), python: temp, value: bound)
            } else if echoes {
                lines.append("show(\(value.code))")
            } else if !isSilent(value) {
                lines.append(value.code)
                if let bound, case .none = bound {} else if bound != nil { endsWithValue = true }
            }
        case .assignment(let targets, let expression):
            if targets.count == 1, case .name(let name, _) = targets[0],
                case .lambda(let parameters, let body) = expression.kind
            {
                // `f = lambda x: ...` is written as the def it stands for.
                guard loopDepth == 0 && !inFunction else {
                    throw ExportError("a lambda inside a loop or a function")
                }
                lines += try translateDefinition(
                    name: name, parameters: parameters, body: [], expression: body, value: record?.value)
                break
            }
            var value = try translate(expression, &lines)
            if targets.count == 1, case .name(let name, _) = targets[0] {
                if value.mayAlias { value.code = value.operand + ".copy()" }
                let python = PyNames.python(name)
                lines.append("\(python) = \(value.code)")
                bind(name, python: python, type: value.type, value: record?.value)
                registerMask(of: record?.value)
                registerDraws(in: record?.value)
                if asserting, let bound = record?.value {
                    lines += assertion(label: name, python: python, value: bound)
                }
            } else if targets.count == 1, case .subscript(let base, let items, _) = targets[0] {
                guard case .name(let name) = base.kind else {
                    throw ExportError("only a variable's elements can be assigned")
                }
                let index = try translateIndex(
                    items, rankOf: variables[name]?.type.rank, batched: false, &lines)
                lines.append("\(pythonName(name))[\(index)] = \(value.code)")
            } else {
                var names = [String]()
                for target in targets {
                    guard case .name(let name, _) = target else {
                        throw ExportError("unpacking into elements has no numpy form here")
                    }
                    names.append(PyNames.python(name))
                }
                lines.append(names.joined(separator: ", ") + " = " + value.code)
                let parts: [Value]? = {
                    if case .tuple(let items)? = record?.value { return items }
                    return nil
                }()
                let types: [PyType] = {
                    if case .tuple(let items) = value.type, items.count == targets.count { return items }
                    return Array(repeating: .unknown, count: targets.count)
                }()
                for (k, target) in targets.enumerated() {
                    guard case .name(let name, _) = target else { continue }
                    let part = parts.flatMap { k < $0.count ? $0[k] : nil }
                    bind(name, python: names[k], type: types[k], value: part)
                    if asserting, let part { lines += assertion(label: name, python: names[k], value: part) }
                }
            }
        case .definition(let definition):
            guard loopDepth == 0 && !inFunction else {
                throw ExportError("a def inside a loop or a function")
            }
            lines += try translateDefinition(
                name: definition.name, parameters: definition.parameters, body: definition.body,
                expression: nil, value: record?.value)
        case .return(let expression):
            guard let expression else {
                lines.append("return None")
                break
            }
            let value = try translate(expression, &lines)
            lines.append("return \(value.code)")
        case .forLoop(let variable, _, let sequence, let body):
            let python = PyNames.python(variable)
            let items: PyExpr
            if case .call(let callee, let arguments) = sequence.kind, case .name("range") = callee.kind {
                // Python's own range: the counter is an int, usable as an index.
                let bounds = try arguments.map { try integer(try translate($0.value, &lines)) }
                items = PyExpr("range(\(bounds.joined(separator: ", ")))", .postfix, .int)
                bind(variable, python: python, type: .int, value: nil)
            } else {
                items = try translate(sequence, &lines)
                bind(
                    variable, python: python,
                    type: items.rank.map { .tensor(rank: Swift.max($0 - 1, 0)) } ?? .unknown, value: nil)
            }
            // The values a loop over a list of numbers takes, for what must be known (dropout's p).
            if case .list(let elements) = sequence.kind {
                let values = elements.compactMap { constant($0) }
                if values.count == elements.count { loopValues[variable] = values }
            }
            var inner = [String]()
            let before = variables
            loopDepth += 1
            let outerRun = firstRun
            let following = startFirstRun(variable, sequence)
            defer {
                loopDepth -= 1
                firstRun = outerRun
            }
            for statement in body {
                let changed = following ? runFirst(statement) : [:]
                inner += try translate(statement, record: nil, asserting: false)
                storeFirstRun(changed)
            }
            lines.append("for \(python) in \(items.code):")
            lines += (inner.isEmpty ? ["pass"] : inner).map { "    " + $0 }
            if loopDepth == 1 { runWhole(statement, over: before) }
        }
        return lines
    }

    /// Whether a call's code does nothing worth keeping as a statement (`None`).
    func isSilent(_ value: PyExpr) -> Bool { value.code == "None" }

    /// Remembers the mask a dropout drew for a value a statement bound, so that `backward`
    /// can multiply by it again.
    mutating func registerMask(of value: Value?) {
        guard let mask = lastMask, case .tensor(let node)? = value,
            case .scale(let drawn, _, _) = node.operation
        else { return }
        masks.append((drawn, mask))
    }

    /// Names the drawn leaves of a bound value's graph after the variables that hold them: the
    /// statement's draws in order, matched to the graph's newest unnamed drawn leaves.
    mutating func registerDraws(in value: Value?) {
        guard !drawTemps.isEmpty, case .tensor(let node)? = value else { return }
        let drawn = node.topologicalOrder().filter {
            $0.isLeaf && !$0.draws.isEmpty && drawNames[ObjectIdentifier($0)] == nil
        }
        .sorted { $0.serial < $1.serial }
        guard drawn.count >= drawTemps.count else { return }
        for (leaf, name) in zip(drawn.suffix(drawTemps.count), drawTemps) {
            drawNames[ObjectIdentifier(leaf)] = name
            drawNodes.append(leaf)
        }
        drawTemps = []
    }

    /// Records what a name now holds.
    mutating func bind(_ name: String, python: String, type: PyType, value: Value?) {
        var type = type
        if let value, case .tensor(let node) = value, type == .unknown || type == .array(nil) {
            type = .tensor(rank: node.value.rank)
        }
        if case .string? = value { type = .string }
        variables[name] = Variable(python: python, type: type, value: value)
    }
}

extension PyExpr {
    /// Whether assigning this to a new name would share numpy memory with an existing array
    /// (a name, a slice, a transpose), which dropstep's value semantics never do.
    var mayAlias: Bool {
        guard case .array = type else { return false }
        if code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return true }
        return isView
    }
}
