#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Significant digits, as a teacher counts them in a hand-written answer.
enum SignificantDigits {
    /// The most digits worth comparing: a double carries about 17.
    static let maxDigits = 17

    /// The significant digits written in a decimal literal: every digit from the first nonzero
    /// one on, trailing zeros included (`10.67` has 4, `0.0295` 3, `1.50e-3` 3, `12` 2).
    ///
    /// A literal of zero counts 1, so that `0` for a nonzero key is simply wrong, not short.
    static func count(inLiteral text: some StringProtocol) -> Int {
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
        return Swift.max(1, digits.count)
    }

    /// The most leading significant digits of `key` that `value` gets right: the largest `d`
    /// with `|value - key|` at most half a unit in the `d`-th significant digit of `key`.
    ///
    /// Rounding either way at a tie counts as right (0.125 agrees with 0.12 and with 0.13 to 2
    /// digits). The answer's own digits do not matter: 9.996 agrees with 10.0 to 3 digits,
    /// since 10.0 is 9.996 rounded to 3. A value whose leading digit sits at another power
    /// of ten agrees to none (9 is no rounding of 12). Returns 0 for a zero or non-finite key.
    static func agreement(of value: Double, with key: Double, upTo limit: Int = maxDigits) -> Int {
        guard key != 0, key.isFinite, value.isFinite, value != 0 else { return 0 }
        let difference = Swift.abs(value - key)
        let exponent = leadingExponent(of: key)
        // A rounding of the key starts at the key's power of ten, or the next one when the
        // rounding carries (9.996 to 10.0); 9 is no rounding of 12, however close.
        let valueExponent = leadingExponent(of: value)
        guard valueExponent == exponent || valueExponent == exponent + 1 else { return 0 }
        var agreeing = 0
        for digits in 1...Swift.max(1, Swift.min(limit, maxDigits)) {
            let halfUnit = 0.5 * pow(10, Double(exponent - digits + 1))
            // The slack absorbs the rounding of the subtraction and of pow itself.
            guard difference <= halfUnit * (1 + 1e-9) + Swift.abs(key) * 4 * .ulpOfOne else { break }
            agreeing = digits
        }
        return agreeing
    }

    /// The power of ten of the leading digit: 2 for 345, -2 for 0.0295.
    static func leadingExponent(of x: Double) -> Int {
        let magnitude = Swift.abs(x)
        var exponent = Int(floor(log10(magnitude)))
        // log10 can land a hair off at exact powers of ten; settle it by comparison.
        if pow(10, Double(exponent + 1)) <= magnitude { exponent += 1 }
        if pow(10, Double(exponent)) > magnitude { exponent -= 1 }
        return exponent
    }

    /// Whether two values are the same number up to the rounding of floating point arithmetic,
    /// as `32/3` and `8/0.75` are.
    static func same(_ a: Double, _ b: Double) -> Bool {
        a == b || Swift.abs(a - b) <= 1e-12 * Swift.max(Swift.abs(a), Swift.abs(b))
            || Swift.abs(a - b) <= 1e-15
    }
}
