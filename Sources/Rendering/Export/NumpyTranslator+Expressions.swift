import DropoutCore
import LessonScript

/// Where draws come from while translating the expression of `expect`, `mc` and the like.
enum BatchContext: Equatable {
    /// Every outcome of the Bernoulli draws: masks come from the `Outcomes` object `o`.
    case enumeration
    /// `count` Monte Carlo runs drawn at once (the expression has one draw site).
    case sampling(count: String)
    /// `count` runs whose draws a loop made first, site after site (`predrawnSites`).
    case predrawn(count: String)
}

/// A draw site's shape depends on values: its runs cannot be drawn before the arithmetic.
struct ShapeNotStatic: Error {}

/// One draw site of an expression whose runs are drawn first: the array filled run by run.
struct PredrawnSite {
    var name: String
    var shape: String
    var draw: String
}

extension ShapeCode {
    /// Whether the shape is written with numbers only, `()` or `(2, 3)`.
    var isStatic: Bool {
        tuple.allSatisfy { $0.isNumber || "(), ".contains($0) }
    }
}

extension NumpyTranslator {
    /// The Python for an expression; statements it needs first (draws, temporaries) go to `lines`.
    mutating func translate(_ expression: Expression, _ lines: inout [String]) throws -> PyExpr {
        // Only the outermost expression of a statement is its whole value.
        let wasWhole = isWholeValue
        isWholeValue = wholeValue == expression.range && batch == nil
        defer { isWholeValue = wasWhole }
        switch expression.kind {
        case .number:
            let literal = text(expression.range)
            let isInteger = !literal.contains(where: { ".eE".contains($0) })
            let precedence: Precedence = literal.hasPrefix("-") ? .unary : .atom
            return PyExpr(literal, precedence, isInteger ? .int : .number)
        case .string(let value):
            return PyExpr(PyLiteral.string(value), .atom, .string)
        case .boolean(let value):
            return PyExpr(value ? "True" : "False", .atom, .int)
        case .none:
            return PyExpr("None", .atom, .none)
        case .name(let name):
            guard let variable = variables[name] else {
                if Builtins.table[name] != nil { throw ExportError("'\(name)' is a function, not a value") }
                return PyExpr(PyNames.python(name), .atom, .unknown)
            }
            return PyExpr(variable.python, .atom, variable.type)
        case .list(let elements):
            return try translateList(elements, &lines)
        case .tuple(let elements):
            let items = try elements.map { try translate($0, &lines) }
            let code =
                items.count == 1
                ? "(\(items[0].code),)" : "(" + items.map(\.code).joined(separator: ", ") + ")"
            return PyExpr(code, .atom, .tuple(items.map(\.type)))
        case .unary(let op, let operand):
            let value = try translate(operand, &lines)
            guard op == .negate else { return value }
            return PyExpr("-" + value.at(.unary), .unary, value.type, batched: value.batched)
        case .binary(let op, let left, let right):
            let a = try translate(left, &lines)
            let b = try translate(right, &lines)
            return try binary(op, a, b)
        case .call(let callee, let arguments):
            if case .name(let name) = callee.kind, functions[name] != nil {
                return try translateUserCall(name, arguments, range: expression.range, &lines)
            }
            guard case .name(let name) = callee.kind, Builtins.table[name] != nil else {
                throw ExportError("only built-in functions can be called")
            }
            return try translateCall(name, arguments, range: expression.range, &lines)
        case .index(let base, let items):
            let value = try translate(base, &lines)
            if case .tuple(let types) = value.type {
                guard items.count == 1, case .single(let item) = items[0] else {
                    throw ExportError("a tuple takes one index")
                }
                let k = constant(item).map { Int($0) }
                let type = k.flatMap {
                    $0 >= -types.count && $0 < types.count ? types[($0 + types.count) % types.count] : nil
                }
                return PyExpr(
                    value.operand + "[\(try integer(try translate(item, &lines)))]", .postfix,
                    type ?? .unknown,
                    batched: value.batched)
            }
            let index = try translateIndex(items, rankOf: value.rank, batched: value.batched, &lines)
            let singles = items.filter { if case .single = $0 { true } else { false } }.count
            let rank = value.rank.map { $0 - singles }
            return PyExpr(
                value.operand + "[\(index)]", .postfix, .tensor(rank: rank), batched: value.batched,
                isView: value.isName)
        case .lambda:
            throw ExportError("a lambda has a numpy form only as a name's whole value (f = lambda x: ...)")
        case .attribute(let base, let name):
            let value = try translate(base, &lines)
            switch name {
            case "shape":
                let code = value.batched ? value.operand + ".shape[1:]" : value.operand + ".shape"
                let ranks = value.rank.map { Array(repeating: PyType.int, count: $0) }
                return PyExpr(code, .postfix, ranks.map(PyType.tuple) ?? .unknown)
            case "T":
                if value.batched {
                    guard let rank = value.rank else {
                        throw ExportError("the rank of \(value.code) is unknown")
                    }
                    let axes = [0] + (1...Swift.max(rank, 1)).reversed()
                    return PyExpr(
                        "np.transpose(\(value.code), \(PyLiteral.shape(Array(axes.prefix(rank + 1)))))",
                        .postfix,
                        value.type, batched: true)
                }
                return PyExpr(value.operand + ".T", .postfix, value.type, isView: value.isName)
            case "size":
                guard !value.batched else { throw ExportError("the size of a value over worlds") }
                return PyExpr(value.operand + ".size", .postfix, .int)
            case "ndim":
                guard !value.batched else { throw ExportError("the rank of a value over worlds") }
                return PyExpr(value.operand + ".ndim", .postfix, .int)
            default:
                throw ExportError("a tensor has no attribute '\(name)'")
            }
        }
    }

    /// `[1, 2]` as a float array; `[a, b]` stacks tensors (along axis 1 over worlds).
    mutating func translateList(_ elements: [Expression], _ lines: inout [String]) throws -> PyExpr {
        guard !elements.isEmpty else { return PyExpr("np.zeros(0)", .postfix, .array(1)) }
        let items = try elements.map { try translate($0, &lines) }
        if items.allSatisfy({ $0.type == .string }) {
            return PyExpr(
                "[" + items.map(\.code).joined(separator: ", ") + "]", .atom, .tuple(items.map(\.type)))
        }
        let rank = items[0].rank.map { $0 + 1 }
        if items.contains(where: \.batched) {
            let stacked = items.map { $0.batched ? $0.code : "np.broadcast_to(\($0.code), \(batchCount()))" }
            return PyExpr(
                "np.stack([" + stacked.joined(separator: ", ") + "], axis=1)", .postfix, .tensor(rank: rank),
                batched: true)
        }
        // Integer literals would make an integer array, where the language only has floats.
        let needsFloat = items.allSatisfy { $0.type == .int || isIntegerList($0) }
        let body = "[" + items.map(\.code).map(stripArray).joined(separator: ", ") + "]"
        return PyExpr("np.array(\(body)\(needsFloat ? ", dtype=float" : ""))", .postfix, .tensor(rank: rank))
    }

    /// The list inside `np.array([...])` (for nested list literals), else the code itself.
    private func stripArray(_ code: String) -> String {
        for suffix in [", dtype=float)", ")"]
        where code.hasPrefix("np.array([") && code.hasSuffix("]" + suffix) {
            return String(code.dropFirst("np.array(".count).dropLast(suffix.count))
        }
        return code
    }

    private func isIntegerList(_ value: PyExpr) -> Bool {
        value.code.hasPrefix("np.array([") && value.code.hasSuffix(", dtype=float)")
    }

    /// The number of worlds in the current batch, as Python.
    func batchCount() -> String {
        switch batch {
        case .sampling(let count), .predrawn(let count): "(\(count),)"
        default: "o.prob.shape"
        }
    }

    /// A value usable as a Python int (an index, a count, a seed).
    func integer(_ value: PyExpr) throws -> String {
        guard !value.batched else {
            throw ExportError("an index cannot depend on a draw inside expect or mc")
        }
        return value.type == .int ? value.code : "int(\(value.code))"
    }

    /// The text between the brackets of `x[...]`, with a leading `:` over worlds.
    mutating func translateIndex(
        _ items: [IndexItem], rankOf rank: Int?, batched: Bool, _ lines: inout [String]
    )
        throws -> String
    {
        var parts = batched ? [":"] : []
        for item in items {
            switch item {
            case .single(let expression):
                parts.append(try integer(try translate(expression, &lines)))
            case .slice(let start, let stop, let step, _):
                func bound(_ e: Expression?) throws -> String {
                    guard let e else { return "" }
                    return try integer(try translate(e, &lines))
                }
                var slice = try bound(start) + ":" + bound(stop)
                if step != nil { slice += ":" + (try bound(step)) }
                parts.append(slice)
            }
        }
        return parts.joined(separator: ", ")
    }

    /// `a op b`, with a batched operand given axes so that its world axis stays in front.
    func binary(_ op: BinaryOperator, _ a: PyExpr, _ b: PyExpr) throws -> PyExpr {
        if op == .matrixMultiply { return try matmul(a, b) }
        let (left, right) = try aligned(a, b)
        let level = op.precedence
        let leftCode =
            op == .power ? left.at(.postfix) : (op.isComparison ? left.at(.additive) : left.at(level))
        let rightCode: String
        switch op {
        case .power: rightCode = right.at(.unary)
        case _ where op.isComparison: rightCode = right.at(.additive)
        default: rightCode = right.precedence <= level ? "(" + right.code + ")" : right.code
        }
        let code = "\(leftCode) \(op.symbol) \(rightCode)"
        let batched = a.batched || b.batched
        let rank = broadcastRank(a.rank, b.rank)
        if op.isComparison {
            // numpy compares to booleans; the language's comparisons are 0/1 numbers.
            if rank == 0 { return PyExpr("float(\(code))", .postfix, .number, batched: batched) }
            return PyExpr("(\(code)).astype(float)", .postfix, .tensor(rank: rank), batched: batched)
        }
        let type: PyType
        if a.type == .int && b.type == .int
            && [.add, .subtract, .multiply, .floorDivide, .remainder].contains(op)
        {
            type = .int
        } else {
            type = .tensor(rank: rank)
        }
        return PyExpr(code, level, type, batched: batched)
    }

    func broadcastRank(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        return Swift.max(a, b)
    }

    /// Operands whose per-world axes line up: a batched value of lower rank gets size-1 axes
    /// after its world axis, as the language's broadcasting (per world) would give it.
    func aligned(_ a: PyExpr, _ b: PyExpr) throws -> (PyExpr, PyExpr) {
        guard a.batched || b.batched else { return (a, b) }
        guard let ra = a.rank, let rb = b.rank else {
            throw ExportError("the ranks of \(a.code) and \(b.code) are unknown over worlds")
        }
        func widened(_ x: PyExpr, by k: Int) -> PyExpr {
            guard k > 0, x.batched else { return x }
            let index = ":, " + Array(repeating: "None", count: k).joined(separator: ", ")
            return PyExpr(x.operand + "[\(index)]", .postfix, .tensor(rank: (x.rank ?? 0) + k), batched: true)
        }
        return (widened(a, by: rb - ra), widened(b, by: ra - rb))
    }

    /// `a @ b` per world: numpy's batched matmul where it agrees, einsum where it would not.
    func matmul(_ a: PyExpr, _ b: PyExpr) throws -> PyExpr {
        let plain = "\(a.at(.multiplicative)) @ \(b.at(.power))"
        let rank: Int? = {
            guard let ra = a.rank, let rb = b.rank else { return nil }
            if ra == 1 && rb == 1 { return 0 }
            return Swift.max(ra, rb) - (ra == 1 ? 1 : 0) - (rb == 1 ? 1 : 0)
        }()
        guard a.batched || b.batched else { return PyExpr(plain, .multiplicative, .tensor(rank: rank)) }
        guard let ra = a.rank, let rb = b.rank, ra >= 1, rb >= 1 else {
            throw ExportError("a matrix product over worlds needs operands of known rank")
        }
        if ra >= 2 && rb >= 2 {
            // numpy's matmul broadcasts the leading axes; line the world axis up in front.
            let (left, right) = try aligned(a, b)
            return PyExpr(
                "\(left.at(.multiplicative)) @ \(right.at(.power))", .multiplicative, .tensor(rank: rank),
                batched: true)
        }
        guard ra <= 2, rb <= 2 else {
            throw ExportError("a matrix product over worlds of a vector and a stack of matrices")
        }
        // Per-world subscripts: a vector is k, a matrix nk / km.
        let left = ra == 1 ? "k" : "nk"
        let right = rb == 1 ? "k" : "km"
        let out = (ra == 2 ? "n" : "") + (rb == 2 ? "m" : "")
        let spec = (a.batched ? "w" : "") + left + "," + (b.batched ? "w" : "") + right + "->w" + out
        return PyExpr(
            "np.einsum(\"\(spec)\", \(a.code), \(b.code))", .postfix, .tensor(rank: rank), batched: true)
    }
}
