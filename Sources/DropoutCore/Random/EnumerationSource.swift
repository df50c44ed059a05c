/// Makes every Bernoulli draw a branch point and hands out a chunk of consecutive outcomes,
/// one per world, with each world's probability.
///
/// Outcome number `o` sets the `i`-th Bernoulli element drawn (counting across all requests,
/// row-major within each) to bit `i` of `o`. A `binomial(n, q)` element is enumerated as the
/// sum of `n` such bits, which has exactly the binomial distribution.
public struct EnumerationSource: RandomSource {
    /// The first outcome in this chunk.
    public let firstOutcome: Int
    /// The number of outcomes (worlds) in this chunk.
    public let count: Int
    /// The probability of each world's outcome so far.
    public private(set) var weights: [Double]
    /// How many Bernoulli bits have been handed out per world.
    public private(set) var bitsUsed = 0

    /// A source for outcomes `firstOutcome ..< firstOutcome + count`.
    public init(firstOutcome: Int, count: Int) {
        self.firstOutcome = firstOutcome
        self.count = count
        self.weights = [Double](repeating: 1, count: count)
    }

    public var worlds: Int? { count }

    /// The bits of every byte as eight doubles, lowest bit first.
    static let bytePatterns: [Double] = (0..<256).flatMap { byte in (0..<8).map { Double((byte >> $0) & 1) } }

    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        switch request {
        case .uniform, .normal:
            throw CoreError(
                "expect: \(request) draws continuous values; exact enumeration covers Bernoulli and binomial draws only (use mc)"
            )
        case .bernoulli(let keep, let shape):
            try checkProbability(keep)
            return Draw(request: request, values: try bits(shape: shape, trials: 1, keep: keep))
        case .binomial(let trials, let probability, let shape):
            try checkProbability(probability)
            guard trials >= 0 else {
                throw CoreError("binomial: number of trials must be non-negative, got \(trials)")
            }
            return Draw(request: request, values: try bits(shape: shape, trials: trials, keep: probability))
        }
    }

    private func checkProbability(_ q: Double) throws {
        guard q >= 0, q <= 1 else { throw CoreError("bernoulli: probability must be in [0, 1], got \(q)") }
    }

    private mutating func bits(shape: Shape, trials: Int, keep: Double) throws -> Tensor {
        let size = shape.elementCount
        let (needed, overflow) = size.multipliedReportingOverflow(by: trials)
        // A computation whose draws depend on its own outcomes can ask for more bits here than
        // the discovery pass counted.
        guard !overflow, needed <= Limits.maxEnumeratedDraws - bitsUsed else {
            throw CoreError(
                "expect: the computation draws more Bernoulli values in some outcomes than in others")
        }
        let total = try Limits.elementCount(shape, worlds: count, "expect")
        var out = [Double](repeating: 0, count: total)
        // A world's factor depends only on how many of its new bits are 1: tabulate q^k (1-q)^(n-k).
        let drop = 1 - keep
        let factors = (0...needed).map { ones in
            (0..<needed).reduce(1.0) { product, bit in product * (bit < ones ? keep : drop) }
        }
        let shift = bitsUsed
        let fieldMask = needed >= 63 ? Int.max : (1 << needed) - 1
        out.withUnsafeMutableBufferPointer { values in
            weights.withUnsafeMutableBufferPointer { weights in
                for world in 0..<count {
                    let field = ((firstOutcome + world) >> shift) & fieldMask
                    weights[world] *= factors[field.nonzeroBitCount]
                    let base = world * size
                    if trials == 1 {
                        // Eight bits at a time from a table of their 0/1 patterns.
                        var element = 0
                        while element + 8 <= size {
                            let byte = (field >> element) & 0xFF
                            for bit in 0..<8 {
                                values[base + element + bit] = EnumerationSource.bytePatterns[byte * 8 + bit]
                            }
                            element += 8
                        }
                        while element < size {
                            values[base + element] = Double((field >> element) & 1)
                            element += 1
                        }
                    } else {
                        for element in 0..<size {
                            let group = (field >> (element * trials)) & ((1 << trials) - 1)
                            values[base + element] = Double(group.nonzeroBitCount)
                        }
                    }
                }
            }
        }
        bitsUsed += needed
        return Tensor(shape: shape, scalars: out, worlds: count)
    }
}

/// Counts the Bernoulli bits an evaluation draws, answering each with ones; used once
/// before enumerating so the number of outcomes is known.
public struct DiscoverySource: RandomSource {
    /// Bits drawn so far.
    public private(set) var bits = 0

    /// A fresh counter.
    public init() {}

    public var worlds: Int? { nil }

    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        switch request {
        case .uniform, .normal:
            throw CoreError(
                "expect: \(request) draws continuous values; exact enumeration covers Bernoulli and binomial draws only (use mc)"
            )
        case .bernoulli(let keep, let shape):
            bits = Self.adding(bits, shape.elementCount)
            guard keep >= 0, keep <= 1 else {
                throw CoreError("bernoulli: probability must be in [0, 1], got \(keep)")
            }
            try Limits.elementCount(shape, worlds: nil, "bernoulli")
            return Draw(request: request, values: Tensor(repeating: 1, shape: shape))
        case .binomial(let trials, _, let shape):
            let (product, overflow) = shape.elementCount.multipliedReportingOverflow(by: Swift.max(trials, 0))
            bits = Self.adding(bits, overflow ? Int.max : product)
            try Limits.elementCount(shape, worlds: nil, "binomial")
            return Draw(
                request: request, values: Tensor(repeating: Double(Swift.max(trials, 0)), shape: shape))
        }
    }

    /// `a + b` without overflow: a count this large is refused by the caller anyway.
    private static func adding(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
