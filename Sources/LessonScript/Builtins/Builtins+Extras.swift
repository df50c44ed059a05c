/// Built-ins the later lessons need: SELU, cutting the graph in training loops, the position of
/// an extreme value, and the raw samples behind a Monte Carlo estimate.
extension Builtins {
    /// SELU's scale, λ (Klambauer et al. 2017; PyTorch's `torch.nn.SELU`).
    public static let seluScale = 1.0507009873554804934193349852946
    /// SELU's alpha, α. Their product λα is ``Dropout/alphaPrime``, the value of a dropped unit in
    /// alpha dropout (up to sign).
    public static let seluAlpha = 1.6732632423543772848170429916717

    /// `λ * where(x > 0, x, α * (exp(min(x, 0)) - 1))`, composed of primitives so its gradient is
    /// theirs. The `min(x, 0)` keeps `exp` finite for large x, where the branch is unused anyway.
    static func selu(_ x: Node) throws -> Node {
        let isPositive = try Tensor.combine(x.value, Tensor(0), .greater)
        let negativePart = try Node.apply(.clip(low: -.infinity, high: 0), [x])
        let exponential = try Node.apply(.unary(.exp), [negativePart])
        let shifted = try Node.apply(.binary(.subtract), [exponential, .constant(Tensor(1))])
        let saturating = try Node.apply(.binary(.multiply), [shifted, .constant(Tensor(seluAlpha))])
        let selected = try Node.apply(.select(condition: isPositive), [x, saturating])
        let scale = Node.constant(Tensor(seluScale))
        return Node(
            .binary(.multiply), inputs: [selected, scale],
            value: try Tensor.combine(selected.value, scale.value, .multiply), composite: "selu")
    }

    /// The flat index of the first extreme element, or the indices along `axis`.
    static func extremeIndex(_ x: Tensor, axis: Int?, largest: Bool, _ args: Arguments) throws -> Tensor {
        guard !x.isBatched else { throw args.error("cannot run inside expect, variance or mc") }
        guard x.elementCount > 0 else { throw args.error("x is empty", at: "x") }
        func better(_ a: Double, _ b: Double) -> Bool {
            // NaN wins, as in numpy: it is the first "extreme" value found.
            if a.isNaN { return !b.isNaN }
            return largest ? a > b : a < b
        }
        guard let axis else {
            var best = 0
            for (i, value) in x.scalars.enumerated() where better(value, x.scalars[best]) { best = i }
            return Tensor(Double(best))
        }
        let resolved: Int
        do { resolved = try x.shape.normalizedAxis(axis, operation: args.function) } catch let e as CoreError
        {
            throw ScriptError(e.message, at: args.ranges["axis"] ?? args.range)
        }
        let dims = x.shape.dims
        let length = dims[resolved]
        let inner = dims[(resolved + 1)...].reduce(1, *)
        let outer = dims[..<resolved].reduce(1, *)
        var result = [Double]()
        result.reserveCapacity(outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * length * inner + i
                var best = 0
                for k in 1..<max(length, 1)
                where better(x.scalars[base + k * inner], x.scalars[base + best * inner]) {
                    best = k
                }
                result.append(Double(best))
            }
        }
        var shape = dims
        shape.remove(at: resolved)
        return Tensor(shape: Shape(shape), scalars: result)
    }

    static func extreme(_ name: String, largest: Bool) -> Builtin {
        let word = largest ? "largest" : "smallest"
        return Builtin(
            name, group: "math",
            summary:
                "The index of the \(word) element (flat, row-major), or the indices along axis, as numpy.",
            details:
                "Ties go to the first occurrence. The result is a plain number: no gradient flows through it.",
            parameters: [.required("x", .tensor), .optional("axis", .integer)]
        ) { _, args in
            let axis = args.has("axis") ? try args.integer("axis") : nil
            return .constant(try extremeIndex(try args.tensor("x"), axis: axis, largest: largest, args))
        }
    }

    static let extras: [Builtin] = [
        Builtin(
            "selu", group: "math",
            summary: "Scaled ELU: λ x for x > 0, λ α (exp(x) - 1) otherwise (λ ≈ 1.0507, α ≈ 1.6733).",
            details: """
                Klambauer et al.'s self-normalising activation, with PyTorch's constants
                λ = 1.0507009873554805 and α = 1.6732632423543772. For x ~ N(0, 1) its output has
                mean 0 and variance 1; as x -> -inf it tends to -λα ≈ -1.7581, the value
                alpha_dropout gives a dropped unit.
                """,
            parameters: [.required("x", .tensor)]
        ) { _, args in .tensor(try selu(try args.node("x"))) },
        extreme("argmin", largest: false),
        extreme("argmax", largest: true),
        Builtin(
            "detach", group: "gradients",
            summary: "The value of x as a new leaf: backward stops there (W = detach(W - lr * grad(W))).",
            details: """
                In a training loop, W = W - lr * grad(W) makes the new W depend on the old one, so the
                graph, and the cost of every backward, grows with each step. detach keeps the value and
                forgets how it was computed, as PyTorch's x.detach() does.
                """,
            parameters: [.required("x", .tensor)]
        ) { _, args in .constant(try args.tensor("x")) },
        Builtin(
            "samples", group: "expectation",
            summary: "n evaluations of expr with fresh draws, stacked along a new first axis.",
            details: """
                The values behind mc: samples(f, n)[t] is the t-th run of f. mean(S, axis=0) is mc's
                estimate and mean(S ** 2, axis=0) - mean(S, axis=0) ** 2 the spread around it (the
                predictive variance of Monte Carlo dropout). The runs draw as numpy's loop
                for i in range(n): f does: all of run 0's draws in order, then run 1's, and so on.
                So after seed(s), samples(rand(2) * randn(), n) is, bit for bit, numpy's
                np.random.seed(s); np.stack([np.random.rand(2) * np.random.randn() for i in range(n)])
                """,
            parameters: [.required("expr", .expression), .optional("n", .integer, "1000")]
        ) { evaluator, args in
            try evaluator.requireTopLevel(args)
            let expression = try args.expression("expr")
            let count = try args.integer("n", default: 1000)
            guard count >= 1, count <= 1_000_000 else {
                throw args.error("n must be in [1, 1000000], got \(count)", at: "n")
            }
            guard var generator = args.random as? NumpySource, generator.worlds == nil else {
                throw args.error("cannot run inside expect, variance or mc")
            }
            defer { args.random = generator }
            return .constant(
                try Expectation.samples(count, source: &generator) { source in
                    try evaluator.evaluateTensor(expression, with: &source)
                })
        },
    ]
}
