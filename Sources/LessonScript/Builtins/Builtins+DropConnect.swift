extension Builtins {
    /// The drop probability argument `p` (default 0.5), checked at the argument's place.
    static func dropProbability(_ args: Arguments) throws -> Double {
        let p = try args.number("p", default: 0.5)
        guard p >= 0, p <= 1 else {
            throw args.error("p must be in [0, 1], got \(Explanation.number(p))", at: "p")
        }
        return p
    }

    static let dropConnect: [Builtin] = [
        Builtin(
            "dropconnect", group: "DropConnect",
            summary:
                "DropConnect (Wan et al.): (M * W) @ v with each weight kept with probability q = 1 - p.",
            details: """
                p is the probability of DROPPING a weight (the paper's p is the keep probability q).
                W is [out, in]; v is [in] or a batch [batch, in]. M ~ Bernoulli(q) has W's shape, or
                [batch, out, in] for a batch: one mask per example, drawn as bernoulli(q, shape) in
                row-major order. Unscaled, as in the paper. mask= uses a given 0/1 mask (it may
                broadcast, e.g. a row [in] ties the columns) and draws nothing. b= adds a bias;
                drop_bias=true masks it too (a second draw, bernoulli(q, [out]) or [batch, out]),
                bias_mask= gives that mask. Gradients: dW = M * (delta v^T), dv = (M * W)^T delta.
                """,
            parameters: [
                .required("v", .tensor), .required("W", .tensor), .optional("p", .number, "0.5"),
                .optional("mask", .tensor), .optional("b", .tensor), .optional("drop_bias", .flag, "false"),
                .optional("bias_mask", .tensor),
            ]
        ) { _, args in
            let settings = DropConnectSettings(
                dropProbability: try dropProbability(args),
                mask: args.has("mask") ? try args.tensor("mask") : nil,
                dropsBias: try args.flag("drop_bias", default: false),
                biasMask: args.has("bias_mask") ? try args.tensor("bias_mask") : nil)
            if settings.dropsBias && !args.has("b") {
                throw args.error("drop_bias and bias_mask need a bias b")
            }
            return .tensor(
                try DropConnect.forward(
                    try args.node("v"), try args.node("W"), bias: args.has("b") ? try args.node("b") : nil,
                    settings, random: &args.random))
        },
        Builtin(
            "dropconnect_moments", group: "DropConnect",
            summary: "The exact mean and variance of (M * W) @ v over the masks: (q W v, q(1-q) (W*W)(v*v)).",
            details: """
                Returns the tuple (mean, var). Each output is a sum of independent terms W[i, j] * v[j],
                each kept with probability q, so mean = q * W @ v and var = q * (1 - q) * (W * W) @ (v * v).
                With b, the mean gains b; with drop_bias=true it gains q * b and the variance
                q * (1 - q) * b * b. Draws nothing.
                """,
            parameters: [
                .required("v", .tensor), .required("W", .tensor), .optional("p", .number, "0.5"),
                .optional("b", .tensor), .optional("drop_bias", .flag, "false"),
            ]
        ) { _, args in
            let moments = try DropConnect.moments(
                try args.node("v"), try args.node("W"), bias: args.has("b") ? try args.node("b") : nil,
                dropProbability: try dropProbability(args),
                dropsBias: try args.flag("drop_bias", default: false))
            return .tuple([.tensor(moments.mean), .tensor(moments.variance)])
        },
        Builtin(
            "dropconnect_infer", group: "DropConnect",
            summary:
                "DropConnect inference: average activation(u) over u ~ N(mean, var) with matched moments.",
            details: """
                Wan et al.'s Algorithm 2: mean and var as dropconnect_moments, then samples draws of
                u = mean + sqrt(var) * randn(samples, *mean.shape) (numpy's order, so a seeded numpy
                run gives the same numbers), activation applied to each, averaged over the samples.
                activation: relu, tanh, sigmoid or identity. samples=0 uses the closed form instead:
                relu gives mean * Phi(mean / sd) + sd * phi(mean / sd), identity the mean.
                No gradient flows through the result.
                """,
            parameters: [
                .required("v", .tensor), .required("W", .tensor), .optional("p", .number, "0.5"),
                .optional("activation", choices: DropConnectActivation.allCases.map(\.rawValue)),
                .optional("samples", .integer, "1000"), .optional("b", .tensor),
                .optional("drop_bias", .flag, "false"),
            ]
        ) { _, args in
            let samples = try args.integer("samples", default: 1000)
            guard samples >= 0 else {
                throw args.error("samples must be 0 (the closed form) or more, got \(samples)", at: "samples")
            }
            let activation: DropConnectActivation
            do {
                activation = try DropConnectActivation(named: try args.string("activation", default: "relu"))
            } catch let error as CoreError {
                throw args.error(
                    String(error.message.dropFirst("dropconnect_infer: ".count)), at: "activation")
            }
            return .tensor(
                try DropConnect.infer(
                    try args.node("v"), try args.node("W"), bias: args.has("b") ? try args.node("b") : nil,
                    dropProbability: try dropProbability(args),
                    dropsBias: try args.flag("drop_bias", default: false),
                    activation: activation, samples: samples, random: &args.random))
        },
        Builtin(
            "Phi", group: "math",
            summary: "The standard normal distribution function P(N(0, 1) <= x), elementwise.",
            details: "Computed as erfc(-x / sqrt(2)) / 2. No gradient flows through it.",
            parameters: [.required("x", .tensor)]
        ) { _, args in .constant(try args.tensor("x").map(StandardNormal.cdf)) },
        Builtin(
            "phi", group: "math",
            summary: "The standard normal density exp(-x^2 / 2) / sqrt(2 pi), elementwise.",
            details: "No gradient flows through it.",
            parameters: [.required("x", .tensor)]
        ) { _, args in .constant(try args.tensor("x").map(StandardNormal.pdf)) },
    ]
}
