/// The decimal digits of a non-negative number: `value = digits × 10^(pointPosition - digits.count)`.
///
/// Formatting follows numpy's Dragon4 printing, which needs two kinds of digits: the shortest
/// that read back to the same double (Swift's `description` already computes them) and the
/// exact binary value correctly rounded at some decimal place (computed here with a small
/// big-integer expansion, because rounding the shortest digits again can round twice).
struct DecimalDigits: Equatable {
    /// Significant digits, each 0...9, with no leading or trailing zeros (empty for zero).
    var digits: [UInt8]
    /// How many digits stand before the decimal point (negative for leading fractional zeros).
    var pointPosition: Int

    /// Zero, which has no significant digits.
    static let zero = DecimalDigits(digits: [], pointPosition: 0)

    /// Whether the number is zero.
    var isZero: Bool { digits.isEmpty }

    /// The power of ten of the leading digit (zero for zero).
    var leadingExponent: Int { isZero ? 0 : pointPosition - 1 }

    /// How many digits stand after the decimal point.
    var fractionLength: Int { Swift.max(0, digits.count - pointPosition) }

    /// Strips leading and trailing zeros so that equal numbers compare equal.
    func normalized() -> DecimalDigits {
        guard let first = digits.firstIndex(where: { $0 != 0 }) else { return .zero }
        let last = digits.lastIndex(where: { $0 != 0 })!
        return DecimalDigits(digits: Array(digits[first...last]), pointPosition: pointPosition - first)
    }

    /// The digit in the `10^place` position.
    func digit(atPlace place: Int) -> UInt8 {
        let index = pointPosition - 1 - place
        return index >= 0 && index < digits.count ? digits[index] : 0
    }

    /// The shortest digits that read back to `value`, which must be finite.
    static func shortest(_ value: Double) -> DecimalDigits {
        let text = value.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts[0]
        let fractionPart = parts.count > 1 ? parts[1] : ""
        let all = (integerPart + fractionPart).map { UInt8($0.asciiValue! - 48) }
        return DecimalDigits(digits: all, pointPosition: integerPart.count + exponent).normalized()
    }

    /// The exact value of `value` (finite, sign ignored) rounded half-to-even at the `10^place` position.
    static func exact(_ value: Double, roundedAtPlace place: Int) -> DecimalDigits {
        var expansion = ExactExpansion(value.magnitude)
        let integerDigits = expansion.integerDigits
        // Keep every digit down to `place`, then look at what was dropped.
        var kept: [UInt8]
        var firstDropped: UInt8
        var restIsNonzero: Bool
        if place > 0 {
            let keepCount = integerDigits.count - place
            kept = keepCount > 0 ? Array(integerDigits[..<keepCount]) : []
            firstDropped = keepCount >= 0 && keepCount < integerDigits.count ? integerDigits[keepCount] : 0
            let restStart = Swift.max(keepCount + 1, 0)
            restIsNonzero =
                (restStart < integerDigits.count && integerDigits[restStart...].contains { $0 != 0 })
                || !expansion.isRemainderZero
        } else {
            kept = integerDigits
            for _ in 0..<(-place) { kept.append(expansion.nextFractionDigit()) }
            firstDropped = expansion.nextFractionDigit()
            restIsNonzero = !expansion.isRemainderZero
        }
        let lastKeptIsOdd = (kept.last ?? 0) % 2 == 1
        let roundsUp = firstDropped > 5 || (firstDropped == 5 && (restIsNonzero || lastKeptIsOdd))
        var pointPosition = kept.count + place
        if roundsUp {
            var index = kept.count - 1
            while index >= 0 && kept[index] == 9 {
                kept[index] = 0
                index -= 1
            }
            if index >= 0 {
                kept[index] += 1
            } else {
                kept.insert(1, at: 0)
                pointPosition += 1
            }
        }
        return DecimalDigits(digits: kept, pointPosition: pointPosition).normalized()
    }
}

/// The exact decimal expansion of a non-negative double, produced digit by digit.
///
/// A double is `m × 2^e`; its integer part converts through base 10^9 limbs and its fraction
/// `r / 2^s` yields one digit per multiplication by ten, so every digit is exact.
private struct ExactExpansion {
    /// The digits of the integer part, without leading zeros.
    let integerDigits: [UInt8]
    /// The fraction's numerator over `2^shift`, as little-endian 32-bit limbs.
    private var remainder: [UInt32]
    private let shift: Int

    init(_ value: Double) {
        let significand: UInt64
        let exponent: Int
        if value == 0 {
            (significand, exponent) = (0, 0)
        } else if value.isNormal {
            significand = value.significandBitPattern | (1 << 52)
            exponent = Int(value.exponent) - 52
        } else {
            (significand, exponent) = (value.significandBitPattern, -1074)
        }
        if exponent >= 0 {
            integerDigits = Self.decimalDigits(ofLimbs: Self.limbs(significand, shiftedLeftBy: exponent))
            remainder = []
            shift = 0
        } else {
            shift = -exponent
            let integerPart = shift < 64 ? significand >> UInt64(shift) : 0
            let fraction = shift < 64 ? significand & ((1 << UInt64(shift)) - 1) : significand
            integerDigits = integerPart == 0 ? [] : String(integerPart).map { UInt8($0.asciiValue! - 48) }
            remainder = Self.limbs(fraction, shiftedLeftBy: 0)
            remainder += [UInt32](repeating: 0, count: Swift.max(0, shift / 32 + 2 - remainder.count))
        }
    }

    /// Whether every remaining fractional digit is zero.
    var isRemainderZero: Bool { remainder.allSatisfy { $0 == 0 } }

    /// The next digit after the decimal point.
    mutating func nextFractionDigit() -> UInt8 {
        guard shift > 0 else { return 0 }
        var carry: UInt64 = 0
        for index in remainder.indices {
            let product = UInt64(remainder[index]) * 10 + carry
            remainder[index] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        // Ten times a value below 2^shift stays below 2^(shift + 4): the digit is those top bits.
        let limb = shift / 32
        let bit = UInt32(shift % 32)
        var high = UInt64(remainder[limb] >> bit)
        if limb + 1 < remainder.count { high |= UInt64(remainder[limb + 1]) << (32 - UInt64(bit)) }
        remainder[limb] &= bit == 0 ? 0 : (UInt32(1) << bit) - 1
        for index in (limb + 1)..<remainder.count { remainder[index] = 0 }
        return UInt8(high & 0xF)
    }

    /// `value << shift` as little-endian 32-bit limbs.
    private static func limbs(_ value: UInt64, shiftedLeftBy shift: Int) -> [UInt32] {
        var result = [UInt32](repeating: 0, count: shift / 32)
        let bit = UInt64(shift % 32)
        let low = value << bit
        result.append(UInt32(truncatingIfNeeded: low))
        result.append(UInt32(truncatingIfNeeded: low >> 32))
        if bit > 0 { result.append(UInt32(truncatingIfNeeded: value >> (64 - bit))) }
        while result.last == 0 { result.removeLast() }
        return result
    }

    /// The decimal digits of a little-endian limb array, by repeated division by 10^9.
    private static func decimalDigits(ofLimbs input: [UInt32]) -> [UInt8] {
        var limbs = input
        var chunks: [UInt32] = []
        while !limbs.isEmpty {
            var remainder: UInt64 = 0
            for index in limbs.indices.reversed() {
                let current = (remainder << 32) | UInt64(limbs[index])
                limbs[index] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
            while limbs.last == 0 { limbs.removeLast() }
        }
        guard let top = chunks.popLast() else { return [] }
        var text = String(top)
        for chunk in chunks.reversed() {
            let part = String(chunk)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text.map { UInt8($0.asciiValue! - 48) }
    }
}
