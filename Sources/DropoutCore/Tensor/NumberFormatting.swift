/// numpy's float printing for one array: every element shares one notation and one width.
///
/// This mirrors `FloatingFormat` in numpy 2.x's `arrayprint.py` with its defaults
/// (`floatmode='maxprec'`, `suppress=False`, `sign='-'`): a first pass prints every finite
/// element to find the widest integer and fraction parts, and the second pads to them.
struct FloatArrayFormat {
    private var isScientific = false
    private var precision: Int
    private var padLeft = 0
    private var padRight = 0
    private var exponentDigits = -1

    /// Chooses notation and widths for `values` printed with at most `precision` fractional digits.
    init(_ values: [Double], precision: Int) {
        self.precision = Swift.max(0, precision)
        let finite = values.filter(\.isFinite)
        let nonzero = finite.filter { $0 != 0 }.map(\.magnitude)
        if let largest = nonzero.max(), let smallest = nonzero.min() {
            isScientific = largest >= 1e8 || smallest < 0.0001 || largest / smallest > 1000
        }
        if finite.isEmpty {
            padLeft = 0
            padRight = 0
        } else if isScientific {
            let texts = finite.map { FloatText.scientific($0, precision: self.precision) }
            var fractionWidth = 0
            for text in texts {
                let (mantissa, exponent) = FloatText.split(text, at: "e")
                let (integer, fraction) = FloatText.split(mantissa, at: ".")
                padLeft = Swift.max(padLeft, integer.count)
                fractionWidth = Swift.max(fractionWidth, fraction.count)
                exponentDigits = Swift.max(exponentDigits, exponent.count - 1)
            }
            self.precision = fractionWidth
            padRight = exponentDigits + 2 + fractionWidth
        } else {
            for value in finite {
                let (integer, fraction) = FloatText.split(
                    FloatText.positional(value, precision: self.precision), at: ".")
                padLeft = Swift.max(padLeft, integer.count)
                padRight = Swift.max(padRight, fraction.count)
            }
        }
        if finite.count != values.count {
            // Room for "nan", "inf" or "-inf" where the digits would have stood.
            let negativeInfinity = values.contains { $0 == -.infinity } ? 1 : 0
            let offset = padRight + 1
            padLeft = Swift.max(padLeft, 3 - offset, 3 + negativeInfinity - offset)
        }
    }

    /// One element, padded to the array's common width.
    func format(_ value: Double) -> String {
        if !value.isFinite {
            let text = value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
            return FloatText.leftPadded(text, to: padLeft + padRight + 1)
        }
        if isScientific {
            return FloatText.scientific(
                value, precision: precision, minimumDigits: precision, padLeft: padLeft,
                exponentDigits: exponentDigits)
        }
        return FloatText.positional(value, precision: precision, padLeft: padLeft, padRight: padRight)
    }
}

/// Dragon4-style float text as numpy's `format_float_positional` / `format_float_scientific`
/// produce it with `unique=True`: the shortest round-trip digits, cut at `precision`.
public enum FloatText {
    /// Positional text such as `-0.25`, `3.` or `0.33333333`.
    ///
    /// `precision` counts digits after the point; trailing zeros are trimmed but the point stays.
    public static func positional(
        _ value: Double, precision: Int, minimumDigits: Int = 0, padLeft: Int = 0, padRight: Int = 0
    ) -> String {
        var digits = DecimalDigits.shortest(value)
        if digits.fractionLength > precision {
            digits = .exact(value, roundedAtPlace: -precision)
        } else if minimumDigits > digits.fractionLength {
            digits = .exact(value, roundedAtPlace: -minimumDigits)
        }
        let point = digits.pointPosition
        var integer = ""
        if point > 0 {
            integer = digitText(digits.digits.prefix(point))
            integer += String(repeating: "0", count: Swift.max(0, point - digits.digits.count))
        } else {
            integer = "0"
        }
        var fraction = ""
        if point < 0 { fraction = String(repeating: "0", count: -point) }
        fraction += digitText(digits.digits.dropFirst(Swift.max(0, point)))
        fraction += String(repeating: "0", count: Swift.max(0, minimumDigits - fraction.count))
        if value.sign == .minus { integer = "-" + integer }
        let text = leftPadded(integer, to: padLeft) + "." + fraction
        return text + String(repeating: " ", count: Swift.max(0, padRight - fraction.count))
    }

    /// Scientific text such as `1.5e-05` or `-2.e+10`.
    ///
    /// `precision` counts mantissa digits after the point; the exponent has at least two digits.
    public static func scientific(
        _ value: Double, precision: Int, minimumDigits: Int = 0, padLeft: Int = 0, exponentDigits: Int = -1
    ) -> String {
        var digits = DecimalDigits.shortest(value)
        if !digits.isZero {
            let lead = digits.leadingExponent
            if digits.digits.count - 1 > precision {
                digits = .exact(value, roundedAtPlace: lead - precision)
            } else if minimumDigits > digits.digits.count - 1 {
                // Extra digits count from the exact value's leading digit, which sits one place lower
                // when the shortest form rounded up to a power of ten (1e-06 is 9.99...95e-07).
                var exactLead = lead
                if digits.digits == [1] {
                    exactLead = DecimalDigits.exact(value, roundedAtPlace: lead - 18).leadingExponent
                }
                digits = .exact(value, roundedAtPlace: exactLead - minimumDigits)
            }
        }
        var integer = digitText(digits.digits.prefix(1))
        if integer.isEmpty { integer = "0" }
        if value.sign == .minus { integer = "-" + integer }
        var fraction = digitText(digits.digits.dropFirst())
        fraction += String(repeating: "0", count: Swift.max(0, minimumDigits - fraction.count))
        let exponent = digits.leadingExponent
        let exponentText = String(exponent.magnitude)
        let width = Swift.max(2, exponentDigits)
        return leftPadded(integer, to: padLeft) + "." + fraction + "e" + (exponent < 0 ? "-" : "+")
            + String(repeating: "0", count: Swift.max(0, width - exponentText.count)) + exponentText
    }

    /// A short label for axes and legends: at most `significantDigits` digits, no padding.
    ///
    /// Whole numbers print as integers (`12`), others positionally (`0.3333`) unless very small or
    /// large (`2.441e-04`).
    public static func compact(_ value: Double, significantDigits: Int = 4) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value.rounded() == value && value.magnitude < 1e15 { return String(Int64(value)) }
        let magnitude = value.magnitude
        let lead = DecimalDigits.shortest(value).leadingExponent
        if magnitude >= 1e-4 && magnitude < 1e6 {
            let places = Swift.max(0, significantDigits - 1 - lead)
            var text = positional(value, precision: places)
            if text.hasSuffix(".") { text.removeLast() }
            return text == "-0" ? "0" : text
        }
        return scientific(value, precision: significantDigits - 1)
    }

    /// `text` split at the first `separator` (the second part is empty when there is none).
    public static func split<Text: StringProtocol>(
        _ text: Text, at separator: Character
    ) -> (Text.SubSequence, Text.SubSequence) {
        guard let index = text.firstIndex(of: separator) else { return (text[...], text[text.endIndex...]) }
        return (text[..<index], text[text.index(after: index)...])
    }

    /// `text` right-aligned in `width` columns.
    public static func leftPadded(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    private static func digitText<C: Collection>(_ digits: C) -> String where C.Element == UInt8 {
        String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
    }
}
