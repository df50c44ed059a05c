#if canImport(Glibc)
    import Glibc
#endif

/// An exact expectation over every outcome of a computation's Bernoulli draws.
public struct ExactExpectation: Sendable {
    /// The probability-weighted mean.
    public var mean: Tensor
    /// The probability-weighted variance, when asked for.
    public var variance: Tensor?
    /// The number of Bernoulli bits the computation draws.
    public var bits: Int
    /// The number of outcomes enumerated, 2^bits.
    public var outcomes: Int { 1 << bits }
}

/// A Monte Carlo estimate of a mean.
public struct MonteCarloEstimate: Sendable {
    /// The sample mean.
    public var mean: Tensor
    /// The standard error of the mean, `sd / sqrt(n)` with the sample standard deviation.
    public var standardError: Tensor
    /// The number of samples.
    public var samples: Int
}

/// Evaluates a computation over many worlds at once, feeding it a batched random source.
///
/// The computation runs once per chunk of a few thousand worlds, not once per world: every
/// operation maps over the hidden world axis (docs/architecture.md). Before it starts, one world is evaluated with a
/// ``WorkMeter``: a request whose total work exceeds ``Limits/maxWork`` is refused then, and a
/// chunk whose tensors would pass ``Limits/maxElements`` shrinks (see
/// ``Limits/worlds(fitting:preferred:)``). Should a later chunk still need more (a
/// ``BatchTooLarge``), it is retried with fewer worlds, so the chunk never shows in a message.
public enum Expectation {
    /// The default number of worlds evaluated together.
    public static let chunkSize = 4096

    /// The computation to average: evaluates with the given source and returns its value,
    /// batched when it depends on the source's draws.
    public typealias Computation = (inout any RandomSource) throws -> Tensor

    /// Counts the Bernoulli bits the computation draws, refusing continuous draws.
    public static func countBits(_ computation: Computation) throws -> Int {
        try discover(computation).bits
    }

    /// Evaluates one world with a discovery source: the bits it draws and the work it does.
    static func discover(_ computation: Computation) throws -> (bits: Int, meter: WorkMeter) {
        let meter = WorkMeter()
        var source: any RandomSource = DiscoverySource()
        _ = try meter.measuring { try computation(&source) }
        guard let discovery = source as? DiscoverySource else {
            throw CoreError("expect: the computation replaced its random source")
        }
        return (discovery.bits, meter)
    }

    /// Refuses a request whose total work, `worlds` times the metered work of one world, is over
    /// ``Limits/maxWork``.
    static func checkWork(_ meter: WorkMeter, worlds: Double, _ operation: String, _ unit: String) throws {
        let total = meter.workPerWorld * worlds
        guard total <= Limits.maxWork else {
            let advice =
                unit == "samples"
                ? "use fewer samples or smaller tensors" : "draw fewer values or use smaller tensors"
            throw CoreError(
                "\(operation): \(Limits.approximate(worlds)) \(unit) of \(Limits.approximate(meter.workPerWorld.rounded())) element operations each (\(Limits.approximate(total)) in all) exceed the work limit of \(Limits.approximate(Limits.maxWork)); \(advice)"
            )
        }
    }

    /// The chunk of worlds to start with: `preferred`, or fewer when one world's tensors are large.
    static func plannedChunk(_ meter: WorkMeter, preferred: Int) -> Int {
        Limits.worlds(fitting: meter.largestPerWorld, preferred: preferred)
    }

    /// Calls `body(values, probabilities)` for each chunk of outcomes, in outcome order.
    static func forEachChunk(
        bits: Int, chunkSize: Int, _ computation: Computation, _ body: (Tensor, [Double]) throws -> Void
    ) throws {
        let total = 1 << bits
        var chunk = Swift.max(1, Swift.min(total, chunkSize))
        var start = 0
        while start < total {
            let count = Swift.min(chunk, total - start)
            var source: any RandomSource = EnumerationSource(firstOutcome: start, count: count)
            let values: Tensor
            do {
                values = try computation(&source)
            } catch let tooLarge as BatchTooLarge where count > 1 {
                chunk = Swift.min(
                    count / 2, Limits.worlds(fitting: tooLarge.elementsPerWorld, preferred: count))
                continue
            }
            guard let used = source as? EnumerationSource else {
                throw CoreError("expect: the computation replaced its random source")
            }
            guard used.bitsUsed == bits else {
                throw CoreError(
                    "expect: the computation drew \(used.bitsUsed) Bernoulli values in one outcome and \(bits) in another"
                )
            }
            guard values.worlds == nil || values.worlds == count else {
                throw CoreError("expect: the computation's value comes from another batch of worlds")
            }
            try body(values, used.weights)
            start += count
            try Interruption.check()
        }
    }

    /// The exact expectation (and optionally variance) over all 2^n outcomes of the draws.
    ///
    /// - Throws: ``CoreError`` beyond ``Limits/maxEnumeratedDraws`` draws, for a continuous
    ///   draw, or when the work is over ``Limits/maxWork``.
    public static func exact(
        variance wantsVariance: Bool = false, chunkSize: Int = chunkSize, _ computation: Computation
    ) throws -> ExactExpectation {
        let operation = wantsVariance ? "variance" : "expect"
        let (bits, meter) = try discover(computation)
        guard bits <= Limits.maxEnumeratedDraws else {
            throw CoreError(
                "\(operation): the computation draws \(bits) Bernoulli values, 2^\(bits) outcomes; exact enumeration stops at \(Limits.maxEnumeratedDraws) draws (use mc)"
            )
        }
        try checkWork(meter, worlds: Double(1 << bits) * (wantsVariance ? 2 : 1), operation, "outcomes")
        let chunkSize = plannedChunk(meter, preferred: chunkSize)
        var mean: [Double]?
        var shape: Shape?
        try forEachChunk(bits: bits, chunkSize: chunkSize, computation) { values, weights in
            try requireSameShape(&shape, values, operation)
            accumulate(&mean, values, weights) { $0 }
        }
        let meanTensor = Tensor(shape: shape ?? [], scalars: mean ?? [])
        guard wantsVariance else { return ExactExpectation(mean: meanTensor, variance: nil, bits: bits) }
        // A second pass around the mean avoids the cancellation of E[x^2] - E[x]^2.
        var spread: [Double]?
        let center = meanTensor.scalars
        try forEachChunk(bits: bits, chunkSize: chunkSize, computation) { values, weights in
            try requireSameShape(&shape, values, operation)
            let size = values.elementCount
            accumulate(&spread, values, weights) { [center] value, element in
                let d = value - center[element % size]
                return d * d
            }
        }
        return ExactExpectation(
            mean: meanTensor, variance: Tensor(shape: shape ?? [], scalars: spread ?? []), bits: bits)
    }

    /// Throws when a chunk's per-world shape differs from the first chunk's.
    static func requireSameShape(_ shape: inout Shape?, _ values: Tensor, _ operation: String) throws {
        if let shape, shape != values.shape {
            throw CoreError(
                "\(operation): the computation gives shape \(shape) in one outcome and \(values.shape) in another"
            )
        }
        shape = values.shape
    }

    /// The normalised weighted geometric mean over all outcomes, `exp(E[log f])` divided by its
    /// sum along the last axis (Srivastava et al.'s average of sub-network predictions).
    ///
    /// - Throws: ``CoreError`` when a value is not positive (its logarithm is undefined).
    public static func geometricMean(chunkSize: Int = chunkSize, _ computation: Computation) throws
        -> ExactExpectation
    {
        let logs: Computation = { source in
            let value = try computation(&source)
            guard value.scalars.allSatisfy({ $0 > 0 }) else {
                throw CoreError("expect: the geometric mean needs positive values (e.g. softmax outputs)")
            }
            return value.applying(.log)
        }
        let meanLog = try exact(chunkSize: chunkSize, logs)
        let unnormalised = meanLog.mean.applying(.exp)
        guard unnormalised.rank >= 1 else {
            return ExactExpectation(mean: unnormalised, variance: nil, bits: meanLog.bits)
        }
        let total = try unnormalised.reduced(.sum, axes: [-1], keepDims: true)
        return ExactExpectation(mean: try unnormalised / total, variance: nil, bits: meanLog.bits)
    }

    /// Adds `sum over worlds of weight * transform(value)` into `total` (one entry per element).
    static func accumulate(
        _ total: inout [Double]?, _ values: Tensor, _ weights: [Double], _ transform: (Double, Int) -> Double
    ) {
        let size = values.elementCount
        var sums = total ?? [Double](repeating: 0, count: size)
        if values.worlds == nil {
            let weight = weights.reduce(0, +)
            for e in 0..<size { sums[e] += weight * transform(values.scalars[e], e) }
        } else {
            values.scalars.withUnsafeBufferPointer { v in
                for (world, weight) in weights.enumerated() where weight != 0 {
                    let base = world * size
                    for e in 0..<size { sums[e] += weight * transform(v[base + e], base + e) }
                }
            }
        }
        total = sums
    }

    static func accumulate(
        _ total: inout [Double]?, _ values: Tensor, _ weights: [Double], _ transform: (Double) -> Double
    ) {
        accumulate(&total, values, weights) { value, _ in transform(value) }
    }

    /// Every outcome's value and probability, for listing them (at most 2^16 outcomes).
    public static func outcomes(_ computation: Computation) throws -> (
        values: [Tensor], probabilities: [Double]
    ) {
        let (bits, meter) = try discover(computation)
        guard bits <= 16 else {
            throw CoreError(
                "outcomes: the computation draws \(bits) Bernoulli values; listing stops at 16 (65536 outcomes)"
            )
        }
        try checkWork(meter, worlds: Double(1 << bits), "outcomes", "outcomes")
        let listed = Double(meter.largestPerWorld) * Double(1 << bits)
        guard Double(meter.largestPerWorld) * Double(1 << bits) <= Double(Limits.maxElements) else {
            throw CoreError(
                "outcomes: \(1 << bits) outcomes of up to \(meter.largestPerWorld) elements each (\(Explanation.number(listed))) exceed the limit of \(Limits.maxElements) elements"
            )
        }
        var values = [Tensor]()
        var probabilities = [Double]()
        var shape: Shape?
        try forEachChunk(bits: bits, chunkSize: plannedChunk(meter, preferred: 1 << 12), computation) {
            batch, weights in
            try requireSameShape(&shape, batch, "outcomes")
            for world in 0..<weights.count { values.append(batch.world(world)) }
            probabilities += weights
        }
        return (values, probabilities)
    }

    /// Evaluates `computation` over `samples` worlds drawn from `source`, in chunks, handing each
    /// chunk's (batched, or world-independent) value to `body` with its number of worlds.
    ///
    /// Each draw request covers every world of the chunk, world after world, so the chunk decides
    /// which numbers each world gets when the computation draws more than once: it shrinks from
    /// `chunkSize` only when the tensors would not fit otherwise.
    static func forEachSampleChunk(
        samples: Int, chunkSize: Int, source: inout NumpySource, _ operation: String,
        _ computation: Computation, _ body: (Tensor, Int) throws -> Void
    ) throws {
        guard source.worlds == nil else {
            throw CoreError("\(operation): cannot run inside expect, variance, mc or samples")
        }
        // One world on a copy of the source: the work and the largest tensor, before starting.
        let meter = WorkMeter()
        var probe: any RandomSource = NumpySource(generator: source.generator, worlds: 1)
        _ = try meter.measuring { try computation(&probe) }
        try checkWork(meter, worlds: Double(samples), operation, "samples")
        var chunk = plannedChunk(meter, preferred: chunkSize)
        // Runs draw in numpy's loop order, however they are chunked (WorldOrder.swift).
        let plan = try drawPlan(computation, source: source)
        var done = 0
        while done < samples {
            let worlds = Swift.min(chunk, samples - done)
            let values: Tensor
            do {
                values = try evaluateInWorldOrder(worlds: worlds, plan: plan, source: &source, computation)
            } catch let tooLarge as BatchTooLarge where worlds > 1 {
                // Nothing is kept from the attempt: the source is still where the chunk began.
                chunk = Swift.min(
                    worlds / 2, Limits.worlds(fitting: tooLarge.elementsPerWorld, preferred: worlds))
                continue
            }
            guard values.worlds == nil || values.worlds == worlds else {
                throw CoreError("\(operation): the computation's value comes from another batch of worlds")
            }
            try body(values, worlds)
            done += worlds
            try Interruption.check()
        }
    }

    /// A Monte Carlo estimate of the mean over `samples` fresh draws from `source`.
    ///
    /// The runs draw as numpy's `for i in range(samples): expr` would, evaluated chunk by chunk.
    public static func monteCarlo(
        samples: Int, chunkSize: Int = 8192, source: inout NumpySource, _ computation: Computation
    ) throws -> MonteCarloEstimate {
        guard samples >= 1 else { throw CoreError("mc: samples must be at least 1, got \(samples)") }
        var count = 0
        var mean = [Double]()
        var m2 = [Double]()
        var shape: Shape?
        try forEachSampleChunk(samples: samples, chunkSize: chunkSize, source: &source, "mc", computation) {
            values, worlds in
            try requireSameShape(&shape, values, "mc")
            let size = values.elementCount
            if mean.isEmpty && size > 0 {
                mean = [Double](repeating: 0, count: size)
                m2 = [Double](repeating: 0, count: size)
            }
            // Chan et al.'s pairwise update: merge this chunk's mean and sum of squares. A value
            // that does not depend on the draws is the same in every world of the chunk.
            let batched = values.isBatched
            values.scalars.withUnsafeBufferPointer { v in
                for e in 0..<size {
                    var chunkSum = 0.0
                    var chunkM2 = 0.0
                    if batched {
                        for w in 0..<worlds { chunkSum += v[w * size + e] }
                    } else {
                        chunkSum = v[e] * Double(worlds)
                    }
                    let chunkMean = batched ? chunkSum / Double(worlds) : v[e]
                    if batched {
                        for w in 0..<worlds {
                            let d = v[w * size + e] - chunkMean
                            chunkM2 += d * d
                        }
                    }
                    let delta = chunkMean - mean[e]
                    let total = Double(count + worlds)
                    mean[e] += delta * Double(worlds) / total
                    m2[e] += chunkM2 + delta * delta * Double(count) * Double(worlds) / total
                }
            }
            count += worlds
        }
        let n = Double(count)
        let standardError = m2.map { count > 1 ? sqrt($0 / (n - 1) / n) : .nan }
        let resultShape = shape ?? []
        return MonteCarloEstimate(
            mean: Tensor(shape: resultShape, scalars: mean.isEmpty ? [] : mean),
            standardError: Tensor(shape: resultShape, scalars: standardError),
            samples: count)
    }

    /// `samples` evaluations of `computation` with fresh draws, stacked along a new first axis
    /// (the values behind ``monteCarlo(samples:chunkSize:source:_:)``).
    ///
    /// - Throws: ``CoreError`` when the stacked result would exceed ``Limits/maxElements`` or
    ///   have more than 4 axes, or the work is over ``Limits/maxWork``.
    public static func samples(
        _ samples: Int, chunkSize: Int? = nil, source: inout NumpySource, _ computation: Computation
    ) throws -> Tensor {
        // One batch of every sample unless that does not fit: numpy's order for one draw.
        let chunkSize = chunkSize ?? samples
        var scalars = [Double]()
        var shape: Shape?
        try forEachSampleChunk(
            samples: samples, chunkSize: chunkSize, source: &source, "samples", computation
        ) {
            values, worlds in
            try requireSameShape(&shape, values, "samples")
            guard values.rank < 4 else {
                throw CoreError(
                    "samples: expr has \(values.rank) axes; the stacked result would have more than 4")
            }
            let stacked = Shape([samples] + values.shape.dims)
            try Limits.elementCount(stacked, worlds: nil, "samples")
            if scalars.isEmpty { scalars.reserveCapacity(stacked.elementCount) }
            if values.isBatched {
                scalars += values.scalars
            } else {
                for _ in 0..<worlds { scalars += values.scalars }
            }
        }
        return Tensor(shape: Shape([samples] + (shape ?? []).dims), scalars: scalars)
    }
}
