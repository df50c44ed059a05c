/// The outcome of comparing analytic gradients with centered differences.
public struct GradientCheckResult: Sendable {
    /// One input's gradients side by side.
    public struct Input: Sendable {
        /// The gradient from `backward`.
        public var analytic: Tensor
        /// The centered-difference estimate.
        public var numeric: Tensor
        /// cs231n's relative error, the largest over elements.
        public var relativeError: Double
    }

    /// Per input, in the order given.
    public var inputs: [Input]
    /// The largest relative error over all inputs.
    public var maxRelativeError: Double { inputs.map(\.relativeError).max() ?? 0 }
}

/// Gradient checking by centered differences (docs/language.md, Exact conventions), with the draws replayed.
public enum GradientCheck {
    /// Builds the checked value from leaf nodes for the inputs, drawing from the given source.
    public typealias Computation = ([Node], inout any RandomSource) throws -> Node

    /// cs231n's relative error, `max |a - n| / max(1e-8, |a| + |n|)` over elements.
    public static func relativeError(_ analytic: Tensor, _ numeric: Tensor) -> Double {
        zip(analytic.scalars, numeric.scalars).map { a, n in
            Swift.abs(a - n) / Swift.max(1e-8, Swift.abs(a) + Swift.abs(n))
        }
        .max() ?? 0
    }

    /// Compares `backward` with centered differences of step `h` for every input element.
    ///
    /// A non-scalar output is summed first. With `replayDraws` (the default) every perturbed
    /// evaluation sees the masks of the first; without it each one draws afresh from `random`,
    /// which shows why backward must reuse the forward mask.
    public static func run(
        inputs: [Tensor], step h: Double = 1e-5, replayDraws: Bool = true, random: inout any RandomSource,
        _ computation: Computation
    ) throws -> GradientCheckResult {
        var recorder: any RandomSource = RecordingSource(random)
        let leaves = inputs.map { Node.constant($0) }
        let meter = WorkMeter()
        let output = try meter.measuring { try computation(leaves, &recorder) }
        try checkWork(perEvaluation: meter.workPerWorld, inputs: inputs.reduce(0) { $0 + $1.scalars.count })
        let recording = recorder as! RecordingSource
        random = recording.base
        let loss =
            output.value.elementCount == 1
            ? output : try Node.apply(.reduce(.sum, axes: nil, keepDims: false), [output])
        let gradients = try loss.backward()
        func evaluate(_ values: [Tensor]) throws -> Tensor {
            var source: any RandomSource = replayDraws ? ReplaySource(recording.recorded) : random
            let y = try computation(values.map { Node.constant($0) }, &source)
            if !replayDraws { random = source }
            return y.value
        }
        var results = [GradientCheckResult.Input]()
        for (i, leaf) in leaves.enumerated() {
            let analytic = gradients[leaf] ?? Tensor(repeating: 0, shape: leaf.value.shape)
            var numeric = [Double](repeating: 0, count: leaf.value.scalars.count)
            for e in 0..<numeric.count {
                var values = inputs
                values[i].scalars[e] += h
                let plus = try evaluate(values)
                values[i].scalars[e] -= 2 * h
                let minus = try evaluate(values)
                // Difference elementwise, then sum (as cs231n's eval_numerical_gradient_array does
                // with dout = 1): differencing two large sums would lose digits.
                let change = zip(plus.scalars, minus.scalars).reduce(0.0) { $0 + ($1.0 - $1.1) }
                numeric[e] = change / (2 * h)
            }
            let numericTensor = Tensor(shape: leaf.value.shape, scalars: numeric)
            results.append(
                .init(
                    analytic: analytic, numeric: numericTensor,
                    relativeError: relativeError(analytic, numericTensor)))
        }
        return GradientCheckResult(inputs: results)
    }

    /// Refuses a check whose evaluations (two per input element) would do more than
    /// ``Limits/maxWork`` element operations in all.
    static func checkWork(perEvaluation: Double, inputs: Int) throws {
        let evaluations = 2 * Double(inputs)
        let total = evaluations * perEvaluation
        guard total <= Limits.maxWork else {
            throw CoreError(
                "gradcheck: \(Limits.approximate(evaluations)) evaluations of \(Limits.approximate(perEvaluation.rounded())) element operations each (\(Limits.approximate(total)) in all) exceed the work limit of \(Limits.approximate(Limits.maxWork)); check fewer or smaller inputs"
            )
        }
    }
}
