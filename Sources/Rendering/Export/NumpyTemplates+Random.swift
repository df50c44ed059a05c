import DropoutCore
import LessonScript

/// numpy forms of the `random` and `dropout` built-ins: the same draws in the same order.
extension NumpyTranslator {
    /// `value` itself when it is a name, else a fresh variable holding it (so that its shape
    /// can be read without computing it twice).
    mutating func hoisted(_ value: PyExpr, stem: String, _ lines: inout [String]) -> PyExpr {
        if value.code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return value }
        let name = fresh(stem)
        lines.append("\(name) = \(value.code)")
        return PyExpr(name, .atom, value.type, batched: value.batched)
    }

    /// `np.random.rand(shape)` now, or for every Monte Carlo run at once.
    mutating func uniforms(_ shape: ShapeCode, normal: Bool = false) throws -> (code: String, batched: Bool) {
        let function = normal ? "np.random.randn" : "np.random.rand"
        switch batch {
        case nil:
            if drawWorld != nil {
                throw ExportError(
                    "expect enumerates Bernoulli draws only; \(normal ? "randn" : "rand") in a function is continuous"
                )
            }
            return ("\(function)(\(shape.arguments))", false)
        case .sampling(let count):
            return ("\(function)(\(count)\(shape.arguments.isEmpty ? "" : ", " + shape.arguments))", true)
        case .predrawn:
            return (try predrawn("\(function)(\(shape.arguments))", shape), true)
        case .enumeration:
            throw ExportError(
                "expect enumerates Bernoulli draws only; \(normal ? "randn" : "rand") is continuous")
        }
    }

    /// A draw site whose values a loop fills first, one run at a time.
    mutating func predrawn(_ draw: String, _ shape: ShapeCode) throws -> String {
        guard shape.isStatic else { throw ShapeNotStatic() }
        let name = fresh("drawn")
        predrawnSites.append(PredrawnSite(name: name, shape: shape.tuple, draw: draw))
        return name
    }

    /// A 0/1 mask that is 1 with probability `q`: `rand(shape) < q`, or the next outcome bits.
    mutating func bernoulliMask(_ q: String, _ shape: ShapeCode, asFloat: Bool) throws -> PyExpr {
        if batch == .enumeration {
            return PyExpr(
                "o.bernoulli(\(q), \(shape.tuple))", .postfix, .tensor(rank: shape.rank), batched: true)
        }
        if batch == nil, let world = drawWorld {
            let mask = PyExpr("\(world).bernoulli(\(q), \(shape.tuple))", .postfix, .tensor(rank: shape.rank))
            return asFloat ? mask : PyExpr("\(mask.code) > 0", .comparison, .tensor(rank: shape.rank))
        }
        let (draw, batched) = try uniforms(shape)
        let comparison = "\(draw) < \(q)"
        guard asFloat else {
            return PyExpr(comparison, .comparison, .tensor(rank: shape.rank), batched: batched)
        }
        if shape.rank == 0 && !batched { return PyExpr("float(\(comparison))", .postfix, .number) }
        return PyExpr("(\(comparison)).astype(float)", .postfix, .tensor(rank: shape.rank), batched: batched)
    }

    mutating func translateRandom(_ name: String, _ args: BoundArguments, _ lines: inout [String]) throws
        -> PyExpr?
    {
        switch name {
        case "seed":
            guard batch == nil else { throw ExportError("seed inside expect or mc") }
            lines.append("np.random.seed(\(try integer(try argument(args, "s", &lines))))")
            return PyExpr("None", .atom, .none)
        case "rand", "randn":
            let shape = try shape(args.rest, &lines)
            let (code, batched) = try uniforms(shape, normal: name == "randn")
            return keptDraw(
                PyExpr(code, .postfix, .tensor(rank: shape.rank), batched: batched),
                stem: name == "rand" ? "u" : "z", &lines)
        case "bernoulli":
            let q = try argument(args, "q", &lines)
            let shape = try shape(Array(args.rest), &lines)
            return keptDraw(try bernoulliMask(q.at(.additive), shape, asFloat: true), stem: "keep", &lines)
        case "binomial":
            let n = try integer(try argument(args, "n", &lines))
            let q = try argument(args, "q", &lines)
            let shape = try shape(args.rest, &lines)
            switch batch {
            case .enumeration:
                return PyExpr(
                    "o.binomial(\(n), \(q.code), \(shape.tuple))", .postfix, .tensor(rank: shape.rank),
                    batched: true)
            case .sampling(let count):
                return PyExpr(
                    "np.random.binomial(\(n), \(q.code), size=(\(count),) + \(shape.tuple))", .postfix,
                    .tensor(rank: shape.rank), batched: true)
            case .predrawn:
                let size = shape.rank == 0 ? "" : ", size=\(shape.tuple)"
                let name = try predrawn("np.random.binomial(\(n), \(q.code)\(size))", shape)
                return PyExpr(name, .atom, .tensor(rank: shape.rank), batched: true)
            case nil where drawWorld != nil:
                return PyExpr(
                    "\(drawWorld!).binomial(\(n), \(q.code), \(shape.tuple))", .postfix,
                    .tensor(rank: shape.rank))
            case nil:
                let size = shape.rank == 0 ? "" : ", size=\(shape.tuple)"
                return keptDraw(
                    PyExpr("np.random.binomial(\(n), \(q.code)\(size))", .postfix, .tensor(rank: shape.rank)),
                    stem: "counts", &lines)
            }
        default:
            return nil
        }
    }

    /// A draw inside a larger expression goes to a variable of its own, so that `backward`
    /// can name the values drawn; a draw that is a statement's whole value needs none.
    mutating func keptDraw(_ draw: PyExpr, stem: String, _ lines: inout [String]) -> PyExpr {
        guard batch == nil, !draw.batched, !isWholeValue else { return draw }
        let name = fresh(stem)
        lines.append("\(name) = \(draw.code)")
        drawTemps.append(name)
        return PyExpr(name, .atom, draw.type)
    }

    /// The keep probability `q = 1 - p` as Python: a learner's `q` when it holds exactly that,
    /// a literal for a literal `p`, else `(1 - p)`.
    func keepProbability(_ p: Double, _ pExpression: Expression?, _ pCode: String) -> String {
        let q = 1 - p
        if case .tensor(let node)? = variables["q"]?.value, node.value.rank == 0, node.value.scalars[0] == q {
            return variables["q"]!.python
        }
        if pExpression == nil || constantIsLiteral(pExpression) { return PyLiteral.number(q) }
        return "(1 - \(pCode))"
    }

    func constantIsLiteral(_ expression: Expression?) -> Bool {
        guard let expression else { return true }
        if case .number = expression.kind { return true }
        return false
    }

    /// Whether dropout draws here: a known training flag (the argument or the current mode).
    func training(_ args: BoundArguments) throws -> Bool {
        guard let given = args.named["training"] else { return isTraining }
        guard let flag = constant(given) else { throw ExportError("training= must be known when exporting") }
        return flag == 1
    }

    mutating func translateDropout(_ name: String, _ args: BoundArguments, _ lines: inout [String]) throws
        -> PyExpr?
    {
        switch name {
        case "dropout":
            return try dropout(args, &lines)
        case "gaussian_dropout":
            var x = try argument(args, "x", &lines)
            let p = try dropProbability(args)
            guard !p.isNaN else { throw ExportError("gaussian_dropout's p must be a number when exporting") }
            guard try training(args), p > 0 else { return x }
            x = hoisted(x, stem: "x", &lines)
            let shape = shapeCode(of: x)
            let (draw, batched) = try uniforms(shape, normal: true)
            let noise = fresh("noise")
            lines.append(
                "\(noise) = 1 + np.sqrt(\(PyLiteral.number(p)) / (1 - \(PyLiteral.number(p)))) * \(draw)")
            return PyExpr(
                "\(x.at(.multiplicative)) * \(noise)", .multiplicative, x.type, batched: x.batched || batched)
        case "alpha_dropout":
            var x = try argument(args, "x", &lines)
            let p = try dropProbability(args)
            guard !p.isNaN else { throw ExportError("alpha_dropout's p must be a number when exporting") }
            guard try training(args), p > 0 else { return x }
            if p == 1 {
                return PyExpr("\(x.at(.multiplicative)) * 0", .multiplicative, x.type, batched: x.batched)
            }
            x = hoisted(x, stem: "x", &lines)
            helpers.insert(.alphaDropout)
            let shape = shapeCode(of: x)
            let mask = try bernoulliMask(PyLiteral.number(1 - p), shape, asFloat: true)
            return PyExpr(
                "alpha_dropout_apply(\(x.code), \(mask.code), \(PyLiteral.number(p)))", .postfix, x.type,
                batched: x.batched || mask.batched)
        case "train", "eval":
            isTraining = name == "train"
            lines.append("# dropout in \(name == "train" ? "training" : "inference") mode from here")
            return PyExpr("None", .atom, .none)
        case "trace":
            return PyExpr("None", .atom, .none)
        default:
            return nil
        }
    }

    /// The shape of `x` for a draw of its size: `()` for a number, else `x.shape`.
    func shapeCode(of x: PyExpr) -> ShapeCode {
        if x.rank == 0 { return ShapeCode(tuple: "()", arguments: "", rank: 0) }
        return ShapeCode(tuple: shapeOf(x), arguments: "*" + shapeOf(x), rank: x.rank)
    }

    /// `x.shape`, or its per-world part over worlds.
    func shapeOf(_ x: PyExpr) -> String {
        if x.batched { return x.operand + ".shape[1:]" }
        // A Python number has no .shape; np.shape gives ().
        if case .array = x.type { return x.operand + ".shape" }
        return "np.shape(\(x.code))"
    }

    /// The drop probability `p`, which must be known to tell whether dropout draws: a number,
    /// or (for a loop variable over a list) a value strictly between 0 and 1 in every run.
    func dropProbability(_ args: BoundArguments) throws -> Double {
        guard let given = args.named["p"] else { return 0.5 }
        if let p = constant(given) { return p }
        if case .name(let name) = given.kind, let values = loopValues[name],
            values.allSatisfy({ $0 > 0 && $0 < 1 })
        {
            return .nan
        }
        throw ExportError("p must be known when exporting (a number or a variable holding one)")
    }

    /// Standard dropout: the mask drawn as `rand(shape) < q`, then `x * mask / q` (or `x * mask`).
    mutating func dropout(_ args: BoundArguments, _ lines: inout [String]) throws -> PyExpr {
        var x = try argument(args, "x", &lines)
        let p = try dropProbability(args)
        let pCode = try args.named["p"].map { try translate($0, &lines).at(.multiplicative) } ?? "0.5"
        let q = keepProbability(p, args.named["p"], pCode)
        let mode = constantString(args.named["mode"]) ?? (args.has("mode") ? nil : "upscale_in_train")
        guard let mode, ["upscale_in_train", "downscale_in_infer"].contains(mode) else {
            throw ExportError("dropout's mode must be known when exporting")
        }
        let upscale = mode == "upscale_in_train"
        func scaled(_ mask: String, maskBatched: Bool, sameShape: Bool) -> PyExpr {
            let batched = x.batched || maskBatched
            // Over worlds the language scales x first (m * (x / q)), which rounds differently.
            if maskBatched && !x.batched && sameShape {
                let code = upscale ? "\(mask) * (\(x.code) / \(q))" : "\(mask) * \(x.at(.multiplicative))"
                return PyExpr(code, .multiplicative, .tensor(rank: x.rank), batched: batched)
            }
            let code =
                upscale ? "\(x.at(.multiplicative)) * \(mask) / \(q)" : "\(x.at(.multiplicative)) * \(mask)"
            return PyExpr(code, .multiplicative, .tensor(rank: x.rank), batched: batched)
        }
        guard try training(args) else {
            if upscale { return x }
            return PyExpr("\(x.at(.multiplicative)) * \(q)", .multiplicative, x.type, batched: x.batched)
        }
        if let given = args.named["mask"] {
            let mask = try translate(given, &lines)
            if upscale && 1 - p == 0 {
                return PyExpr("\(x.at(.multiplicative)) * 0", .multiplicative, x.type, batched: x.batched)
            }
            lastMask = mask.code
            return scaled(mask.at(.multiplicative), maskBatched: mask.batched, sameShape: false)
        }
        if p == 0 { return x }
        if p == 1 {
            return PyExpr("\(x.at(.multiplicative)) * 0", .multiplicative, x.type, batched: x.batched)
        }
        x = hoisted(x, stem: "x", &lines)
        var shape = shapeCode(of: x)
        let axes = try self.axes(args)
        if let axes {
            guard let rank = x.rank else { throw ExportError("dropout with axis= needs a known rank") }
            let kept = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
            let dims = (0..<rank).map { kept.contains($0) ? "\(shapeOf(x))[\($0)]" : "1" }
            shape = ShapeCode(
                tuple: PyLiteral.shape(dims), arguments: dims.joined(separator: ", "), rank: rank)
        }
        let mask = fresh("mask")
        let drawn = try bernoulliMask(q, shape, asFloat: false)
        lines.append("\(mask) = \(drawn.code)")
        lastMask = mask
        return scaled(mask, maskBatched: drawn.batched, sameShape: axes == nil)
    }
}

extension PyLiteral {
    /// A shape given as Python expressions, `(x.shape[0], 1)`.
    static func shape(_ parts: [String]) -> String {
        parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
    }
}
