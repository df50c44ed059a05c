extension Verdict {
    /// The verdict in plain English, lower case and without a pass or fail mark, for any
    /// front end to place: "right to 4 digits", "agrees to 2 digits; give at least 3",
    /// "not quite", "expected a number, you gave shape [3]", "expected shape [2, 3]".
    public var message: String {
        switch self {
        case .exact, .withinTolerance:
            return "correct"
        case .rightToDigits(let digits):
            return "right to \(digits) \(digitWord(digits))"
        case .tooFewDigits(let agreeing, let needed):
            return "agrees to \(agreeing) \(digitWord(agreeing)); give at least \(needed)"
        case .notExact(let agreeing):
            return "agrees to \(agreeing) \(digitWord(agreeing)), but this exercise wants the exact value"
                + " (a fraction or an expression will do)"
        case .expressionOff(let agreeing):
            return "close: your expression agrees to \(agreeing) \(digitWord(agreeing)), but an expression"
                + " is judged at full precision; type the decimal it gives to be judged by its digits"
        case .wrong(let agreeing):
            // One agreeing digit says little; two or more tell a rounding slip from a wrong method.
            return agreeing < 2 ? "not quite" : "not quite: only the first \(agreeing) digits agree"
        case .wrongShape(let expected, let given):
            return "expected shape \(shapeText(expected)), you gave "
                + (given.isEmpty ? "a number" : "shape \(shapeText(given))")
        case .expectedNumber(let givenShape):
            return "expected a number, you gave shape \(shapeText(givenShape))"
        case .anticipatedMistake(let feedback):
            return feedback
        case .elementwise(let elements):
            return elementwiseMessage(elements)
        }
    }

    private func elementwiseMessage(_ elements: [ElementVerdict]) -> String {
        let off = elements.filter { !$0.verdict.isAccepted }
        guard !off.isEmpty else {
            let fewest = elements.compactMap { element -> Int? in
                if case .rightToDigits(let digits) = element.verdict { return digits }
                return nil
            }.min()
            return fewest.map { "right (every element to at least \($0) \(digitWord($0)))" } ?? "correct"
        }
        let shown = off.prefix(3).map { "\(shapeText($0.index)) \($0.verdict.message)" }
        let more = off.count > shown.count ? "; and \(off.count - shown.count) more" : ""
        return "\(off.count) of \(elements.count) elements are off: " + shown.joined(separator: "; ") + more
    }
}

private func digitWord(_ count: Int) -> String { count == 1 ? "digit" : "digits" }

private func shapeText(_ dims: [Int]) -> String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }
