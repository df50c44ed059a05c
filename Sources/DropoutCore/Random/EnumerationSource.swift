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

    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        switch request {
        case .uniform, .normal:
            throw CoreError(
                "expect: \(request) draws continuous values; exact enumeration covers Bernoulli and binomial draws only (use mc)"
            )
        case .bernoulli(let keep, let shape):
            try checkProbability(keep)
            return Draw(request: request, values: bits(shape: shape, trials: 1, keep: keep))
        case .binomial(let trials, let probability, let shape):
            try checkProbability(probability)
            guard trials >= 0 else {
                throw CoreError("binomial: number of trials must be non-negative, got \(trials)")
            }
            return Draw(request: request, values: bits(shape: shape, trials: trials, keep: probability))
        }
    }

    private func checkProbability(_ q: Double) throws {
        guard q >= 0, q <= 1 else { throw CoreError("bernoulli: probability must be in [0, 1], got \(q)") }
    }

    private mutating func bits(shape: Shape, trials: Int, keep: Double) -> Tensor {
        let size = shape.elementCount
        let needed = size * trials
        precondition(bitsUsed + needed <= 62, "EnumerationSource: more bits than the discovery pass counted")
        var out = [Double](repeating: 0, count: size * count)
        let drop = 1 - keep
        out.withUnsafeMutableBufferPointer { values in
            weights.withUnsafeMutableBufferPointer { weights in
                for world in 0..<count {
                    var outcome = (firstOutcome + world) >> bitsUsed
                    var weight = weights[world]
                    for element in 0..<size {
                        var successes = 0
                        for _ in 0..<trials {
                            let bit = outcome & 1
                            successes += bit
                            weight *= bit == 1 ? keep : drop
                            outcome >>= 1
                        }
                        values[world * size + element] = Double(successes)
                    }
                    weights[world] = weight
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
            bits += shape.elementCount
            guard keep >= 0, keep <= 1 else {
                throw CoreError("bernoulli: probability must be in [0, 1], got \(keep)")
            }
            return Draw(request: request, values: Tensor(repeating: 1, shape: shape))
        case .binomial(let trials, _, let shape):
            bits += shape.elementCount * Swift.max(trials, 0)
            return Draw(
                request: request, values: Tensor(repeating: Double(Swift.max(trials, 0)), shape: shape))
        }
    }
}
