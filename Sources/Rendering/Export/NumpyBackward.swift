import DropoutCore
import LessonScript

/// `backward(y)` as numpy: the chain rule written out in reverse order, one line per node of
/// the graph the trace printed, each gradient named after the node (`dloss_ds` for `dloss/ds`).
///
/// The graph comes from the record (the nodes `backward` visited, in its order). Each node's
/// forward value is the learner's variable when one holds it, else recomputed from its
/// inputs; each gradient is the sum, in the order the language adds them, of what every
/// node using it passes back.
struct NumpyBackward {
    var translator: NumpyTranslator
    /// Python code for each node's forward value.
    var forward: [ObjectIdentifier: String] = [:]
    /// Python name of each node's gradient.
    var gradient: [ObjectIdentifier: String] = [:]
    var lines: [String] = []
    /// Whether the graph's numbers may not be the session's (a loop's own run made it): then
    /// nothing is written as data, every value comes from a variable or is recomputed.
    var structureOnly = false

    init(_ translator: NumpyTranslator) { self.translator = translator }

    /// `M[t]` for a node reading slot `t` of an earlier version of a variable `M`, when no later
    /// assignment wrote that slot again (a mask stored per step in a loop).
    func slotOfVariable(_ node: Node) -> String? {
        guard case .index(let items) = node.operation, let base = node.inputs.first,
            case .replace(let written) = base.operation, written == items, case .at(let slot)? = items.first
        else { return nil }
        for (_, variable) in translator.variables.sorted(by: { $0.key < $1.key }) {
            guard case .tensor(var current)? = variable.value else { continue }
            while current !== base, case .replace(let later) = current.operation,
                case .at(let other)? = later.first,
                other != slot, let previous = current.inputs.first
            {
                current = previous
            }
            if current === base { return "\(variable.python)[\(Self.index(items))]" }
        }
        return nil
    }

    /// The forward value of `node` as Python, defining it first when no variable holds it.
    mutating func value(of node: Node) throws -> String {
        if let known = forward[ObjectIdentifier(node)] { return known }
        for (name, variable) in translator.variables.sorted(by: { $0.key < $1.key }) {
            if case .tensor(let held)? = variable.value, held === node {
                forward[ObjectIdentifier(node)] = variable.python
                return variable.python
            }
        }
        if let slot = slotOfVariable(node) {
            forward[ObjectIdentifier(node)] = slot
            return slot
        }
        if let drawn = translator.drawNames[ObjectIdentifier(node)] {
            forward[ObjectIdentifier(node)] = drawn
            return drawn
        }
        if node.isLeaf {
            guard
                node.value.elementCount <= 64 && node.draws.isEmpty
                    && ((translator.firstRun == nil && !structureOnly) || node.value.rank == 0)
            else {
                throw ExportError("the chain rule needs \(node.displayName), which no variable holds")
            }
            let literal = PyLiteral.array(node.value)
            forward[ObjectIdentifier(node)] = literal
            return literal
        }
        let inputs = try node.inputs.map { try value(of: $0) }
        let code = try forwardCode(node, inputs)
        // An element or slice of a named array reads best in place: `xs[3] @ Wx`.
        if case .index = node.operation, PyNames.identifier(from: inputs[0]) != nil {
            forward[ObjectIdentifier(node)] = code
            return code
        }
        let name = translator.fresh(PyNames.identifier(from: node.label ?? "") ?? Self.stem(node))
        lines.append("\(name) = \(code)")
        forward[ObjectIdentifier(node)] = name
        return name
    }

    /// How the language computed `node` from its inputs, as numpy.
    mutating func forwardCode(_ node: Node, _ inputs: [String]) throws -> String {
        switch node.operation {
        case .constant: return PyLiteral.array(node.value)
        case .binary(let op):
            if op.isComparison { return "(\(inputs[0]) \(op.rawValue) \(inputs[1])).astype(float)" }
            return "\(inputs[0]) \(op.rawValue) \(inputs[1])"
        case .unary(let f):
            switch f {
            case .negate: return "-\(inputs[0])"
            case .relu:
                translator.helpers.insert(.relu)
                return "relu(\(inputs[0]))"
            case .sigmoid:
                translator.helpers.insert(.sigmoid)
                return "sigmoid(\(inputs[0]))"
            default: return "np.\(f.rawValue)(\(inputs[0]))"
            }
        case .matmul: return "\(inputs[0]) @ \(inputs[1])"
        case .reduce(let r, let axes, let keepDims):
            var parts = [inputs[0]]
            if let axes { parts.append("axis=" + PyLiteral.shape(axes)) }
            if keepDims { parts.append("keepdims=True") }
            let function = r == .countNonzero ? "np.count_nonzero" : "np.\(r.rawValue)"
            return "\(function)(\(parts.joined(separator: ", ")))"
        case .reshape: return "np.reshape(\(inputs[0]), \(PyLiteral.shape(node.value.shape.dims)))"
        case .transpose(let perm):
            return "np.transpose(\(inputs[0])\(perm.map { ", " + PyLiteral.shape($0) } ?? ""))"
        case .index(let items): return "\(inputs[0])[\(Self.index(items))]"
        case .replace(let items):
            let name = translator.fresh("assigned")
            lines.append("\(name) = \(inputs[0]).copy()")
            lines.append("\(name)[\(Self.index(items))] = \(inputs[1])")
            return name
        case .concat(let axis): return "np.concatenate([\(inputs.joined(separator: ", "))], axis=\(axis))"
        case .stack(let axis): return "np.stack([\(inputs.joined(separator: ", "))], axis=\(axis))"
        case .select(let condition):
            return "np.where(\(try conditionCode(condition, node)), \(inputs[0]), \(inputs[1]))"
        case .clip(let low, let high):
            return "np.clip(\(inputs[0]), \(PyLiteral.number(low)), \(PyLiteral.number(high)))"
        case .softmax(let axis):
            translator.helpers.insert(.softmax)
            return "softmax(\(inputs[0]), axis=\(axis))"
        case .scale(let mask, let multiplier, let divisor):
            return Self.scaled(inputs[0], try maskCode(mask), multiplier, divisor)
        }
    }

    /// `x * mask * multiplier / divisor`, leaving out factors of 1.
    static func scaled(_ x: String, _ mask: String, _ multiplier: Double, _ divisor: Double) -> String {
        var code = "\(x) * \(mask)"
        if multiplier != 1 { code += " * \(PyLiteral.number(multiplier))" }
        if divisor != 1 { code += " / \(PyLiteral.number(divisor))" }
        return code
    }

    /// A mask held by an operation: a number, a mask a statement drew, a variable, or a literal.
    func maskCode(_ mask: Tensor) throws -> String {
        if mask.elementCount == 1 && mask.rank == 0 { return PyLiteral.number(mask.scalars[0]) }
        if let drawn = translator.masks.last(where: { $0.mask == mask }) { return drawn.python }
        for (_, variable) in translator.variables.sorted(by: { $0.key < $1.key }) {
            if case .tensor(let node)? = variable.value, node.value == mask { return variable.python }
        }
        guard mask.elementCount <= 256, translator.firstRun == nil, !structureOnly else {
            throw ExportError(
                "the chain rule needs a mask that no variable holds (assign the dropout to a name)")
        }
        return PyLiteral.array(mask)
    }

    /// The condition of `where`: `x > 0` of its first input when it is that (selu), else data.
    mutating func conditionCode(_ condition: Tensor, _ node: Node) throws -> String {
        if let first = node.inputs.first,
            let positive = try? Tensor.combine(first.value, Tensor(0), .greater),
            positive == condition
        {
            return "\(try value(of: first)) > 0"
        }
        guard condition.elementCount <= 256, translator.firstRun == nil, !structureOnly else {
            throw ExportError("where with a large computed condition")
        }
        return PyLiteral.array(condition) + " != 0"
    }

    /// `x[...]` for the language's indices.
    static func index(_ items: [TensorIndex]) -> String {
        items.map { item -> String in
            switch item {
            case .at(let i): return "\(i)"
            case .slice(let start, let stop, let step):
                var text = (start.map(String.init) ?? "") + ":" + (stop.map(String.init) ?? "")
                if let step { text += ":\(step)" }
                return text
            }
        }.joined(separator: ", ")
    }
}
