extension Builtins {
    static func drawn(_ request: DrawRequest, _ args: inout Arguments) throws -> Value {
        let draw = try args.random.draw(request)
        return .tensor(Node(.constant, inputs: [], value: draw.values, draws: [draw]))
    }

    static let randomness: [Builtin] = [
        Builtin(
            "seed", group: "random",
            summary: "Reset the generator exactly as numpy's np.random.seed(s) does (0 <= s < 2**32).",
            parameters: [.required("s", .integer)]
        ) { evaluator, args in
            guard evaluator.batchDepth == 0 else {
                throw args.error("cannot reseed inside expect, variance or mc")
            }
            let s = try args.integer("s")
            guard s >= 0, s <= Int(UInt32.max) else {
                throw args.error("seed must be in [0, 2**32), got \(s)", at: "s")
            }
            args.random = NumpySource(generator: NumpyGenerator(seed: UInt32(s)))
            return .none
        },
        Builtin(
            "rand", group: "random",
            summary: "Uniform numbers in [0, 1), as numpy's np.random.rand.",
            parameters: [.optional("shape", .shape)]
        ) { _, args in try drawn(.uniform(try args.shape("shape")), &args) },
        Builtin(
            "randn", group: "random",
            summary: "Standard normal numbers, as numpy's legacy np.random.randn.",
            parameters: [.optional("shape", .shape)]
        ) { _, args in try drawn(.normal(try args.shape("shape")), &args) },
        Builtin(
            "binomial", group: "random",
            summary: "Successes in n trials of probability q, as numpy's legacy np.random.binomial.",
            parameters: [.required("n", .integer), .required("q", .number), .optional("shape", .shape)]
        ) { _, args in
            let n = try args.integer("n")
            let q = try args.number("q")
            guard n >= 0 else { throw args.error("n must be non-negative, got \(n)", at: "n") }
            guard q >= 0, q <= 1 else {
                throw args.error("q must be in [0, 1], got \(Explanation.number(q))", at: "q")
            }
            return try drawn(.binomial(trials: n, probability: q, shape: try args.shape("shape")), &args)
        },
        Builtin(
            "bernoulli", group: "random",
            summary: "A 0/1 mask that is 1 with probability q: rand(shape) < q, one uniform per element.",
            parameters: [.required("q", .number), .optional("shape", .shape)]
        ) { _, args in
            let q = try args.number("q")
            guard q >= 0, q <= 1 else {
                throw args.error("q must be in [0, 1], got \(Explanation.number(q))", at: "q")
            }
            return try drawn(.bernoulli(keep: q, shape: try args.shape("shape")), &args)
        },
    ]
}
