#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// numpy's legacy global generator (`np.random.seed`, `rand`, `randn`, `binomial`), bit for bit.
///
/// Besides the Mersenne Twister it carries the legacy Gaussian cache: the polar method makes
/// normals in pairs and numpy hands out the second one on the next `randn`, even when other
/// draws come in between.
public struct NumpyGenerator: Sendable, Equatable {
    /// The underlying 32-bit generator.
    public private(set) var bitGenerator: MT19937
    /// Whether a second Gaussian from the last polar pair is waiting to be returned.
    public private(set) var hasGauss = false
    /// The waiting Gaussian (0 when there is none, as numpy keeps it).
    public private(set) var gauss = 0.0

    /// A generator in the state `np.random.seed(seed)` leaves.
    public init(seed: UInt32) {
        bitGenerator = MT19937(seed: seed)
    }

    /// Reseeds as `np.random.seed(s)`, which also drops any cached Gaussian.
    public mutating func seed(_ s: UInt32) {
        bitGenerator.seed(s)
        hasGauss = false
        gauss = 0
    }

    /// The next uniform in [0, 1), numpy's 53-bit `random_sample`.
    @inline(__always)
    public mutating func nextDouble() -> Double {
        bitGenerator.nextDouble()
    }

    /// Fills `buffer` with the uniforms repeated ``nextDouble()`` would give.
    public mutating func fillDoubles(_ buffer: UnsafeMutableBufferPointer<Double>) {
        bitGenerator.fill(buffer)
    }

    /// The next standard normal, numpy's legacy `gauss` (polar method with a one-value cache).
    public mutating func nextGaussian() -> Double {
        if hasGauss {
            hasGauss = false
            defer { gauss = 0 }
            return gauss
        }
        var x1: Double
        var x2: Double
        var r2: Double
        repeat {
            x1 = 2.0 * bitGenerator.nextDouble() - 1.0
            x2 = 2.0 * bitGenerator.nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = sqrt(-2.0 * log(r2) / r2)
        gauss = f * x1
        hasGauss = true
        return f * x2
    }

    /// Fills `buffer` with the normals repeated ``nextGaussian()`` would give, leaving the cache as they would.
    public mutating func fillGaussians(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard let output = buffer.baseAddress, !buffer.isEmpty else { return }
        let count = buffer.count
        var filled = 0
        if hasGauss {
            output[0] = gauss
            hasGauss = false
            gauss = 0
            filled = 1
        }
        // Each accepted pair yields two values (the last may yield one and cache the other).
        var pairsNeeded = (count - filled + 1) / 2
        let chunkPairs = 256
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * chunkPairs) { scratch in
            let uniforms = scratch.baseAddress!
            while pairsNeeded > 0 {
                // Never draw more candidates than pairs still needed, so the stream stays exact.
                let candidates = Swift.min(chunkPairs, pairsNeeded)
                bitGenerator.fill(UnsafeMutableBufferPointer(start: uniforms, count: 2 * candidates))
                for k in 0..<candidates {
                    let x1 = 2.0 * uniforms[2 &* k] - 1.0
                    let x2 = 2.0 * uniforms[2 &* k &+ 1] - 1.0
                    let r2 = x1 * x1 + x2 * x2
                    if r2 >= 1.0 || r2 == 0.0 { continue }
                    let f = sqrt(-2.0 * log(r2) / r2)
                    output[filled] = f * x2
                    if filled + 1 < count {
                        output[filled + 1] = f * x1
                        filled += 2
                    } else {
                        gauss = f * x1
                        hasGauss = true
                        filled += 1
                    }
                    pairsNeeded -= 1
                }
            }
        }
    }

    /// A count of successes in `n` trials of probability `p`, numpy's legacy `binomial(n, p)`.
    ///
    /// - Precondition: `n >= 0` and `p` in [0, 1].
    public mutating func binomial(trials n: Int, probability p: Double) -> Int {
        BinomialSampler(trials: n, probability: p).next(&bitGenerator)
    }

    /// Fills `buffer` with the counts repeated ``binomial(trials:probability:)`` would give.
    ///
    /// - Precondition: `n >= 0` and `p` in [0, 1].
    public mutating func fillBinomials(
        trials n: Int, probability p: Double, _ buffer: UnsafeMutableBufferPointer<Double>
    ) {
        // The set-up (logs, square roots) depends only on n and p, as numpy's cache exploits.
        BinomialSampler(trials: n, probability: p).fill(buffer, &bitGenerator)
    }

    /// 1 with probability `q`, as the cs231n mask `rand() < q` makes it (one uniform per call).
    @inline(__always)
    public mutating func bernoulli(keep q: Double) -> Double {
        nextDouble() < q ? 1 : 0
    }
}
