/// What a learner typed, as the judge sees it: which numbers were written as decimals, and
/// with how many significant digits.
enum AnswerForm: Sendable, Equatable {
    /// A single decimal literal, possibly signed: `10.67`, `-0.5`, `1.2e-3`.
    case literal(digits: Int)
    /// A nested list literal, its leaves in row-major order: the digits of each leaf that is
    /// a decimal literal, `nil` for a leaf that is an expression (`[0.33, 1/3]`).
    case list([Int?])
    /// Anything else: a fraction, a call, a variable. Judged at full precision.
    case expression

    /// Reads the form of `text`; text that does not parse is an expression (the evaluator has
    /// already reported why it fails, so the judge never sees it).
    init(_ text: String) {
        guard let expression = try? Parser.parseExpression(text) else {
            self = .expression
            return
        }
        if let digits = Self.literalDigits(expression, in: text) {
            self = .literal(digits: digits)
        } else if case .list = expression.kind {
            self = .list(Self.leaves(expression, in: text))
        } else {
            self = .expression
        }
    }

    /// The digits each element of a `count`-element answer was typed with (`nil` for elements
    /// computed by an expression).
    func elementDigits(count: Int) -> [Int?] {
        switch self {
        case .literal(let digits): [Int?](repeating: digits, count: count)
        // A list whose leaves are not one per element (e.g. `[x, y]` with vectors) is judged
        // as an expression: its leaves cannot be matched with the elements.
        case .list(let leaves): leaves.count == count ? leaves : [Int?](repeating: nil, count: count)
        case .expression: [Int?](repeating: nil, count: count)
        }
    }

    private static func literalDigits(_ expression: Expression, in text: String) -> Int? {
        switch expression.kind {
        case .number:
            return SignificantDigits.count(inLiteral: expression.range.text(in: text))
        case .unary(_, let operand):
            return literalDigits(operand, in: text)
        default:
            return nil
        }
    }

    private static func leaves(_ expression: Expression, in text: String) -> [Int?] {
        guard case .list(let items) = expression.kind else { return [literalDigits(expression, in: text)] }
        return items.flatMap { leaves($0, in: text) }
    }
}
