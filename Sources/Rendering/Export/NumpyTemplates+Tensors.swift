import DropoutCore
import LessonScript

/// numpy forms of the `make` and `math` built-ins.
extension NumpyTranslator {
    mutating func translateMake(_ name: String, _ args: BoundArguments, _ lines: inout [String]) throws
        -> PyExpr?
    {
        switch name {
        case "zeros", "ones":
            let shape = try shape(args.rest, &lines)
            // One extent reads as np.zeros(3); more as np.zeros((2, 3)).
            let extent = shape.rank == 1 && shape.isStatic ? shape.arguments : shape.tuple
            return PyExpr("np.\(name)(\(extent))", .postfix, .tensor(rank: shape.rank))
        case "full":
            let value = try argument(args, "value", &lines)
            let shape = try shape(args.rest, &lines)
            let fill = value.type == .int ? "float(\(value.code))" : value.code
            return PyExpr("np.full(\(shape.tuple), \(fill))", .postfix, .tensor(rank: shape.rank))
        case "arange", "range":
            var parts = [try argument(args, "a", &lines).code]
            if args.has("b") { parts.append(try argument(args, "b", &lines).code) }
            if args.has("step") {
                if !args.has("b") { parts.insert("0", at: 0) }
                parts.append(try argument(args, "step", &lines).code)
            }
            return PyExpr("np.arange(\(parts.joined(separator: ", ")), dtype=float)", .postfix, .array(1))
        case "linspace":
            let parts = try ["a", "b"].map { try argument(args, $0, &lines).code }
            let n = try integer(try argument(args, "n", &lines))
            return PyExpr("np.linspace(\(parts[0]), \(parts[1]), \(n))", .postfix, .array(1))
        case "eye":
            return PyExpr("np.eye(\(try integer(try argument(args, "n", &lines))))", .postfix, .array(2))
        case "reshape":
            let x = try argument(args, "x", &lines)
            let shape = try self.shape(args.rest, &lines)
            if x.batched {
                return PyExpr(
                    "\(x.operand).reshape((len(\(x.code)),) + \(shape.tuple))", .postfix,
                    .tensor(rank: shape.rank),
                    batched: true)
            }
            // A reshape shares memory with x; an assignment copies it (see `mayAlias`).
            let extents = shape.isStatic && shape.rank != 0 ? shape.arguments : shape.tuple
            return PyExpr(
                "\(x.operand).reshape(\(extents))", .postfix, .tensor(rank: shape.rank), isView: x.isName)
        case "transpose":
            let x = try argument(args, "x", &lines)
            let given = try axes(args, "axes")
            if x.batched {
                guard let rank = x.rank else { throw ExportError("transpose over worlds needs a known rank") }
                let order =
                    [0] + (given ?? Array((0..<rank).reversed())).map { ($0 < 0 ? $0 + rank : $0) + 1 }
                return PyExpr(
                    "np.transpose(\(x.code), \(PyLiteral.shape(order)))", .postfix, x.type, batched: true)
            }
            let axesText = given.map { ", " + PyLiteral.shape($0) } ?? ""
            return PyExpr("np.transpose(\(x.code)\(axesText))", .postfix, x.type, isView: x.isName)
        case "concat", "stack":
            guard let list = args.named["xs"], case .list(let elements) = list.kind else {
                throw ExportError("\(name) needs a list literal of tensors, e.g. \(name)([a, b])")
            }
            let items = try elements.map { try translate($0, &lines) }
            let axis = try axes(args).map { $0[0] } ?? 0
            let batched = items.contains(where: \.batched)
            guard !batched || items.allSatisfy(\.batched) else {
                throw ExportError("\(name) of values with and without draws inside expect or mc")
            }
            let function = name == "concat" ? "np.concatenate" : "np.stack"
            let rank = items[0].rank.map { name == "stack" ? $0 + 1 : $0 }
            let code =
                "\(function)([\(items.map(\.code).joined(separator: ", "))], axis=\(shifted(axis, batched: batched)))"
            return PyExpr(code, .postfix, .tensor(rank: rank), batched: batched)
        case "len":
            let x = try argument(args, "x", &lines)
            return PyExpr(x.batched ? "\(x.operand).shape[1]" : "len(\(x.code))", .postfix, .int)
        default:
            return nil
        }
    }

    mutating func translateMath(_ name: String, _ args: BoundArguments, _ lines: inout [String]) throws
        -> PyExpr?
    {
        switch name {
        case "exp", "log", "sqrt", "abs", "tanh":
            let x = try argument(args, "x", &lines)
            return PyExpr(
                "np.\(name)(\(x.code))", .postfix, x.type == .int ? .number : x.type, batched: x.batched)
        case "relu":
            // x > 0 ? x : 0, as the language computes it (np.maximum would keep -0.0 and NaN).
            let x = try argument(args, "x", &lines)
            helpers.insert(.relu)
            return PyExpr("relu(\(x.code))", .postfix, x.type, batched: x.batched)
        case "sigmoid":
            let x = try argument(args, "x", &lines)
            helpers.insert(.sigmoid)
            return PyExpr("sigmoid(\(x.code))", .postfix, x.type, batched: x.batched)
        case "sum", "mean", "max", "min", "count_nonzero":
            let x = try argument(args, "x", &lines)
            let keepDims = constant(args.named["keepdims"]) == 1
            let given = try axes(args)
            var axesCode: String?
            var rank: Int?
            if let given {
                let moved = given.map { shifted($0, batched: x.batched) }
                axesCode = moved.count == 1 ? "\(moved[0])" : PyLiteral.shape(moved)
                rank = keepDims ? x.rank : x.rank.map { $0 - given.count }
            } else if x.batched {
                guard let r = x.rank else { throw ExportError("\(name) over worlds needs a known rank") }
                if r == 0 { return x }
                axesCode = r == 1 ? "1" : PyLiteral.shape(Array(1...r))
                rank = keepDims ? r : 0
            } else {
                rank = keepDims ? x.rank : 0
            }
            var parts = [x.code]
            if let axesCode { parts.append("axis=\(axesCode)") }
            if keepDims { parts.append("keepdims=True") }
            let function = name == "count_nonzero" ? "np.count_nonzero" : "np.\(name)"
            let type: PyType = name == "count_nonzero" && rank == 0 ? .int : .tensor(rank: rank)
            return PyExpr("\(function)(\(parts.joined(separator: ", ")))", .postfix, type, batched: x.batched)
        case "softmax":
            let x = try argument(args, "x", &lines)
            helpers.insert(.softmax)
            let axis = try axes(args).map { $0[0] } ?? -1
            let axisText = axis == -1 ? "" : ", axis=\(shifted(axis, batched: x.batched))"
            return PyExpr("softmax(\(x.code)\(axisText))", .postfix, x.type, batched: x.batched)
        case "where":
            let c = try argument(args, "c", &lines)
            let a = try argument(args, "a", &lines)
            let b = try argument(args, "b", &lines)
            if c.batched || a.batched || b.batched {
                guard c.rank != nil, c.rank == a.rank, a.rank == b.rank else {
                    throw ExportError("where over worlds needs operands of one known rank")
                }
            }
            let rank = broadcastRank(broadcastRank(c.rank, a.rank), b.rank)
            return PyExpr(
                "np.where(\(c.code) != 0, \(a.code), \(b.code))", .postfix, .tensor(rank: rank),
                batched: c.batched || a.batched || b.batched)
        case "clip":
            let x = try argument(args, "x", &lines)
            let low = try argument(args, "lo", &lines)
            let high = try argument(args, "hi", &lines)
            return PyExpr(
                "np.clip(\(x.code), \(low.code), \(high.code))", .postfix, x.type, batched: x.batched)
        case "shape":
            let x = try argument(args, "x", &lines)
            guard !x.batched else { throw ExportError("shape of a value over worlds") }
            return PyExpr(
                x.operand + ".shape", .postfix,
                x.rank.map { .tuple(Array(repeating: .int, count: $0)) } ?? .unknown)
        case "selu":
            let x = try argument(args, "x", &lines)
            helpers.insert(.selu)
            return PyExpr("selu(\(x.code))", .postfix, x.type, batched: x.batched)
        case "argmin", "argmax":
            let x = try argument(args, "x", &lines)
            guard !x.batched else { throw ExportError("\(name) inside expect or mc") }
            if let axis = try axes(args)?.first {
                return PyExpr(
                    "np.\(name)(\(x.code), axis=\(axis))", .postfix, .tensor(rank: x.rank.map { $0 - 1 }))
            }
            return PyExpr("np.\(name)(\(x.code))", .postfix, .int)
        case "Phi", "phi":
            let x = try argument(args, "x", &lines)
            helpers.insert(name == "Phi" ? .normalCdf : .normalPdf)
            return PyExpr("\(name)(\(x.code))", .postfix, x.type, batched: x.batched)
        case "detach":
            let x = try argument(args, "x", &lines)
            return x.mayAlias ? PyExpr(x.operand + ".copy()", .postfix, x.type, batched: x.batched) : x
        default:
            return nil
        }
    }
}
