#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The nonlinearity `dropconnect_infer` averages.
public enum DropConnectActivation: String, Sendable, CaseIterable {
    /// `max(u, 0)`, the one with a closed form (`samples=0`).
    case relu
    /// The hyperbolic tangent.
    case tanh
    /// `1 / (1 + exp(-u))`.
    case sigmoid
    /// `u` itself: the average is the mean, exactly.
    case identity

    /// Parses an activation name as the language writes it.
    public init(named name: String, operation: String = "dropconnect_infer") throws {
        guard let activation = DropConnectActivation(rawValue: name) else {
            let names = DropConnectActivation.allCases.map(\.rawValue).joined(separator: ", ")
            throw CoreError("\(operation): activation must be one of \(names), got '\(name)'")
        }
        self = activation
    }
}

/// The mean and variance of DropConnect's pre-activation over the weight masks.
public struct DropConnectMoments: Sendable {
    /// `q * W @ v` (plus the bias term), as a node whose trace shows both moments.
    public var mean: Node
    /// `q * (1 - q) * (W * W) @ (v * v)` (plus `b * b` when biases are dropped).
    public var variance: Node
}

extension DropConnect {
    /// The most normal draws one `dropconnect_infer` call may make: as many as the largest
    /// tensor has elements, although the samples are streamed and never stored.
    public static let maxNormalDraws = Limits.maxElements

    /// The exact mean and variance of `u = (M * W) v` over `M ~ Bernoulli(q)` per weight.
    ///
    /// `u_i = sum_j M_ij W_ij v_j` is a sum of independent terms, each `W_ij v_j` with
    /// probability q and 0 otherwise, so
    ///
    /// ```
    /// E[u]   = q * W @ v
    /// Var[u] = q * (1 - q) * (W * W) @ (v * v)
    /// ```
    ///
    /// With a bias, `b` is added to the mean; a dropped bias is a weight on a constant input 1,
    /// adding `q * b` to the mean and `q * (1 - q) * b * b` to the variance. Composed of
    /// primitives, so `explain` shows the sums and gradients flow.
    public static func moments(
        _ v: Node, _ weights: Node, bias: Node? = nil, dropProbability p: Double, dropsBias: Bool = false,
        operation: String = "dropconnect_moments"
    ) throws -> DropConnectMoments {
        try Dropout.validate(p, operation)
        let (v, weights, bias) = (v.named("v"), weights.named("W"), bias?.named("b"))
        let layout = try DropConnectLayout(
            v: v.value.shape, weights: weights.value.shape, bias: bias?.value.shape, operation: operation)
        let q = 1 - p
        let (wName, vName) = (weights.reference([]), v.reference([]))
        // W v for a vector, v W^T for a batch of row vectors.
        func linear(_ w: Node, _ x: Node, label: String) throws -> Node {
            let node =
                layout.batch == nil
                ? try Node.apply(.matmul, [w, x])
                : try Node.apply(.matmul, [x, try Node.apply(.transpose(nil), [w])])
            node.label = label
            return node
        }
        // A number keeps its digits as its label: explain shows it, backward does not list it.
        func times(_ factor: Double, _ x: Node) throws -> Node {
            let constant = Node.constant(Tensor(factor), label: Explanation.number(factor))
            return try Node.apply(.binary(.multiply), [constant, x])
        }
        let bName = bias?.reference([]) ?? "b"
        var mean = try linear(weights, v, label: "\(wName) @ \(vName)")
        let squares = try linear(
            try Node.apply(.binary(.multiply), [weights, weights]).labelled("\(wName) * \(wName)"),
            try Node.apply(.binary(.multiply), [v, v]).labelled("\(vName) * \(vName)"),
            label: "(\(wName) * \(wName)) @ (\(vName) * \(vName))")
        var variance = squares
        var meanFormula = "q * \(wName) @ \(vName)"
        var varianceFormula = "q * (1 - q) * (\(wName) * \(wName)) @ (\(vName) * \(vName))"
        if let bias, dropsBias {
            mean = try Node.apply(.binary(.add), [mean, bias]).labelled("\(wName) @ \(vName) + \(bName)")
            let biasSquares = try Node.apply(.binary(.multiply), [bias, bias]).labelled("\(bName) * \(bName)")
            variance = try Node.apply(.binary(.add), [squares, biasSquares]).labelled(
                "\(squares.label!) + \(bName) * \(bName)")
            meanFormula = "q * (\(wName) @ \(vName) + \(bName))"
            varianceFormula =
                "q * (1 - q) * ((\(wName) * \(wName)) @ (\(vName) * \(vName)) + \(bName) * \(bName))"
        }
        mean = try times(q, mean)
        variance = try times(q * (1 - q), variance)
        if let bias, !dropsBias {
            mean = try Node.apply(.binary(.add), [mean.labelled(meanFormula), bias])
            meanFormula += " + \(bName)"
        }
        let qText: Formula = " (q = \(number: q))"
        let steps = [
            TraceStep("mean", Formula(meanFormula) + qText, .tensor(mean.value)),
            TraceStep("var", Formula(varianceFormula), .tensor(variance.value)),
        ]
        return DropConnectMoments(
            mean: mean.recorded(steps: steps, composite: operation),
            variance: variance.recorded(steps: [], composite: operation))
    }

    /// Wan et al.'s inference (Algorithm 2): `a(u)` averaged over `u ~ N(mean, var)` with the
    /// moments of ``moments(_:_:bias:dropProbability:dropsBias:operation:)``.
    ///
    /// With `samples` Z > 0 the normals are drawn exactly as numpy's
    /// `mean + np.sqrt(var) * np.random.randn(Z, *mean.shape)` would draw them (one `randn`
    /// request of shape `[Z] + mean.shape`, row-major), the activation is applied to every
    /// sample, and each output is the sum over samples in order, divided by Z. With Z = 0 the
    /// closed form is used instead (relu: `mean * Phi(mean / sd) + sd * phi(mean / sd)`;
    /// identity: the mean). The result carries no gradient.
    ///
    /// - Throws: ``CoreError`` for bad shapes or `p`, a negative Z, Z = 0 with tanh or sigmoid,
    ///   or more than ``maxNormalDraws`` normals.
    public static func infer(
        _ v: Node, _ weights: Node, bias: Node? = nil, dropProbability p: Double,
        dropsBias: Bool = false, activation: DropConnectActivation = .relu, samples: Int,
        random: inout any RandomSource
    ) throws -> Node {
        let operation = "dropconnect_infer"
        guard samples >= 0 else {
            throw CoreError("\(operation): samples must be 0 (the closed form) or more, got \(samples)")
        }
        if samples == 0 && (activation == .tanh || activation == .sigmoid) {
            throw CoreError(
                "\(operation): samples=0 asks for the closed form, which exists for relu and identity, not \(activation.rawValue); use samples > 0"
            )
        }
        let moments = try self.moments(
            v, weights, bias: bias, dropProbability: p, dropsBias: dropsBias, operation: operation)
        let mean = moments.mean.value
        let sd = moments.variance.value.map { $0.squareRoot() }
        var steps = moments.mean.steps
        let name = activation == .identity ? "u" : "\(activation.rawValue)(u)"
        guard samples > 0 else {
            let y: Tensor
            let formula: String
            if activation == .relu {
                y = try Tensor.broadcasting(mean, sd, operation: operation) {
                    StandardNormal.rectifiedMean(mean: $0, sd: $1)
                }
                formula = "mean * Phi(mean / sd) + sd * phi(mean / sd), sd = sqrt(var)"
            } else {
                (y, formula) = (mean, "mean (E[u], exact for the identity)")
            }
            steps.append(TraceStep("y", Formula(formula), .tensor(y)))
            return Node(.constant, inputs: [], value: y, steps: steps, composite: operation)
        }
        let request = DrawRequest.normal(Shape([samples] + mean.shape.dims))
        let worlds = random.worlds
        if let meanWorlds = mean.worlds, meanWorlds != worlds {
            throw CoreError("\(operation): cannot sample inside this evaluation (\(meanWorlds) worlds)")
        }
        let size = mean.elementCount
        let (perWorld, overflow) = samples.multipliedReportingOverflow(by: size)
        guard !overflow, perWorld <= maxNormalDraws / (worlds ?? 1) else {
            throw CoreError(
                "\(operation): \(samples) samples of \(size) outputs exceed the limit of \(maxNormalDraws) normal draws; use fewer samples (or samples=0 for the closed form)"
            )
        }
        let sampler = GaussianAverager(mean: mean, sd: sd, samples: samples, activation: activation)
        let result: GaussianAverager.Result
        var draws = [Draw]()
        if var source = random as? NumpySource {
            // Stream the normals in cache-sized runs: no Z x n tensor is ever made.
            WorkMeter.current?.record(work: Double(perWorld))
            result = try sampler.run(worlds: worlds ?? 1, generator: &source.generator)
            random = source
        } else {
            let draw = try random.draw(request)
            try Interruption.check()
            draws.append(draw)
            result = sampler.run(worlds: worlds ?? 1, normals: draw.values.scalars)
        }
        let y = Tensor(shape: mean.shape, scalars: result.means, worlds: worlds ?? mean.worlds)
        let firstRows = Tensor(
            shape: Shape([result.firstSamples.count / Swift.max(size, 1)] + mean.shape.dims),
            scalars: result.firstSamples)
        steps.append(TraceStep("u", "mean + sqrt(var) * \(request.description)", .tensor(firstRows)))
        steps.append(TraceStep("y", Formula("mean of \(name) over \(samples) samples"), .tensor(y)))
        return Node(.constant, inputs: [], value: y, draws: draws, steps: steps, composite: operation)
    }
}

/// Averages `a(mean + sd * n)` over rows of standard normals, output by output, in row order.
struct GaussianAverager {
    struct Result {
        /// One mean per output per world, world after world.
        var means: [Double]
        /// The first few samples of u in world 0, row after row (for the trace).
        var firstSamples: [Double]
    }

    let mean: Tensor
    let sd: Tensor
    let samples: Int
    let activation: DropConnectActivation
    /// Samples of u kept for the trace.
    static let keptRows = 3

    var size: Int { mean.elementCount }

    /// Draws each world's `samples x size` normals from `generator` in runs of about 4096.
    ///
    /// - Throws: ``CoreError/interrupted`` when asked to stop (polled every few runs).
    func run(worlds: Int, generator: inout NumpyGenerator) throws -> Result {
        let rowsPerRun = Swift.max(1, 4096 / Swift.max(size, 1))
        var means = [Double](repeating: 0, count: worlds * size)
        var first = [Double]()
        var sincePoll = 0
        try withUnsafeTemporaryAllocation(of: Double.self, capacity: rowsPerRun * size) { buffer in
            for world in 0..<worlds {
                var sums = [Double](repeating: 0, count: size)
                var done = 0
                while done < samples {
                    let rows = Swift.min(rowsPerRun, samples - done)
                    let run = UnsafeMutableBufferPointer(rebasing: buffer[0..<(rows * size)])
                    generator.fillGaussians(run)
                    if world == 0 && done == 0 {
                        first = keep(UnsafeBufferPointer(run), rows: rows, world: 0)
                    }
                    add(UnsafeBufferPointer(run), rows: rows, world: world, into: &sums)
                    done += rows
                    sincePoll += rows * size
                    if sincePoll >= Interruption.stride {
                        try Interruption.check()
                        sincePoll = 0
                    }
                }
                for e in 0..<size { means[world * size + e] = sums[e] / Double(samples) }
            }
        }
        return Result(means: means, firstSamples: first)
    }

    /// The same average from normals already drawn (world after world, `samples x size` each).
    func run(worlds: Int, normals: [Double]) -> Result {
        var means = [Double](repeating: 0, count: worlds * size)
        var first = [Double]()
        normals.withUnsafeBufferPointer { all in
            for world in 0..<worlds {
                let part = UnsafeBufferPointer(
                    rebasing: all[(world * samples * size)..<((world + 1) * samples * size)])
                if world == 0 { first = keep(part, rows: samples, world: 0) }
                var sums = [Double](repeating: 0, count: size)
                add(part, rows: samples, world: world, into: &sums)
                for e in 0..<size { means[world * size + e] = sums[e] / Double(samples) }
            }
        }
        return Result(means: means, firstSamples: first)
    }

    /// The first ``keptRows`` samples of u, for the trace.
    func keep(_ normals: UnsafeBufferPointer<Double>, rows: Int, world: Int) -> [Double] {
        let base = mean.worlds == nil ? 0 : world * size
        var out = [Double]()
        for r in 0..<Swift.min(rows, GaussianAverager.keptRows) {
            for e in 0..<size {
                out.append(mean.scalars[base + e] + sd.scalars[base + e] * normals[r * size + e])
            }
        }
        return out
    }

    /// `sums[e] += a(mean[e] + sd[e] * n[r, e])` for every row r in order.
    func add(_ normals: UnsafeBufferPointer<Double>, rows: Int, world: Int, into sums: inout [Double]) {
        let base = mean.worlds == nil ? 0 : world * size
        mean.scalars.withUnsafeBufferPointer { m in
            sd.scalars.withUnsafeBufferPointer { s in
                sums.withUnsafeMutableBufferPointer { total in
                    let (mu, sigma, n) = (m.baseAddress! + base, s.baseAddress! + base, normals.baseAddress!)
                    let out = total.baseAddress!
                    // One loop per activation, so the switch is not inside the loop.
                    switch activation {
                    case .relu: Self.accumulate(mu, sigma, n, out, rows, size) { $0 > 0 ? $0 : 0 }
                    case .identity: Self.accumulate(mu, sigma, n, out, rows, size) { $0 }
                    case .tanh: Self.accumulate(mu, sigma, n, out, rows, size) { tanh($0) }
                    case .sigmoid: Self.accumulate(mu, sigma, n, out, rows, size) { Tensor.sigmoid($0) }
                    }
                }
            }
        }
    }

    @inline(__always)
    static func accumulate(
        _ mu: UnsafePointer<Double>, _ sigma: UnsafePointer<Double>, _ normals: UnsafePointer<Double>,
        _ sums: UnsafeMutablePointer<Double>, _ rows: Int, _ size: Int, _ f: (Double) -> Double
    ) {
        for r in 0..<rows {
            let row = normals + r * size
            // mean + (sd * n), the order numpy evaluates `mean + sd * randn(...)` in.
            for e in 0..<size { sums[e] += f(mu[e] + sigma[e] * row[e]) }
        }
    }
}

extension Node {
    /// Sets the label and returns the node, for building labelled intermediate values.
    func labelled(_ text: String) -> Node {
        label = text
        return self
    }

    /// The same value and history as a composite's final node, with its trace steps.
    func recorded(steps: [TraceStep], composite: String) -> Node {
        Node(operation, inputs: inputs, value: value, draws: draws, steps: steps, composite: composite)
    }
}
