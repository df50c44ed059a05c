/// How one call to `dropconnect` behaves.
public struct DropConnectSettings: Sendable {
    /// The probability of dropping a weight, `p` (Wan et al. write p for keeping one).
    public var dropProbability: Double
    /// A 0/1 weight mask to use instead of drawing one; it must broadcast to the mask's shape.
    public var mask: Tensor?
    /// Whether the biases get mask entries of their own, as in Wan et al.'s formulation.
    public var dropsBias: Bool
    /// A 0/1 bias mask to use instead of drawing one (implies ``dropsBias``).
    public var biasMask: Tensor?

    /// The probability of keeping a weight, `q = 1 - p`.
    public var keepProbability: Double { 1 - dropProbability }

    /// Settings for one DropConnect call.
    public init(
        dropProbability: Double = 0.5, mask: Tensor? = nil, dropsBias: Bool = false, biasMask: Tensor? = nil
    ) {
        self.dropProbability = dropProbability
        self.mask = mask
        self.dropsBias = dropsBias || biasMask != nil
        self.biasMask = biasMask
    }
}

/// The shapes of one DropConnect layer: `W` is `[out, in]`, `v` is `[in]` or `[batch, in]`.
public struct DropConnectLayout: Sendable, Equatable {
    /// Rows of W: the layer's outputs.
    public var outputs: Int
    /// Columns of W: the layer's inputs.
    public var inputs: Int
    /// The number of examples when `v` is a batch of row vectors, `nil` for one vector.
    public var batch: Int?

    /// The weight mask's shape: `[out, in]`, or `[batch, out, in]` (one mask per example).
    public var maskShape: Shape {
        Shape((batch.map { [$0] } ?? []) + [outputs, inputs])
    }

    /// The output's (and the bias mask's) shape: `[out]` or `[batch, out]`.
    public var outputShape: Shape {
        Shape((batch.map { [$0] } ?? []) + [outputs])
    }

    /// Checks the shapes of a call and reads the layer's sizes from them.
    ///
    /// - Throws: ``CoreError`` naming the shapes that do not fit, e.g.
    ///   `dropconnect: W of shape [2, 3] takes inputs of length 3, but v has shape [4]`.
    public init(v: Shape, weights: Shape, bias: Shape? = nil, operation: String) throws {
        guard weights.rank == 2 else {
            throw CoreError("\(operation): W must be a matrix [out, in], got shape \(weights)")
        }
        guard v.rank == 1 || v.rank == 2 else {
            throw CoreError(
                "\(operation): v must be a vector [in] or a batch of row vectors [batch, in], got shape \(v)")
        }
        outputs = weights[0]
        inputs = weights[1]
        guard v.dims.last == inputs else {
            throw CoreError(
                "\(operation): W of shape \(weights) takes inputs of length \(inputs), but v has shape \(v)")
        }
        batch = v.rank == 2 ? v[0] : nil
        if batch == 0 { throw CoreError("\(operation): v is an empty batch (shape \(v))") }
        if let bias, bias != Shape([outputs]) {
            throw CoreError(
                "\(operation): b must have shape [\(outputs)] (one bias per row of W \(weights)), got \(bias)"
            )
        }
    }
}

/// DropConnect (Wan et al., ICML 2013): a random mask on the weights rather than on the units.
///
/// Training is `r = a((M * W) v)` with `M ~ Bernoulli(q)` per weight, unscaled; a batch draws
/// one mask per example. Everything here is composed of primitive operations (the masked weight
/// is a `.scale` of W, the product a `.matmul`), so the gradients `dW = M * (delta v^T)` and
/// `dv = (M * W)^T delta` come from their backward rules.
public enum DropConnect {
    /// The training forward pass `(M * W) @ v` (plus `b`, or `mb * b` when biases are dropped).
    ///
    /// Draws, in order: the weight mask as one `bernoulli(q, mask shape)` request (row-major, so
    /// `[batch, out, in]` is example after example), then the bias mask `bernoulli(q, output
    /// shape)` when biases are dropped. Given masks and `p` of 0 or 1 draw nothing.
    ///
    /// - Throws: ``CoreError`` for `p` outside [0, 1], shapes that do not fit, or a given mask
    ///   that is not 0/1 or does not broadcast to the mask's shape.
    public static func forward(
        _ v: Node, _ weights: Node, bias: Node? = nil, _ settings: DropConnectSettings,
        random: inout any RandomSource
    ) throws -> Node {
        let operation = "dropconnect"
        let (v, weights, bias) = (v.named("v"), weights.named("W"), bias?.named("b"))
        let p = settings.dropProbability
        try Dropout.validate(p, operation)
        let layout = try DropConnectLayout(
            v: v.value.shape, weights: weights.value.shape, bias: bias?.value.shape, operation: operation)
        var steps = [TraceStep]()
        var draws = [Draw]()
        let mask = try drawMask(
            "M", shape: layout.maskShape, given: settings.mask, dropProbability: p, what: "weight",
            operation: operation, steps: &steps, draws: &draws, random: &random)

        // The masked weights, one copy of W per example in a batch.
        let wName = weights.reference([])
        let vName = v.reference([])
        let perExample = try layout.batch.map { count in
            try Node.apply(.stack(axis: 0), Array(repeating: weights, count: count))
        }
        let masked = try maskedNode(perExample ?? weights, mask: mask, label: "M * \(wName)")

        // (M * W) @ v; a batch multiplies [batch, out, in] by v as [batch, in, 1].
        var formula = "(M * \(wName)) @ \(vName)"
        var product: (operation: Operation, inputs: [Node])
        if let count = layout.batch {
            let column = try Node.apply(.reshape(Shape([count, layout.inputs, 1])), [v])
            let columns = try Node.apply(.matmul, [masked, column])
            product = (.reshape(layout.outputShape), [columns])
            formula = "(M[n] * \(wName)) @ \(vName)[n]"
        } else {
            product = (.matmul, [masked, v])
        }
        let name = layout.batch == nil ? "y" : "y[n]"
        guard let bias else {
            let y = try product.operation.forward(product.inputs.map(\.value))
            return Node(
                product.operation, inputs: product.inputs, value: y, draws: draws,
                steps: steps + [TraceStep(name, Formula(formula), .tensor(y))], composite: operation)
        }
        let preactivation = Node(
            product.operation, inputs: product.inputs,
            value: try product.operation.forward(product.inputs.map(\.value)), label: formula)
        let bName = bias.reference([])
        var biasTerm = bias
        if settings.dropsBias {
            let biasMask = try drawMask(
                "mb", shape: layout.outputShape, given: settings.biasMask, dropProbability: p, what: "bias",
                operation: operation, steps: &steps, draws: &draws, random: &random)
            let perExampleBias = try layout.batch.map { count in
                try Node.apply(.stack(axis: 0), Array(repeating: bias, count: count))
            }
            biasTerm = try maskedNode(perExampleBias ?? bias, mask: biasMask, label: "mb * \(bName)")
            formula += " + mb\(layout.batch == nil ? "" : "[n]") * \(bName)"
        } else {
            formula += " + \(bName)"
        }
        let y = try Tensor.combine(preactivation.value, biasTerm.value, .add)
        return Node(
            .binary(.add), inputs: [preactivation, biasTerm], value: y, draws: draws,
            steps: steps + [TraceStep(name, Formula(formula), .tensor(y))], composite: operation)
    }

    /// `x * mask` as the `.scale` primitive, so its gradient is `dout * mask`.
    static func maskedNode(_ x: Node, mask: Tensor, label: String) throws -> Node {
        let operation = Operation.scale(mask: mask, multiplier: 1, divisor: 1)
        return Node(operation, inputs: [x], value: try operation.forward([x.value]), label: label)
    }

    /// A mask of `shape`: the given one (broadcast to `shape`), all ones or zeros for p = 0 or 1,
    /// or one `bernoulli(q, shape)` draw; records the trace steps as dropout does.
    static func drawMask(
        _ name: String, shape: Shape, given: Tensor?, dropProbability p: Double, what: String,
        operation: String, steps: inout [TraceStep], draws: inout [Draw], random: inout any RandomSource
    ) throws -> Tensor {
        let q = 1 - p
        try Limits.elementCount(shape, worlds: random.worlds, operation)
        if let given {
            let argument = name == "M" ? "mask" : "bias_mask"
            guard given.isMask else { throw CoreError("\(operation): \(argument) must hold only 0 and 1") }
            guard (try? Shape.broadcast(given.shape, shape, operation: operation)) == shape else {
                throw CoreError(
                    "\(operation): \(argument) of shape \(given.shape) does not broadcast to the \(what) mask's shape \(shape)"
                )
            }
            let full = try given.broadcast(to: shape)
            steps.append(TraceStep(name, "given", .mask(full)))
            return full
        }
        if p == 0 || p == 1 {
            let full = Tensor(repeating: p == 0 ? 1 : 0, shape: shape)
            let reason =
                p == 0 ? "all ones (p = 0 keeps every \(what))" : "all zeros (p = 1 drops every \(what))"
            steps.append(TraceStep(name, Formula(reason), .mask(full)))
            return full
        }
        let draw = try random.draw(.bernoulli(keep: q, shape: shape))
        draws.append(draw)
        let uniformName = name == "M" ? "u" : "ub"
        if let u = draw.uniforms {
            steps.append(TraceStep(uniformName, Formula(DrawRequest.uniform(shape).description), .tensor(u)))
            steps.append(
                TraceStep(name, "\(uniformName) < q (q = \(number: q))", .mask(draw.values)))
        } else {
            steps.append(TraceStep(name, "bernoulli(q = \(number: q))", .mask(draw.values)))
        }
        return draw.values
    }
}
