#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The standard normal distribution's density and distribution function.
///
/// DropConnect's closed-form inference for ReLU needs both:
/// `E[relu(u)] = mu * Phi(mu / sigma) + sigma * phi(mu / sigma)` for `u ~ N(mu, sigma^2)`.
public enum StandardNormal {
    /// `1 / sqrt(2 pi)`.
    public static let densityAtZero = 0.398_942_280_401_432_7

    /// The density `phi(x) = exp(-x^2 / 2) / sqrt(2 pi)`.
    @inline(__always)
    public static func pdf(_ x: Double) -> Double {
        densityAtZero * exp(-0.5 * x * x)
    }

    /// The distribution function `Phi(x) = P(N(0, 1) <= x)`.
    ///
    /// Written as `erfc(-x / sqrt(2)) / 2` rather than `(1 + erf(x / sqrt(2))) / 2`, so the far
    /// left tail keeps its relative precision instead of cancelling to 0.
    @inline(__always)
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// `E[max(u, 0)]` for `u ~ N(mean, sd^2)`: `mean * Phi(mean / sd) + sd * phi(mean / sd)`,
    /// and `max(mean, 0)` when `sd` is 0.
    public static func rectifiedMean(mean: Double, sd: Double) -> Double {
        guard sd > 0 else { return Swift.max(mean, 0) }
        let z = mean / sd
        return mean * cdf(z) + sd * pdf(z)
    }
}
