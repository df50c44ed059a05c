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
/// operation maps over the hidden world axis (ARCHITECTURE idea 1).
public enum Expectation {
    /// The default number of worlds evaluated together.
    public static let chunkSize = 4096

    /// The computation to average: evaluates with the given source and returns its value,
    /// batched when it depends on the source's draws.
    public typealias Computation = (inout any RandomSource) throws -> Tensor

    /// Counts the Bernoulli bits the computation draws, refusing continuous draws.
    public static func countBits(_ computation: Computation) throws -> Int {
        var source: any RandomSource = DiscoverySource()
        _ = try computation(&source)
        return (source as! DiscoverySource).bits
    }

    /// Calls `body(values, probabilities)` for each chunk of outcomes, in outcome order.
    static func forEachChunk(
        bits: Int, chunkSize: Int, _ computation: Computation, _ body: (Tensor, [Double]) throws -> Void
    ) throws {
        let total = 1 << bits
        let chunk = Swift.min(total, chunkSize)
        var start = 0
        while start < total {
            let count = Swift.min(chunk, total - start)
            var source: any RandomSource = EnumerationSource(firstOutcome: start, count: count)
            let values = try computation(&source)
            let used = source as! EnumerationSource
            guard used.bitsUsed == bits else {
                throw CoreError(
                    "expect: the computation drew \(used.bitsUsed) Bernoulli values in one outcome and \(bits) in another"
                )
            }
            try body(values, used.weights)
            start += count
        }
    }

    /// The exact expectation (and optionally variance) over all 2^n outcomes of the draws.
    ///
    /// - Throws: ``CoreError`` beyond ``Limits/maxEnumeratedDraws`` draws or for a continuous draw.
    public static func exact(
        variance wantsVariance: Bool = false, chunkSize: Int = chunkSize, _ computation: Computation
    ) throws -> ExactExpectation {
        let bits = try countBits(computation)
        guard bits <= Limits.maxEnumeratedDraws else {
            throw CoreError(
                "expect: the computation draws \(bits) Bernoulli values, 2^\(bits) outcomes; exact enumeration stops at \(Limits.maxEnumeratedDraws) draws (use mc)"
            )
        }
        var mean: [Double]?
        var shape = Shape([])
        try forEachChunk(bits: bits, chunkSize: chunkSize, computation) { values, weights in
            shape = values.shape
            accumulate(&mean, values, weights) { $0 }
        }
        let meanTensor = Tensor(shape: shape, scalars: mean ?? [])
        guard wantsVariance else { return ExactExpectation(mean: meanTensor, variance: nil, bits: bits) }
        // A second pass around the mean avoids the cancellation of E[x^2] - E[x]^2.
        var spread: [Double]?
        let center = meanTensor.scalars
        try forEachChunk(bits: bits, chunkSize: chunkSize, computation) { values, weights in
            let size = values.elementCount
            accumulate(&spread, values, weights) { [center] value, element in
                let d = value - center[element % size]
                return d * d
            }
        }
        return ExactExpectation(
            mean: meanTensor, variance: Tensor(shape: shape, scalars: spread ?? []), bits: bits)
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
        let bits = try countBits(computation)
        guard bits <= 16 else {
            throw CoreError(
                "outcomes: the computation draws \(bits) Bernoulli values; listing stops at 16 (65536 outcomes)"
            )
        }
        var values = [Tensor]()
        var probabilities = [Double]()
        try forEachChunk(bits: bits, chunkSize: 1 << 12, computation) { batch, weights in
            for world in 0..<weights.count { values.append(batch.world(world)) }
            probabilities += weights
        }
        return (values, probabilities)
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
        var shape = Shape([])
        // Runs draw in numpy's loop order, however they are chunked (WorldOrder.swift).
        let plan = try drawPlan(computation, source: source)
        while count < samples {
            let worlds = Swift.min(chunkSize, samples - count)
            let batch = try evaluateInWorldOrder(worlds: worlds, plan: plan, source: &source, computation)
            let size = batch.elementCount
            if mean.isEmpty {
                shape = batch.shape
                mean = [Double](repeating: 0, count: size)
                m2 = [Double](repeating: 0, count: size)
            }
            // Chan et al.'s pairwise update: merge this chunk's mean and sum of squares.
            batch.scalars.withUnsafeBufferPointer { v in
                for e in 0..<size {
                    var chunkSum = 0.0
                    for w in 0..<worlds { chunkSum += v[w * size + e] }
                    let chunkMean = chunkSum / Double(worlds)
                    var chunkM2 = 0.0
                    for w in 0..<worlds {
                        let d = v[w * size + e] - chunkMean
                        chunkM2 += d * d
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
        return MonteCarloEstimate(
            mean: Tensor(shape: shape, scalars: mean),
            standardError: Tensor(shape: shape, scalars: standardError),
            samples: count)
    }
}
