/// Serves a batch of worlds with exactly the draws numpy makes when the worlds run one after
/// another, as in `for i in range(n): expr`.
///
/// A batched evaluation asks each draw site once, for every world at once. Left to a plain
/// generator, the first site would then take the first values of the stream for all worlds,
/// the second site the next ones, and so on, and no numpy loop draws in that order once an
/// expression has two sites. This source knows the sites from a dry run (its `plan`), draws
/// world 0's values site after site, then world 1's, and so on, and hands each site its
/// slice of every world.
public struct WorldOrderSource: RandomSource {
    /// The requests one world makes, in order.
    public let plan: [DrawRequest]
    /// The number of worlds in this batch.
    public let count: Int
    /// Every site's values, site after site; within a site, world after world.
    private let values: [Double]
    /// Where each site's values start in `values`.
    private let starts: [Int]
    /// The next site to serve.
    public private(set) var position = 0

    public var worlds: Int? { count }

    /// Whether every planned site has been served.
    public var isExhausted: Bool { position == plan.count }

    /// Draws every world's values from `generator` in numpy's loop order.
    ///
    /// - Throws: ``CoreError`` for a probability outside [0, 1], negative trials, or a batch
    ///   larger than ``Limits/maxElements`` at one site; nothing is drawn then.
    public init(plan: [DrawRequest], worlds: Int, generator: inout NumpyGenerator) throws {
        let sizes = plan.map(\.shape.elementCount)
        for (request, size) in zip(plan, sizes) {
            try Self.validate(request)
            let (total, overflow) = size.multipliedReportingOverflow(by: worlds)
            try Limits.checkSize(overflow ? -1 : total, request.description)
        }
        var starts = [0]
        for size in sizes { starts.append(starts[starts.count - 1] + size * worlds) }
        let total = starts[starts.count - 1]
        try Limits.checkSize(total, "the draws of one batch")
        var values = [Double](repeating: 0, count: total)
        values.withUnsafeMutableBufferPointer { all in
            for world in 0..<worlds {
                for site in plan.indices {
                    let start = starts[site] + world * sizes[site]
                    let slice = UnsafeMutableBufferPointer(rebasing: all[start..<(start + sizes[site])])
                    Self.fill(slice, for: plan[site], from: &generator)
                }
            }
        }
        self.plan = plan
        self.count = worlds
        self.values = values
        self.starts = starts
    }

    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        guard position < plan.count, plan[position] == request else {
            let planned = position < plan.count ? "\(plan[position])" : "nothing more"
            throw CoreError(
                "the expression drew \(request) where its first run drew \(planned); every run must make the same draws"
            )
        }
        defer { position += 1 }
        let site = Array(values[starts[position]..<starts[position + 1]])
        return Draw(request: request, values: Tensor(shape: request.shape, scalars: site, worlds: count))
    }

    /// One world's values for one request, from the generator's next values.
    private static func fill(
        _ buffer: UnsafeMutableBufferPointer<Double>, for request: DrawRequest,
        from generator: inout NumpyGenerator
    ) {
        switch request {
        case .uniform:
            generator.fillDoubles(buffer)
        case .normal:
            generator.fillGaussians(buffer)
        case .bernoulli(let keep, _):
            // One uniform per element, thresholded in place: numpy's `rand(...) < q`.
            generator.fillDoubles(buffer)
            for k in buffer.indices { buffer[k] = buffer[k] < keep ? 1 : 0 }
        case .binomial(let trials, let probability, _):
            generator.fillBinomials(trials: trials, probability: probability, buffer)
        }
    }

    private static func validate(_ request: DrawRequest) throws {
        switch request {
        case .uniform, .normal:
            return
        case .bernoulli(let keep, _):
            guard keep >= 0 && keep <= 1 else {
                throw CoreError("bernoulli: keep probability must be in [0, 1], got \(keep)")
            }
        case .binomial(let trials, let probability, _):
            guard trials >= 0 else {
                throw CoreError("binomial: number of trials must be non-negative, got \(trials)")
            }
            guard probability >= 0 && probability <= 1 else {
                throw CoreError("binomial: probability must be in [0, 1], got \(probability)")
            }
        }
    }
}
