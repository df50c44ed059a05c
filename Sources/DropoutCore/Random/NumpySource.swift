#if canImport(Glibc)
    import Glibc
#endif

/// The everyday random source: numpy's legacy generator, so a seeded script reproduces numpy.
///
/// With ``worlds`` set, every draw covers that many worlds one after another, exactly as
/// numpy would produce `worlds * count` values in a row, returned as a batched tensor.
public struct NumpySource: RandomSource, Equatable {
    /// The generator every draw advances.
    public var generator: NumpyGenerator
    /// The number of worlds each draw covers, or `nil` for ordinary evaluation.
    public var worlds: Int?

    /// A source in the state `np.random.seed(seed)` leaves.
    public init(seed: UInt32, worlds: Int? = nil) {
        self.init(generator: NumpyGenerator(seed: seed), worlds: worlds)
    }

    /// A source continuing from `generator`.
    public init(generator: NumpyGenerator = NumpyGenerator(seed: 0), worlds: Int? = nil) {
        self.generator = generator
        self.worlds = worlds
    }

    /// Answers `request` from the generator, world after world in row-major order.
    ///
    /// - Throws: ``CoreError`` for a probability outside [0, 1], negative trials, or a draw
    ///   larger than ``Limits/maxElements``; nothing is drawn then.
    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        let shape = request.shape
        switch request {
        case .uniform:
            let count = try elementCount(shape, "rand")
            let values = try Self.fill(count) { generator.fillDoubles($0) }
            return Draw(request: request, values: tensor(shape, values))
        case .normal:
            let count = try elementCount(shape, "randn")
            let values = try Self.fill(count) { generator.fillGaussians($0) }
            return Draw(request: request, values: tensor(shape, values))
        case .bernoulli(let keep, _):
            try Self.checkProbability(keep, "bernoulli", "keep probability")
            let count = try elementCount(shape, "bernoulli")
            // The uniforms are kept for the trace, except for draws too large to show, where a
            // reused cache-sized scratch buffer saves writing (and faulting in) a second array.
            let keepsUniforms = count <= Self.largestTracedDraw
            var mask: [Double] = []
            let uniforms = try Storage.make(keepsUniforms ? count : Swift.min(count, 4096)) { uniforms in
                mask = try Storage.make(count) { mask in
                    // Threshold each cache-sized run of uniforms while it is still hot.
                    var start = 0
                    while start < count {
                        let end = Swift.min(start + 4096, count)
                        let run = keepsUniforms ? start..<end : 0..<(end - start)
                        generator.fillDoubles(UnsafeMutableBufferPointer(rebasing: uniforms[run]))
                        // A select, not a branch: random outcomes would mispredict half the time.
                        let offset = run.lowerBound - start
                        for k in start..<end { mask[k] = uniforms[k + offset] < keep ? 1 : 0 }
                        start = end
                        if start & (Interruption.stride - 1) == 0 { try Interruption.check() }
                    }
                }
            }
            let traced = keepsUniforms ? tensor(shape, uniforms) : nil
            return Draw(request: request, values: tensor(shape, mask), uniforms: traced)
        case .binomial(let trials, let probability, _):
            guard trials >= 0 else {
                throw CoreError("binomial: number of trials must be non-negative, got \(trials)")
            }
            try Self.checkProbability(probability, "binomial", "probability")
            let count = try elementCount(shape, "binomial")
            let values = try Self.fill(count) {
                generator.fillBinomials(trials: trials, probability: probability, $0)
            }
            return Draw(request: request, values: tensor(shape, values))
        }
    }

    /// A Bernoulli mask for `x` and `x * mask * multiplier / divisor`, made in one pass.
    ///
    /// The uniforms are exactly those ``draw(_:)`` would use for `.bernoulli(keep:shape:)` of
    /// `x`'s shape, and each product is computed as ``Operation`` `.scale` computes it, so the
    /// mask and the result are bit for bit the same as drawing and then scaling; but no uniform
    /// is kept (the trace cannot show a draw this large) and `x` and the mask are not read a
    /// second time.
    ///
    /// - Precondition: neither this source nor `x` is batched.
    mutating func drawMaskScaling(_ x: Tensor, keep: Double, multiplier: Double, divisor: Double) throws
        -> (draw: Draw, scaled: Tensor)
    {
        precondition(worlds == nil && !x.isBatched, "NumpySource: the fused mask is for one world")
        try Self.checkProbability(keep, "bernoulli", "keep probability")
        let count = try elementCount(x.shape, "bernoulli")
        var scaled: [Double] = []
        let mask = try Storage.make(count) { mask in
            scaled = try Storage.make(count) { output in
                try x.scalars.withUnsafeBufferPointer { input in
                    try withUnsafeTemporaryAllocation(of: Double.self, capacity: 4096) { uniforms in
                        var start = 0
                        while start < count {
                            let end = Swift.min(start + 4096, count)
                            generator.fillDoubles(
                                UnsafeMutableBufferPointer(rebasing: uniforms[0..<(end - start)]))
                            Self.maskAndScale(
                                uniforms.baseAddress!, input.baseAddress! + start, mask.baseAddress! + start,
                                output.baseAddress! + start, end - start, keep: keep, multiplier: multiplier,
                                divisor: divisor)
                            start = end
                            if start & (Interruption.stride - 1) == 0 { try Interruption.check() }
                        }
                    }
                }
            }
        }
        let request = DrawRequest.bernoulli(keep: keep, shape: x.shape)
        return (
            Draw(request: request, values: Tensor(shape: x.shape, scalars: mask)),
            Tensor(shape: x.shape, scalars: scaled)
        )
    }

    /// `mask[k] = u[k] < keep ? 1 : 0` and `y[k] = x[k] * mask[k] * multiplier / divisor` for
    /// `count` elements, four at a time (each lane rounds exactly as the scalar formula does).
    @inline(__always)
    static func maskAndScale(
        _ u: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ mask: UnsafeMutablePointer<Double>,
        _ y: UnsafeMutablePointer<Double>, _ count: Int, keep: Double, multiplier: Double, divisor: Double
    ) {
        let keepLanes = SIMD4(repeating: keep)
        let (zeros, ones) = (SIMD4<Double>(repeating: 0), SIMD4<Double>(repeating: 1))
        var k = 0
        while k + 4 <= count {
            let uniforms = UnsafeRawPointer(u + k).loadUnaligned(as: SIMD4<Double>.self)
            let values = UnsafeRawPointer(x + k).loadUnaligned(as: SIMD4<Double>.self)
            let kept = zeros.replacing(with: ones, where: uniforms .< keepLanes)
            UnsafeMutableRawPointer(mask + k).storeBytes(of: kept, as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(y + k).storeBytes(
                of: values * kept * multiplier / divisor, as: SIMD4<Double>.self)
            k += 4
        }
        while k < count {
            let kept: Double = u[k] < keep ? 1 : 0
            mask[k] = kept
            y[k] = x[k] * kept * multiplier / divisor
            k += 1
        }
    }

    /// The number of values one draw of `shape` needs across all worlds.
    private func elementCount(_ shape: Shape, _ operation: String) throws -> Int {
        try Limits.elementCount(shape, worlds: worlds, operation)
    }

    private func tensor(_ shape: Shape, _ scalars: [Double]) -> Tensor {
        Tensor(shape: shape, scalars: scalars, worlds: worlds)
    }

    /// Bernoulli draws above this many elements do not keep their uniforms (the trace cannot
    /// show them).
    static let largestTracedDraw = 1 << 20

    /// A fresh array of `count` draws, made in runs with a poll for Ctrl-C between them (the
    /// generators continue exactly across runs).
    private static func fill(_ count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) throws
        -> [Double]
    {
        try Storage.make(count) { buffer in
            try Tensor.inRuns(count) { run in body(UnsafeMutableBufferPointer(rebasing: buffer[run])) }
        }
    }

    private static func checkProbability(_ p: Double, _ operation: String, _ name: String) throws {
        // Written so NaN fails too.
        guard p >= 0 && p <= 1 else {
            throw CoreError("\(operation): \(name) must be in [0, 1], got \(p)")
        }
    }
}
