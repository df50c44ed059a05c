extension Evaluator {
    /// Evaluates an expression, drawing from `random`.
    mutating func evaluate(_ expression: Expression, _ random: inout any RandomSource) throws -> Value {
        let range = expression.range
        try checkStack(range)
        switch expression.kind {
        case .number(let x):
            return .number(x)
        case .string(let s):
            return .string(s)
        case .boolean(let b):
            return .number(b ? 1 : 0)
        case .none:
            return .none
        case .name(let name):
            if let value = try lookup(name, at: range) { return value }
            if let builtin = Builtins.table[name] { return .function(.builtin(builtin)) }
            if name == "np" || name == "numpy" {
                throw ScriptError(
                    "numpy is not loaded: built-ins have plain names (:help lists them)", at: range)
            }
            let suggestion = closestMatch(to: name, among: visibleNames + Builtins.names)
            throw ScriptError(
                "unknown name '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: range)
        case .list(let elements):
            return try evaluateList(elements, range: range, &random)
        case .tuple(let elements):
            var items = [Value]()
            for element in elements { items.append(try evaluate(element, &random)) }
            return .tuple(items)
        case .unary(let op, let operand):
            let value = try evaluate(operand, &random)
            guard op == .negate else { return value }
            let node = try tensorNode(value, operation: "-", range: operand.range)
            return labelled(try located(range) { try Node.apply(.unary(.negate), [node]) }, range)
        case .binary(let op, let left, let right):
            let a = try tensorNode(try evaluate(left, &random), operation: op.symbol, range: left.range)
            let b = try tensorNode(try evaluate(right, &random), operation: op.symbol, range: right.range)
            let operation: Operation =
                switch op {
                case .add: .binary(.add)
                case .subtract: .binary(.subtract)
                case .multiply: .binary(.multiply)
                case .divide: .binary(.divide)
                case .floorDivide: .binary(.floorDivide)
                case .remainder: .binary(.remainder)
                case .power: .binary(.power)
                case .matrixMultiply: .matmul
                case .less: .binary(.less)
                case .lessEqual: .binary(.lessOrEqual)
                case .greater: .binary(.greater)
                case .greaterEqual: .binary(.greaterOrEqual)
                case .equal: .binary(.equal)
                case .notEqual: .binary(.notEqual)
                }
            return labelled(try located(range) { try Node.apply(operation, [a, b]) }, range)
        case .call(let callee, let arguments):
            return try call(callee, arguments, range: range, &random)
        case .index(let base, let items):
            let value = try evaluate(base, &random)
            if case .tuple(let elements) = value {
                guard items.count == 1, case .single(let item) = items[0] else {
                    throw ScriptError("a tuple takes one integer index", at: range)
                }
                let i = try integer(try evaluate(item, &random), range: item.range)
                guard i >= -elements.count, i < elements.count else {
                    throw ScriptError(
                        "index \(i) is out of range for a tuple of \(elements.count)", at: item.range)
                }
                return elements[i < 0 ? i + elements.count : i]
            }
            let node = try tensorNode(value, operation: "index", range: base.range)
            let indices = try tensorIndices(items, random: &random)
            return labelled(try located(range) { try Node.apply(.index(indices), [node]) }, range)
        case .attribute(let base, let name):
            return try attribute(name, of: try evaluate(base, &random), range: range)
        case .lambda(let parameters, let body):
            return try lambda(parameters, body, range: range, random: &random)
        }
    }

    /// Names a freshly made node after the source text that made it.
    ///
    /// Arithmetic on literals (`-1`, `1 / 3`, `reshape(arange(12), 4, 3)`) folds into a literal,
    /// so the chain rule is printed over the learner's variables, not over every number typed.
    mutating func labelled(_ node: Node, _ range: SourceRange) -> Value {
        if Evaluator.isLiteral(node) { return .tensor(node) }
        if node.steps.isEmpty && node.draws.isEmpty && node.inputs.allSatisfy(Evaluator.isLiteral) {
            return .tensor(Node.constant(node.value))
        }
        if namesNodes && node.label == nil { node.name(text(range), ifMadeSince: statementStart) }
        return .tensor(withinRecordBudget(node))
    }

    /// A leaf that no variable names and no draw made: a number or list typed in the code.
    static func isLiteral(_ node: Node) -> Bool {
        node.isLeaf && node.label == nil && node.draws.isEmpty
    }

    /// The value as a node, or an error naming the operation.
    func tensorNode(_ value: Value, operation: String, range: SourceRange) throws -> Node {
        if let node = try Arguments.node(from: value) { return node }
        if case .function(let callable) = value, !callable.isLambda {
            throw ScriptError(
                "\(operation): expected a tensor, got \(value.kindDescription); call it as \(callable.name)(...)",
                at: range)
        }
        throw ScriptError("\(operation): expected a tensor, got \(value.kindDescription)", at: range)
    }

    /// The value as a whole number.
    func integer(_ value: Value, range: SourceRange) throws -> Int {
        guard case .tensor(let node) = value, node.value.elementCount == 1, !node.value.isBatched else {
            throw ScriptError("expected an integer, got \(value.kindDescription)", at: range)
        }
        let x = node.value.scalars[0]
        guard let whole = WholeNumber.exact(x) else {
            throw ScriptError("expected an integer, got \(Explanation.number(x))", at: range)
        }
        return whole
    }

    mutating func tensorIndices(_ items: [IndexItem], random: inout any RandomSource) throws -> [TensorIndex]
    {
        var indices = [TensorIndex]()
        for item in items {
            switch item {
            case .single(let expression):
                indices.append(.at(try integer(try evaluate(expression, &random), range: expression.range)))
            case .slice(let start, let stop, let step, _):
                func bound(_ e: Expression?) throws -> Int? {
                    guard let e else { return nil }
                    return try integer(try evaluate(e, &random), range: e.range)
                }
                indices.append(.slice(start: try bound(start), stop: try bound(stop), step: try bound(step)))
            }
        }
        return indices
    }

    /// `[a, b, ...]`: numbers become a constant tensor; tensors are stacked (keeping their history).
    mutating func evaluateList(_ elements: [Expression], range: SourceRange, _ random: inout any RandomSource)
        throws -> Value
    {
        guard !elements.isEmpty else { return .constant(Tensor(shape: [0], scalars: [])) }
        // Numbers typed in the code need no node per element (a five-million-number literal).
        if let literal = Evaluator.literalTensor(elements) { return .constant(literal) }
        var nodes = [Node]()
        var values = [Value]()
        for element in elements {
            let value = try evaluate(element, &random)
            values.append(value)
            if case .string = value {
                // ["a", "b"]: a list of names, kept as a tuple of strings (for loops, labels).
                guard nodes.isEmpty else {
                    throw ScriptError("a list mixes strings and numbers", at: element.range)
                }
                continue
            }
            guard values.count == nodes.count + 1 else {
                throw ScriptError("a list mixes strings and numbers", at: element.range)
            }
            guard let node = try Arguments.node(from: value) else {
                throw ScriptError(
                    "list elements must be numbers or tensors, got \(value.kindDescription)",
                    at: element.range)
            }
            if let first = nodes.first, first.value.shape != node.value.shape {
                throw ScriptError(
                    "ragged list: element \(nodes.count + 1) has shape \(node.value.shape) but element 1 has shape \(first.value.shape)",
                    at: element.range)
            }
            nodes.append(node)
        }
        if nodes.isEmpty { return .tuple(values) }
        guard nodes[0].value.rank < 4 else { throw ScriptError("tensors have at most 4 axes", at: range) }
        // Plain literals need no graph; anything with a history is stacked so gradients flow.
        if nodes.allSatisfy({ $0.isLeaf && $0.label == nil }) {
            return .constant(try located(range) { try Tensor.stack(nodes.map(\.value), axis: 0) })
        }
        return labelled(try located(range) { try Node.apply(.stack(axis: 0), nodes) }, range)
    }

    /// The tensor of a list literal made only of numbers (possibly negated) or of such lists of
    /// one shape, at most 4 deep; `nil` for anything else, which the general path handles
    /// (with the same result for these literals).
    static func literalTensor(_ elements: [Expression]) -> Tensor? {
        var scalars = [Double]()
        guard let dims = literalShape(elements, into: &scalars, depth: 1) else { return nil }
        return Tensor(shape: Shape(dims), scalars: scalars)
    }

    private static func literalShape(_ elements: [Expression], into scalars: inout [Double], depth: Int)
        -> [Int]?
    {
        guard !elements.isEmpty, depth <= 4 else { return nil }
        if case .list = elements[0].kind {
            var inner: [Int]?
            for element in elements {
                guard case .list(let items) = element.kind,
                    let dims = literalShape(items, into: &scalars, depth: depth + 1),
                    inner == nil || inner! == dims
                else { return nil }
                inner = dims
            }
            return [elements.count] + inner!
        }
        scalars.reserveCapacity(scalars.count + elements.count)
        for element in elements {
            switch element.kind {
            case .number(let x): scalars.append(x)
            case .unary(.negate, let operand):
                guard case .number(let x) = operand.kind else { return nil }
                scalars.append(-x)
            default: return nil
            }
        }
        return [elements.count]
    }

    func attribute(_ name: String, of value: Value, range: SourceRange) throws -> Value {
        guard case .tensor(let node) = value else {
            throw ScriptError("\(value.kindDescription) has no attribute '\(name)'", at: range)
        }
        switch name {
        case "shape": return .tuple(node.value.shape.dims.map { .number(Double($0)) })
        case "T": return .tensor(try located(range) { try Node.apply(.transpose(nil), [node]) })
        case "size": return .number(Double(node.value.elementCount))
        case "ndim": return .number(Double(node.value.rank))
        default:
            let suggestion = closestMatch(to: name, among: ["shape", "T", "size", "ndim"])
            throw ScriptError(
                "a tensor has no attribute '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                at: range)
        }
    }
}
