extension Builtins {
    static let gradients: [Builtin] = [
        Builtin(
            "backward", group: "gradients",
            summary: "Fill gradients of the scalar y with respect to everything it was computed from.",
            details: """
                Prints each node's gradient in reverse order (the chain rule as it runs). grad(x) reads them afterwards.
                show=false fills the gradients without printing them (e.g. inside a loop over many samples).
                """,
            parameters: [.required("y", .tensor), .optional("show", .flag, "true")]
        ) { evaluator, args in
            try evaluator.requireTopLevel(args)
            let shows = try args.flag("show", default: true)
            let gradients = try args.node("y").backward()
            evaluator.environment.lastGradients = gradients
            if shows { evaluator.emit(.gradients(gradients)) }
            return .none
        },
        Builtin(
            "grad", group: "gradients", summary: "d y / d x from the last backward(y).",
            parameters: [.required("x", .tensor)]
        ) { evaluator, args in
            guard let gradients = evaluator.environment.lastGradients else {
                throw args.error("no gradients yet; run backward(y) first")
            }
            let node = try args.node("x")
            guard let gradient = gradients[node] else {
                throw args.error(
                    "this value was not used to compute the last backward's output (or was reassigned since)",
                    at: "x")
            }
            return .constant(gradient)
        },
        Builtin(
            "gradcheck", group: "gradients", usage: "gradcheck(expr, wrt=[x, W], h=1e-5, replay=true)",
            summary:
                "Compare backward's gradients with centered differences; returns the max relative error.",
            details: """
                Evaluates expr once, records its random draws, and replays them for every perturbed
                evaluation (replay=false draws fresh masks instead, which shows why that fails).
                A non-scalar expr is summed. Relative error as cs231n: max |a - n| / max(1e-8, |a| + |n|).
                expr may use variables computed earlier from the wrt variables, e.g. the loss of a loop
                through time (gradcheck(loss, wrt=[Wh])): then the recorded computation is re-run
                forward from each nudged weight, with the same masks.
                """,
            parameters: [
                .required("expr", .expression), .required("wrt", .expression),
                .optional("h", .number, "1e-5"),
                .optional("replay", .flag, "true"),
            ]
        ) { evaluator, args in
            try evaluator.requireTopLevel(args)
            let expression = try args.expression("expr")
            let wrt = try args.expression("wrt")
            let nameExpressions: [Expression]
            if case .list(let items) = wrt.kind { nameExpressions = items } else { nameExpressions = [wrt] }
            var names = [String]()
            var inputs = [Tensor]()
            for item in nameExpressions {
                guard case .name(let name) = item.kind,
                    case .tensor(let node)? = try evaluator.lookup(name, at: item.range)
                else {
                    throw ScriptError(
                        "gradcheck: wrt must list variables holding tensors, e.g. wrt=[x, W]", at: item.range)
                }
                names.append(name)
                inputs.append(node.value)
            }
            let h = try args.number("h", default: 1e-5)
            guard h > 0 else { throw args.error("h must be positive", at: "h") }
            let replay = try args.flag("replay", default: true)
            if let earlier = evaluator.variableComputedFrom(names, in: expression) {
                // Re-evaluating expr would reuse that variable's old value; nudge the graph instead.
                guard replay else {
                    throw args.error(
                        "replay=false needs expr to compute from \(earlier.source) itself, but \(earlier.name) was computed from it earlier",
                        at: "expr")
                }
                let nodes = names.compactMap { name -> Node? in
                    if case .tensor(let node)? = try? evaluator.lookup(name, at: wrt.range) { return node }
                    return nil
                }
                let output: Node
                do {
                    evaluator.batchDepth += 1
                    defer { evaluator.batchDepth -= 1 }
                    output = try evaluator.tensorNode(
                        try evaluator.evaluate(expression, &args.random), operation: "gradcheck",
                        range: expression.range)
                }
                let result = try GradientCheck.run(output: output, wrt: nodes, step: h)
                evaluator.emit(.gradientCheck(result, names: names))
                return .number(result.maxRelativeError)
            }
            let saved = (evaluator.environment.variables, evaluator.frames)
            defer { (evaluator.environment.variables, evaluator.frames) = saved }
            evaluator.batchDepth += 1
            defer { evaluator.batchDepth -= 1 }
            let result = try GradientCheck.run(
                inputs: inputs, step: h, replayDraws: replay,
                random: &args.random
            ) { leaves, source in
                for (name, leaf) in zip(names, leaves) {
                    // Named leaves are variables, never literals to fold away.
                    leaf.name(name, ifMadeSince: 0)
                    evaluator.replace(name, with: .tensor(leaf))
                }
                try evaluator.checkInterrupt(expression.range)
                return try evaluator.tensorNode(
                    try evaluator.evaluate(expression, &source), operation: "gradcheck",
                    range: expression.range)
            }
            evaluator.batchDepth -= 1
            evaluator.emit(.gradientCheck(result, names: names))
            evaluator.batchDepth += 1
            return .number(result.maxRelativeError)
        },
    ]

    static let expectation: [Builtin] = [
        Builtin(
            "expect", group: "expectation",
            summary: "The exact expectation of expr over every outcome of its Bernoulli draws (at most 24).",
            details: """
                Enumerates all 2^n masks with their probabilities, evaluating expr once per chunk of outcomes.
                expr may call your own functions: every draw in their bodies, loops included, is enumerated.
                mean="geometric" gives the normalised weighted geometric mean instead: exp(E[log expr])
                divided by its sum over the last axis (for averaging softmax predictions of sub-networks).
                """,
            parameters: [
                .required("expr", .expression), .optional("mean", choices: ["arithmetic", "geometric"]),
            ]
        ) { evaluator, args in
            try evaluator.requireTopLevel(args)
            let expression = try args.expression("expr")
            let kind = try args.string("mean", default: "arithmetic")
            guard kind == "arithmetic" || kind == "geometric" else {
                throw args.error("mean must be \"arithmetic\" or \"geometric\", got \"\(kind)\"", at: "mean")
            }
            let computation: Expectation.Computation = { source in
                try evaluator.evaluateTensor(expression, with: &source)
            }
            let result =
                try kind == "geometric"
                ? Expectation.geometricMean(computation) : Expectation.exact(computation)
            evaluator.emit(.enumerated(bits: result.bits))
            return .constant(result.mean)
        },
        Builtin(
            "variance", group: "expectation",
            summary: "The exact variance of expr over every outcome of its Bernoulli draws.",
            parameters: [.required("expr", .expression)]
        ) { evaluator, args in
            try evaluator.requireTopLevel(args)
            let expression = try args.expression("expr")
            let result = try Expectation.exact(variance: true) { source in
                try evaluator.evaluateTensor(expression, with: &source)
            }
            evaluator.emit(.enumerated(bits: result.bits))
            return .constant(result.variance!)
        },
        Builtin(
            "outcomes", group: "expectation",
            summary: "Every outcome of expr's Bernoulli draws with its probability: (values, probabilities).",
            parameters: [.required("expr", .expression)]
        ) { evaluator, args in
            try evaluator.requireTopLevel(args)
            let expression = try args.expression("expr")
            let listed = try Expectation.outcomes { source in
                try evaluator.evaluateTensor(expression, with: &source)
            }
            return .tuple([
                .constant(try Tensor.stack(listed.values, axis: 0)), .constant(Tensor(listed.probabilities)),
            ])
        },
        Builtin(
            "mc", group: "expectation",
            summary: "Monte Carlo mean of expr over fresh draws (returned) with its standard error (shown).",
            details: """
                The runs draw as numpy's loop for i in range(samples): expr does: all of run 0's
                draws in order, then run 1's, and so on, so mc(f, n) is mean(samples(f, n), axis=0)
                up to the rounding of the sum, and after np.random.seed(s) numpy's
                np.mean(np.stack([f for i in range(n)]), axis=0) agrees with it. The standard error
                is the sample standard deviation over sqrt(n).
                """,
            parameters: [.required("expr", .expression), .optional("samples", .integer, "10000")]
        ) { evaluator, args in
            try evaluator.requireTopLevel(args)
            let expression = try args.expression("expr")
            let samples = try args.integer("samples", default: 10_000)
            guard samples >= 1, samples <= 100_000_000 else {
                throw args.error("samples must be in [1, 100000000], got \(samples)", at: "samples")
            }
            guard var generator = args.random as? NumpySource else {
                throw args.error("cannot run inside expect, variance or another mc")
            }
            defer { args.random = generator }
            let estimate = try Expectation.monteCarlo(samples: samples, source: &generator) { source in
                try evaluator.evaluateTensor(expression, with: &source)
            }
            evaluator.emit(.estimate(estimate))
            return .constant(estimate.mean)
        },
    ]
}

extension Evaluator {
    /// Refuses to run a batched computation (`expect`, `mc`, `gradcheck`, ...) inside another:
    /// the inner one would mix its worlds with the outer one's.
    func requireTopLevel(_ args: Arguments) throws {
        guard batchDepth == 0 else {
            throw args.error("cannot run inside expect, variance, outcomes, mc, samples or gradcheck")
        }
    }

    /// A variable that `expression` reads and that was computed from one of the `wrt` variables
    /// by earlier statements, with the name of that `wrt` variable; `nil` when there is none.
    func variableComputedFrom(_ wrt: [String], in expression: Expression) -> (name: String, source: String)? {
        var sources = [ObjectIdentifier: String]()
        for name in wrt {
            if case .tensor(let node)? = try? lookup(name, at: expression.range) {
                sources[ObjectIdentifier(node)] = name
            }
        }
        for name in namesRead(by: expression).sorted() where !wrt.contains(name) {
            guard case .tensor(let node)? = try? lookup(name, at: expression.range) else { continue }
            if let source = node.topologicalOrder().lazy.compactMap({ sources[ObjectIdentifier($0)] }).first {
                return (name, source)
            }
        }
        return nil
    }

    /// The names `expression` reads, and those read by the bodies of the functions it calls
    /// (their outer variables: a call of `layer` reads the `W` inside it).
    func namesRead(by expression: Expression) -> Set<String> {
        var names = expression.referencedNames
        var pending = Array(names)
        var seen = Set<String>()
        while let name = pending.popLast() {
            guard seen.insert(name).inserted,
                case .function(.function(let function))? = try? lookup(name, at: expression.range)
            else { continue }
            let read = function.body.reduce(into: Set<String>()) { $0.formUnion($1.referencedNames) }
                .subtracting(function.localNames)
            pending += read.subtracting(names)
            names.formUnion(read)
        }
        return names
    }
}
