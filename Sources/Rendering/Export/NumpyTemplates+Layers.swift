import DropoutCore
import LessonScript

/// numpy forms of the DropConnect and recurrent built-ins: masks drawn as `dropout` draws them,
/// the cells as small functions defined once in the helpers cell.
extension NumpyTranslator {
    /// An optional argument's Python, or nil.
    mutating func optionalArgument(_ args: BoundArguments, _ name: String, _ lines: inout [String]) throws
        -> PyExpr?
    {
        guard let expression = args.named[name] else { return nil }
        if case .none = expression.kind { return nil }
        return try translate(expression, &lines)
    }

    /// A known number argument (drop probabilities and flags decide what is drawn).
    func known(_ args: BoundArguments, _ name: String, default value: Double) throws -> Double {
        guard let expression = args.named[name] else { return value }
        guard let x = constant(expression) else { throw ExportError("\(name) must be known when exporting") }
        return x
    }

    /// `name = (rand(shape) < q)` as a 0/1 mask, or outcome bits inside `expect`.
    mutating func drawnMask(_ stem: String, keep q: String, shape: ShapeCode, _ lines: inout [String]) throws
        -> PyExpr
    {
        let mask = try bernoulliMask(q, shape, asFloat: true)
        let name = fresh(stem)
        lines.append("\(name) = \(mask.code)")
        return PyExpr(name, .atom, mask.type, batched: mask.batched)
    }

    mutating func translateDropConnect(_ name: String, _ args: BoundArguments, _ lines: inout [String]) throws
        -> PyExpr?
    {
        switch name {
        case "dropconnect":
            let v = hoisted(try argument(args, "v", &lines), stem: "v", &lines)
            let w = hoisted(try argument(args, "W", &lines), stem: "W", &lines)
            let p = try known(args, "p", default: 0.5)
            let q = PyLiteral.number(1 - p)
            let b = try optionalArgument(args, "b", &lines)
            let dropsBias = try known(args, "drop_bias", default: 0) == 1 || args.has("bias_mask")
            helpers.insert(.dropConnect)
            guard let vRank = v.rank, !v.batched else {
                throw ExportError("dropconnect needs v of known rank")
            }
            let maskShape = vRank == 2 ? "(len(\(v.code)),) + \(w.code).shape" : "\(w.code).shape"
            let batchShape = vRank == 2 ? "(len(\(v.code)), len(\(w.code)))" : "(len(\(w.code)),)"
            var mask: PyExpr
            if let given = try optionalArgument(args, "mask", &lines) {
                mask = given
            } else if p == 0 || p == 1 {
                mask = PyExpr("np.full(\(maskShape), \(p == 0 ? "1.0" : "0.0"))", .postfix, .array(vRank + 1))
            } else {
                mask = try drawnMask(
                    "M", keep: q,
                    shape: ShapeCode(tuple: maskShape, arguments: "*" + maskShape, rank: vRank + 1), &lines)
            }
            var biasMask: String?
            if dropsBias {
                if let given = try optionalArgument(args, "bias_mask", &lines) {
                    biasMask = given.code
                } else if p == 0 || p == 1 {
                    biasMask = p == 0 ? "1.0" : "0.0"
                } else {
                    biasMask = try drawnMask(
                        "mb", keep: q,
                        shape: ShapeCode(tuple: batchShape, arguments: "*" + batchShape, rank: vRank), &lines
                    ).code
                }
            }
            var parts = [v.code, w.code, mask.code]
            if let b { parts.append(b.code) }
            if let biasMask { parts.append(biasMask) }
            return PyExpr(
                "dropconnect(\(parts.joined(separator: ", ")))", .postfix, .array(vRank),
                batched: mask.batched)
        case "dropconnect_moments", "dropconnect_infer":
            let v = try argument(args, "v", &lines)
            let w = try argument(args, "W", &lines)
            let p = try known(args, "p", default: 0.5)
            let b = try optionalArgument(args, "b", &lines)
            let dropsBias = try known(args, "drop_bias", default: 0) == 1
            try refuseBatched([v, w], name)
            var parts = [v.code, w.code, PyLiteral.number(1 - p)]
            if name == "dropconnect_infer" {
                guard batch == nil else { throw ExportError("dropconnect_infer inside expect or mc") }
                helpers.insert(.dropConnectInfer)
                let activation = constantString(args.named["activation"]) ?? "relu"
                let samples = try known(args, "samples", default: 1000)
                parts += [PyLiteral.string(activation), "\(Int(samples))"]
                if let b { parts.append("b=\(b.code)") }
                if dropsBias { parts.append("drop_bias=True") }
                return PyExpr("dropconnect_infer(\(parts.joined(separator: ", ")))", .postfix, v.type)
            }
            helpers.insert(.dropConnectMoments)
            if let b { parts.append(b.code) }
            if dropsBias { parts.append("drop_bias=True") }
            return PyExpr(
                "dropconnect_moments(\(parts.joined(separator: ", ")))", .postfix, .tuple([v.type, v.type]))
        default:
            return nil
        }
    }

    mutating func translateRecurrent(_ name: String, _ args: BoundArguments, _ lines: inout [String]) throws
        -> PyExpr?
    {
        switch name {
        case "rnn_cell", "lstm_cell", "gru_cell":
            let builtin = Builtins.table[name]!
            var parts = [String]()
            var values = [String: PyExpr]()
            var stateType = PyType.unknown
            for parameter in builtin.parameters {
                guard let value = try optionalArgument(args, parameter.name, &lines) else { continue }
                values[parameter.name] = value
                if parameter.name == "h" { stateType = value.type }
                parts.append(parameter.isOptional ? "\(parameter.name)=\(value.code)" : value.code)
            }
            let batched = values.values.contains(where: \.batched)
            if batched {
                // Over worlds the cells broadcast as they are when every input and state is one
                // vector per world (a leading axis of worlds, like a batch) and the weights are shared.
                let vectors = ["x", "h", "c", "update_mask"].compactMap { values[$0] }
                let weights = values.filter { !["x", "h", "c", "update_mask"].contains($0.key) }.values
                guard vectors.allSatisfy({ $0.rank == 1 }), !weights.contains(where: \.batched) else {
                    throw ExportError("\(name) inside expect or mc needs vector inputs and states")
                }
                stateType = .array(1)
            }
            helpers.insert(name == "rnn_cell" ? .rnnCell : name == "lstm_cell" ? .lstmCell : .gruCell)
            let type: PyType = name == "lstm_cell" ? .tuple([stateType, stateType]) : stateType
            return PyExpr("\(name)(\(parts.joined(separator: ", ")))", .postfix, type, batched: batched)
        case "locked_mask":
            let p = try known(args, "p", default: 0.5)
            let shape = try self.shape(args.rest, &lines)
            guard try training(args), p > 0 else {
                return PyExpr("np.ones(\(shape.tuple))", .postfix, .tensor(rank: shape.rank))
            }
            if p == 1 { return PyExpr("np.zeros(\(shape.tuple))", .postfix, .tensor(rank: shape.rank)) }
            let q = PyLiteral.number(1 - p)
            let mask = try bernoulliMask(q, shape, asFloat: true)
            return PyExpr(
                "\(mask.at(.multiplicative)) / \(q)", .multiplicative, mask.type, batched: mask.batched)
        case "zoneout":
            let previous = hoisted(try argument(args, "h_prev", &lines), stem: "h_prev", &lines)
            let new = hoisted(try argument(args, "h_new", &lines), stem: "h_new", &lines)
            let p = try known(args, "p", default: 0.5)
            let rank = broadcastRank(previous.rank, new.rank)
            let batched = previous.batched || new.batched
            guard try training(args) else {
                let code =
                    "\(PyLiteral.number(p)) * \(previous.at(.multiplicative)) + \(PyLiteral.number(1 - p)) * \(new.at(.multiplicative))"
                return PyExpr(code, .additive, .tensor(rank: rank), batched: batched)
            }
            helpers.insert(.zoneout)
            let mask: PyExpr
            if let given = try optionalArgument(args, "mask", &lines) {
                mask = given
            } else if p == 0 || p == 1 {
                mask = PyExpr(p == 0 ? "0.0" : "1.0", .atom, .number)
            } else {
                try refuseBatched([previous, new], name)
                let shape = "np.broadcast_shapes(\(previous.code).shape, \(new.code).shape)"
                mask = try drawnMask(
                    "zoned", keep: PyLiteral.number(p),
                    shape: ShapeCode(tuple: shape, arguments: "*" + shape, rank: rank), &lines)
            }
            return PyExpr(
                "zoneout(\(previous.code), \(new.code), \(mask.code))", .postfix, .tensor(rank: rank),
                batched: batched || mask.batched)
        case "embedding_dropout", "weight_drop":
            // dropout along whole rows (axis 0) of E, or whole columns (axis 1) of a variational W.
            var dropoutArgs = BoundArguments()
            dropoutArgs.named["x"] = args.named[name == "weight_drop" ? "W" : "E"]
            dropoutArgs.named["p"] = args.named["p"]
            dropoutArgs.named["training"] = args.named["training"]
            let variational = try known(args, "variational", default: 0) == 1
            let axis = name == "embedding_dropout" ? 0 : (variational ? 1 : nil)
            if let axis {
                dropoutArgs.named["axis"] = Expression(.number(Double(axis)), range: .zero)
            }
            let dropped = try dropout(dropoutArgs, &lines)
            guard name == "embedding_dropout", let words = try optionalArgument(args, "words", &lines) else {
                return dropped
            }
            helpers.insert(.embedding)
            return PyExpr(
                "embedding(\(dropped.code), \(words.code))", .postfix, .array(2), batched: dropped.batched)
        case "embedding":
            let e = try argument(args, "E", &lines)
            let words = try argument(args, "words", &lines)
            helpers.insert(.embedding)
            return PyExpr("embedding(\(e.code), \(words.code))", .postfix, .array(2), batched: e.batched)
        default:
            return nil
        }
    }
}
