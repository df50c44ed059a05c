import DropoutCore
import LessonScript

/// numpy forms of `expect`, `variance`, `outcomes` (every outcome, vectorised in chunks) and of
/// `mc` and `samples` (fresh draws in numpy's loop order, vectorised when one site draws).
extension NumpyTranslator {
    mutating func translateExpectation(
        _ name: String, _ args: BoundArguments, range: SourceRange, _ lines: inout [String]
    ) throws -> PyExpr? {
        switch name {
        case "expect", "variance", "outcomes":
            guard let expression = args.named["expr"] else {
                throw ExportError("\(name) needs an expression")
            }
            guard batch == nil else { throw ExportError("\(name) inside expect or mc") }
            guard loopDepth == 0 || firstRun != nil,
                let bits = name == "outcomes" ? listedBits() : pendingEnumerations.first
            else {
                throw ExportError(
                    "\(name) inside a loop or a larger expression (its number of outcomes is read from its record)"
                )
            }
            if name != "outcomes" { pendingEnumerations.removeFirst() }
            let function = try outcomeFunction(expression, &lines)
            helpers.formUnion([.outcomes, .expectation])
            let mean = constantString(args.named["mean"]) ?? "arithmetic"
            switch name {
            case "variance":
                return PyExpr(
                    "exact_variance(\(function.name), \(bits))", .postfix, .tensor(rank: function.rank))
            case "outcomes":
                return PyExpr(
                    "list_outcomes(\(function.name), \(bits))", .postfix,
                    .tuple([.tensor(rank: function.rank.map { $0 + 1 }), .array(1)]))
            default:
                let helper = mean == "geometric" ? "geometric_expectation" : "expectation"
                return PyExpr("\(helper)(\(function.name), \(bits))", .postfix, .tensor(rank: function.rank))
            }
        case "mc", "samples":
            guard let expression = args.named["expr"] else {
                throw ExportError("\(name) needs an expression")
            }
            guard batch == nil else { throw ExportError("\(name) inside expect or mc") }
            let countName = name == "mc" ? "samples" : "n"
            let count =
                try args.named[countName].map { try integer(try translate($0, &lines)) }
                ?? (name == "mc" ? "10000" : "1000")
            let runs = fresh("runs")
            let rank = try sampledRuns(expression, count: count, into: runs, &lines)
            if name == "samples" { return PyExpr(runs, .atom, .tensor(rank: rank.map { $0 + 1 })) }
            helpers.insert(.monteCarlo)
            let mean = fresh("mc_mean")
            let error = fresh("mc_error")
            lines.append("\(mean), \(error) = mc_mean_and_error(\(runs))")
            lines.append("show(\"mc: standard error\", \(error))")
            return PyExpr(mean, .atom, .tensor(rank: rank))
        default:
            return nil
        }
    }

    /// The number of draws `outcomes` enumerated, from the number of probabilities it listed.
    func listedBits() -> Int? {
        guard case .tuple(let items)? = currentValue, items.count == 2, let probabilities = items[1].tensor,
            probabilities.rank == 1, probabilities.elementCount.nonzeroBitCount == 1
        else { return nil }
        return probabilities.elementCount.trailingZeroBitCount
    }

    /// Defines `def per_outcome(o): ...`, the expression's value for each outcome of a chunk,
    /// with its masks taken from the outcome bits in the order the expression draws them.
    mutating func outcomeFunction(_ expression: Expression, _ lines: inout [String]) throws
        -> (name: String, rank: Int?)
    {
        let name = fresh("per_outcome")
        var body = [String]()
        let saved = batch
        batch = .enumeration
        defer { batch = saved }
        let value = try translate(expression, &body)
        let result =
            value.batched
            ? value.code : "np.broadcast_to(\(value.code), o.prob.shape + np.shape(\(value.code)))"
        lines.append("def \(name)(o):")
        lines += (body + ["return \(result)"]).map { "    " + $0 }
        return (name, value.rank)
    }

    /// Puts `count` runs of the expression, stacked, into `runs`: all at once when it has one
    /// draw site (then numpy's loop draws the same values in the same order), else in a loop.
    mutating func sampledRuns(
        _ expression: Expression, count: String, into runs: String, _ lines: inout [String]
    )
        throws -> Int?
    {
        if drawSites(expression) <= 1 {
            var body = [String]()
            let saved = batch
            batch = .sampling(count: count)
            defer { batch = saved }
            let value = try translate(expression, &body)
            lines += body
            lines.append(
                "\(runs) = "
                    + (value.batched
                        ? value.code
                        : "np.broadcast_to(\(value.code), (\(count),) + np.shape(\(value.code)))"))
            return value.rank
        }
        if let rank = try predrawnRuns(expression, count: count, into: runs, &lines) { return rank }
        var body = [String]()
        let value = try translate(expression, &body)
        lines.append("\(runs) = []")
        lines.append("for run in range(\(count)):")
        lines += (body + ["\(runs).append(\(value.code))"]).map { "    " + $0 }
        lines.append("\(runs) = np.array(\(runs), dtype=float)")
        return value.rank
    }

    /// Several draw sites whose shapes are known when exporting: the loop only draws (run after
    /// run, site after site, as numpy's loop over the expression would), and the arithmetic is
    /// vectorised over the runs afterwards. Returns nil when a shape depends on the values.
    mutating func predrawnRuns(
        _ expression: Expression, count: String, into runs: String, _ lines: inout [String]
    )
        throws -> Int??
    {
        var body = [String]()
        let saved = batch
        batch = .predrawn(count: count)
        predrawnSites = []
        defer { batch = saved }
        let value: PyExpr
        do {
            value = try translate(expression, &body)
        } catch is ShapeNotStatic {
            return nil
        }
        for site in predrawnSites {
            lines.append("\(site.name) = np.empty((\(count),) + \(site.shape))")
        }
        lines.append("for run in range(\(count)):  # the draws, in numpy's loop order")
        lines += predrawnSites.map { "    \($0.name)[run] = \($0.draw)" }
        lines += body
        lines.append(
            "\(runs) = "
                + (value.batched
                    ? value.code : "np.broadcast_to(\(value.code), (\(count),) + np.shape(\(value.code)))"))
        return .some(value.rank)
    }

    /// How many calls in the expression may draw (an upper bound: one per drawing built-in).
    func drawSites(_ expression: Expression) -> Int {
        switch expression.kind {
        case .number, .string, .boolean, .none, .name, .lambda: return 0
        case .list(let items), .tuple(let items): return items.map(drawSites).reduce(0, +)
        case .unary(_, let operand): return drawSites(operand)
        case .binary(_, let left, let right): return drawSites(left) + drawSites(right)
        case .attribute(let base, _): return drawSites(base)
        case .index(let base, let items):
            return drawSites(base)
                + items.map { item in
                    switch item {
                    case .single(let e): return drawSites(e)
                    case .slice(let a, let b, let c, _):
                        return [a, b, c].compactMap { $0 }.map(drawSites).reduce(0, +)
                    }
                }.reduce(0, +)
        case .call(let callee, let arguments):
            let inner = arguments.map { drawSites($0.value) }.reduce(0, +)
            guard case .name(let name) = callee.kind else { return inner }
            // A user function may draw anywhere in its body, any number of times.
            if functions[name] != nil { return inner + 2 }
            switch name {
            case "rand", "randn", "bernoulli", "binomial", "dropout", "gaussian_dropout", "alpha_dropout",
                "locked_mask", "zoneout", "embedding_dropout", "weight_drop", "dropconnect_infer":
                return inner + 1
            case "dropconnect": return inner + 2
            case "expect", "variance", "outcomes", "mc", "samples", "gradcheck": return inner + 2
            default: return inner
            }
        }
    }
}
