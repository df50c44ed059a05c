/// One request for random numbers, as the language's `rand`, `randn`, `bernoulli` and
/// `binomial` (and every dropout mask) make it.
public enum DrawRequest: Sendable, Equatable, CustomStringConvertible {
    /// Uniforms in [0, 1), numpy's `random_sample`, row-major.
    case uniform(Shape)
    /// Standard normals, numpy's legacy `gauss`, row-major.
    case normal(Shape)
    /// A 0/1 mask, 1 where a fresh uniform is below `keep` (one uniform per element).
    case bernoulli(keep: Double, shape: Shape)
    /// Counts of successes in `trials` trials of probability `probability`, numpy's legacy `binomial`.
    case binomial(trials: Int, probability: Double, shape: Shape)

    /// The shape of one world's draw.
    public var shape: Shape {
        switch self {
        case .uniform(let shape), .normal(let shape): shape
        case .bernoulli(_, let shape), .binomial(_, _, let shape): shape
        }
    }

    /// How the request reads in a trace, e.g. `rand(4, 3)`.
    public var description: String {
        let dims = shape.dims.map(String.init).joined(separator: ", ")
        switch self {
        case .uniform: return "rand(\(dims))"
        case .normal: return "randn(\(dims))"
        case .bernoulli(let keep, _): return "bernoulli(\(keep), \(dims))"
        case .binomial(let n, let p, _): return "binomial(\(n), \(p), \(dims))"
        }
    }
}

/// What a source returned for one request.
public struct Draw: Sendable, Equatable {
    /// The request this answers.
    public var request: DrawRequest
    /// The drawn values; batched exactly when the source is.
    public var values: Tensor
    /// For a Bernoulli mask drawn from uniforms, the uniforms behind it (shown by the trace).
    public var uniforms: Tensor?

    /// Creates a draw record.
    public init(request: DrawRequest, values: Tensor, uniforms: Tensor? = nil) {
        self.request = request
        self.values = values
        self.uniforms = uniforms
    }
}

/// Where every random number in the core comes from.
///
/// The same interpreter gives four meanings to "random" by swapping the source: the
/// numpy-compatible generator, the enumerator of every Bernoulli outcome (exact `expect`),
/// the replayer of recorded draws (gradient checks, stepping back) and user-given masks.
/// Sources are values: copying one snapshots it.
public protocol RandomSource: Sendable {
    /// The number of worlds each draw covers, or `nil` when the source feeds one ordinary evaluation.
    var worlds: Int? { get }

    /// Answers one request, advancing the source.
    ///
    /// - Throws: ``CoreError`` when this source cannot produce the kind of draw asked for
    ///   (e.g. a Gaussian under exact enumeration) or has run out of recorded draws.
    mutating func draw(_ request: DrawRequest) throws -> Draw
}
