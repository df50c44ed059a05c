#if canImport(Glibc)
    import Glibc
#endif

/// Where dropout puts its scaling: Paddle's two modes.
public enum DropoutMode: String, Sendable, CaseIterable {
    /// Inverted dropout: training `x * m / q`, inference `x`.
    case upscaleInTrain = "upscale_in_train"
    /// Classic dropout: training `x * m`, inference `x * q`.
    case downscaleInInfer = "downscale_in_infer"

    /// Parses a mode name as the language writes it.
    public init(named name: String) throws {
        guard let mode = DropoutMode(rawValue: name) else {
            throw CoreError("dropout: mode must be 'upscale_in_train' or 'downscale_in_infer', got '\(name)'")
        }
        self = mode
    }
}

/// How one call to `dropout` behaves.
public struct DropoutSettings: Sendable {
    /// The probability of dropping a unit, `p`.
    public var dropProbability: Double
    /// Where the scaling goes.
    public var mode: DropoutMode
    /// Training draws a mask; inference is deterministic.
    public var isTraining: Bool
    /// The axes that get their own mask entries (others share them); `nil` for every axis.
    public var axes: [Int]?
    /// A 0/1 mask to use instead of drawing one.
    public var mask: Tensor?

    /// The probability of keeping a unit, `q = 1 - p`.
    public var keepProbability: Double { 1 - dropProbability }

    /// Settings for one dropout call.
    public init(
        dropProbability: Double = 0.5, mode: DropoutMode = .upscaleInTrain, isTraining: Bool = true,
        axes: [Int]? = nil, mask: Tensor? = nil
    ) {
        self.dropProbability = dropProbability
        self.mode = mode
        self.isTraining = isTraining
        self.axes = axes
        self.mask = mask
    }
}

/// The dropout family: standard (both modes), Gaussian and alpha dropout.
public enum Dropout {
    /// Checks that a drop probability is in [0, 1].
    public static func validate(_ p: Double, _ operation: String = "dropout") throws {
        guard p >= 0, p <= 1 else {
            throw CoreError("\(operation): p must be in [0, 1], got \(number: p)")
        }
    }

    /// The shape of the mask for `shape` when only `axes` get their own entries.
    public static func maskShape(for shape: Shape, axes: [Int]?) throws -> Shape {
        guard let axes else { return shape }
        let resolved = try Set(axes.map { try shape.normalizedAxis($0, operation: "dropout") })
        return Shape((0..<shape.rank).map { resolved.contains($0) ? shape[$0] : 1 })
    }

    /// Standard dropout, docs/language.md: draws `bernoulli(q, mask shape)` unless a mask is given.
    public static func dropout(_ x: Node, _ settings: DropoutSettings, random: inout any RandomSource) throws
        -> Node
    {
        let x = x.named("x")
        let p = settings.dropProbability
        try validate(p)
        let q = settings.keepProbability
        let upscale = settings.mode == .upscaleInTrain
        let maskShape = try maskShape(for: x.value.shape, axes: settings.axes)
        func finish(_ mask: Tensor, multiplier: Double, divisor: Double, draws: [Draw], steps: [TraceStep])
            throws -> Node
        {
            let operation = Operation.scale(mask: mask, multiplier: multiplier, divisor: divisor)
            let y = try operation.forward([x.value])
            let name = x.reference([])
            let formula = upscale ? "\(name) * mask * scale" : "\(name) * mask"
            return Node(
                operation, inputs: [x], value: y, draws: draws,
                steps: steps + [TraceStep("y", Formula(formula), .tensor(y))],
                composite: "dropout")
        }
        guard settings.isTraining else {
            // Inference never draws: upscale passes x through, downscale multiplies by q.
            let step =
                upscale
                ? TraceStep("y", "\(x.reference([])) (inference, upscale_in_train)", .tensor(x.value)) : nil
            if upscale {
                return Node(
                    .scale(mask: Tensor(1), multiplier: 1, divisor: 1), inputs: [x], value: x.value,
                    steps: [step!], composite: "dropout")
            }
            let y = try Operation.scale(x.value, mask: Tensor(1), multiplier: q, divisor: 1)
            return Node(
                .scale(mask: Tensor(1), multiplier: q, divisor: 1), inputs: [x], value: y,
                steps: [
                    TraceStep(
                        "y", "\(x.reference([])) * q (inference, q = \(number: q))", .tensor(y))
                ],
                composite: "dropout")
        }
        if let given = settings.mask {
            guard given.isMask else { throw CoreError("dropout: mask must hold only 0 and 1") }
            _ = try Shape.broadcast(given.shape, x.value.shape, operation: "dropout mask")
            let scaleStep =
                upscale ? [TraceStep("scale", "1 / q = 1 / \(number: q)", .number(1 / q))] : []
            let divisor = upscale ? q : 1
            if upscale && q == 0 {
                return try finish(
                    Tensor(0), multiplier: 1, divisor: 1, draws: [],
                    steps: [TraceStep("mask", "given", .mask(given))])
            }
            return try finish(
                given, multiplier: 1, divisor: divisor, draws: [],
                steps: [TraceStep("mask", "given", .mask(given))] + scaleStep)
        }
        if p == 0 {
            return try finish(
                Tensor(1), multiplier: 1, divisor: 1, draws: [],
                steps: [TraceStep("mask", "all ones (p = 0 keeps every unit)", .number(1))])
        }
        if p == 1 {
            // Every unit is dropped; no draw is needed and 0 / 0 must not appear.
            return try finish(
                Tensor(0), multiplier: 1, divisor: 1, draws: [],
                steps: [TraceStep("mask", "all zeros (p = 1 drops every unit)", .number(0))])
        }
        if var numpy = random as? NumpySource, numpy.worlds == nil, !x.value.isBatched,
            maskShape == x.value.shape, maskShape.elementCount > NumpySource.largestTracedDraw
        {
            // Too large for the trace to show u: draw, compare and scale in one pass.
            let divisor = upscale ? q : 1
            let (draw, y) = try numpy.drawMaskScaling(x.value, keep: q, multiplier: 1, divisor: divisor)
            random = numpy
            var steps = [TraceStep("mask", "bernoulli(q = \(Explanation.number(q)))", .mask(draw.values))]
            if upscale {
                steps.append(TraceStep("scale", "1 / q = \(Explanation.number(1 / q))", .number(1 / q)))
            }
            let name = x.reference([])
            steps.append(TraceStep("y", upscale ? "\(name) * mask * scale" : "\(name) * mask", .tensor(y)))
            return Node(
                .scale(mask: draw.values, multiplier: 1, divisor: divisor), inputs: [x], value: y,
                draws: [draw], steps: steps, composite: "dropout")
        }
        let draw = try random.draw(.bernoulli(keep: q, shape: maskShape))
        var steps = [TraceStep]()
        if let u = draw.uniforms {
            steps.append(TraceStep("u", Formula(DrawRequest.uniform(maskShape).description), .tensor(u)))
            steps.append(TraceStep("mask", "u < q (q = \(number: q))", .mask(draw.values)))
        } else {
            steps.append(TraceStep("mask", "bernoulli(q = \(number: q))", .mask(draw.values)))
        }
        if upscale {
            steps.append(TraceStep("scale", "1 / q = \(number: 1 / q)", .number(1 / q)))
        }
        return try finish(draw.values, multiplier: 1, divisor: upscale ? q : 1, draws: [draw], steps: steps)
    }

    /// Gaussian dropout: training `x * (1 + sqrt(p / q) * n)` with `n ~ N(0, 1)`; inference `x`.
    public static func gaussian(
        _ x: Node, dropProbability p: Double, isTraining: Bool, random: inout any RandomSource
    ) throws -> Node {
        try validate(p, "gaussian_dropout")
        guard p < 1 else {
            throw CoreError(
                "gaussian_dropout: p must be below 1 (the noise variance p / q is infinite), got 1")
        }
        guard isTraining, p > 0 else {
            return Node(
                .scale(mask: Tensor(1), multiplier: 1, divisor: 1), inputs: [x], value: x.value,
                steps: [TraceStep("y", isTraining ? "x (p = 0)" : "x (inference)", .tensor(x.value))],
                composite: "gaussian_dropout")
        }
        let sigma = sqrt(p / (1 - p))
        let draw = try random.draw(.normal(x.value.shape))
        let noise = draw.values.map { 1 + sigma * $0 }
        let operation = Operation.scale(mask: noise, multiplier: 1, divisor: 1)
        let y = try operation.forward([x.value])
        return Node(
            operation, inputs: [x], value: y, draws: [draw],
            steps: [
                TraceStep("n", Formula(DrawRequest.normal(x.value.shape).description), .tensor(draw.values)),
                TraceStep(
                    "noise", "1 + sqrt(p / q) * n (sqrt(p / q) = \(number: sigma))",
                    .tensor(noise)),
                TraceStep("y", "x * noise", .tensor(y)),
            ], composite: "gaussian_dropout")
    }

    /// SELU's scale times its alpha: the value a dropped unit takes before the affine correction.
    public static let alphaPrime = 1.7580993408473766

    /// Alpha dropout as PyTorch computes it: `x * (m * a) + ((m - 1) * A * a + A * a * p)`.
    public static func alpha(
        _ x: Node, dropProbability p: Double, isTraining: Bool, random: inout any RandomSource
    ) throws -> Node {
        try validate(p, "alpha_dropout")
        guard isTraining, p > 0 else {
            return Node(
                .scale(mask: Tensor(1), multiplier: 1, divisor: 1), inputs: [x], value: x.value,
                steps: [TraceStep("y", isTraining ? "x (p = 0)" : "x (inference)", .tensor(x.value))],
                composite: "alpha_dropout")
        }
        if p == 1 {
            // As PyTorch: every unit dropped gives zeros (the affine correction would divide by 0).
            let zero = Tensor(0)
            return Node(
                .scale(mask: zero, multiplier: 1, divisor: 1), inputs: [x],
                value: try Operation.scale(x.value, mask: zero, multiplier: 1, divisor: 1),
                steps: [
                    TraceStep(
                        "y", "zeros (p = 1 drops every unit)",
                        .tensor(try Operation.scale(x.value, mask: zero, multiplier: 1, divisor: 1)))
                ], composite: "alpha_dropout")
        }
        let q = 1 - p
        let capitalA = alphaPrime
        let a = 1 / sqrt((capitalA * capitalA * p + 1) * q)
        var steps = [TraceStep]()
        let draw = try random.draw(.bernoulli(keep: q, shape: x.value.shape))
        let draws = [draw]
        let mask = draw.values
        if let u = draw.uniforms {
            steps.append(TraceStep("u", Formula(DrawRequest.uniform(x.value.shape).description), .tensor(u)))
        }
        steps.append(TraceStep("mask", "u < q (q = \(number: q))", .mask(mask)))
        steps.append(TraceStep("a", "(q * (1 + p * A^2))^(-1/2) = \(number: a)", .number(a)))
        let scaled = Node(
            .scale(mask: mask, multiplier: a, divisor: 1), inputs: [x],
            value: try Operation.scale(x.value, mask: mask, multiplier: a, divisor: 1))
        let shift = mask.map { ($0 - 1) * (capitalA * a) + capitalA * a * p }
        steps.append(TraceStep("b", "(mask - 1) * A * a + A * a * p", .tensor(shift)))
        let shiftNode = Node.constant(shift, label: "b")
        let y = try Tensor.combine(scaled.value, shift, .add)
        steps.append(TraceStep("y", "x * mask * a + b", .tensor(y)))
        return Node(
            .binary(.add), inputs: [scaled, shiftNode], value: y, draws: draws, steps: steps,
            composite: "alpha_dropout")
    }
}
