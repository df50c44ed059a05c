/// A rational number in lowest terms, for showing hand-checkable values such as `1/3` or `-5/2`.
public struct Fraction: Sendable, Equatable, CustomStringConvertible {
    /// The numerator, carrying the sign.
    public let numerator: Int
    /// The denominator, always positive.
    public let denominator: Int

    /// Creates `numerator / denominator` reduced to lowest terms with a positive denominator.
    ///
    /// - Precondition: `denominator` is not zero.
    public init(numerator: Int, denominator: Int) {
        precondition(denominator != 0, "Fraction: zero denominator")
        var divisor = Self.greatestCommonDivisor(numerator.magnitude, denominator.magnitude)
        if divisor == 0 { divisor = 1 }
        let sign = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / Int(divisor)
        self.denominator = sign * denominator / Int(divisor)
    }

    /// The nearest double to this fraction.
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// `3` for whole numbers, otherwise `n/d` such as `-5/2`.
    public var description: String {
        denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)"
    }

    /// The fraction with the smallest denominator up to `maxDenominator` that `x` is, as a double.
    ///
    /// Returns `nil` unless `n/d` reproduces `x` to about 1e-12 relative, so only values that
    /// really are small fractions (`1/3`, `0.1 + 0.2` as `3/10`) qualify; `0.1234` does not.
    /// Walks the continued-fraction convergents of `x`, which are its best approximations.
    public static func approximating(_ x: Double, maxDenominator: Int = 1000) -> Fraction? {
        guard x.isFinite, maxDenominator >= 1 else { return nil }
        // Beyond 2^53 every double is whole, and larger magnitudes would overflow `Int`.
        guard x.magnitude < 9.0e15 else { return nil }
        let tolerance = 1e-12 * x.magnitude
        let target = x.magnitude
        var (previousNumerator, numerator) = (0.0, 1.0)
        var (previousDenominator, denominator) = (1.0, 0.0)
        var remainder = target
        for _ in 0..<64 {
            let term = remainder.rounded(.down)
            let nextNumerator = term * numerator + previousNumerator
            let nextDenominator = term * denominator + previousDenominator
            if nextDenominator > Double(maxDenominator) || nextNumerator >= 9.0e15 { return nil }
            (previousNumerator, numerator) = (numerator, nextNumerator)
            (previousDenominator, denominator) = (denominator, nextDenominator)
            if (numerator / denominator - target).magnitude <= tolerance {
                let signed = x < 0 ? -Int(numerator) : Int(numerator)
                return Fraction(numerator: signed, denominator: Int(denominator))
            }
            let fractional = remainder - term
            if fractional == 0 { return nil }
            remainder = 1 / fractional
        }
        return nil
    }

    private static func greatestCommonDivisor(_ a: UInt, _ b: UInt) -> UInt {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
