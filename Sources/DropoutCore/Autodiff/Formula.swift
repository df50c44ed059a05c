/// A rule written out for a trace or an explanation, `u < q (q = 0.5)` or `8 * 0 / 0.5`, with
/// its numbers kept as numbers so that each renderer writes them at the learner's precision.
///
/// Built by string interpolation: `"\(name) * q (q = \(number: q))"` keeps `q` as a number.
public struct Formula: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// A piece of a formula.
    public enum Piece: Sendable, Equatable {
        /// Symbols, names and operators.
        case text(String)
        /// A number, written by whoever renders the formula.
        case number(Double)
    }

    /// The pieces in order.
    public private(set) var pieces: [Piece]

    /// An empty formula.
    public init() { pieces = [] }

    /// A formula of plain text (a name, a request's description).
    public init(_ text: String) {
        pieces = text.isEmpty ? [] : [.text(text)]
    }

    /// A formula of plain text.
    public init(stringLiteral value: String) {
        pieces = value.isEmpty ? [] : [.text(value)]
    }

    /// A formula from an interpolated literal.
    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
    }

    /// A formula that is one number.
    public static func number(_ x: Double) -> Formula {
        var formula = Formula()
        formula.pieces = [.number(x)]
        return formula
    }

    /// Whether the formula has no pieces.
    public var isEmpty: Bool { pieces.isEmpty }

    /// The formula with every number written by `format`.
    public func text(numbers format: (Double) -> String) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .number(let x): format(x)
            }
        }.joined()
    }

    /// The formula with numbers to 8 significant digits (`Explanation.number`).
    public var description: String { text(numbers: { Explanation.number($0) }) }

    /// Two formulas one after the other.
    public static func + (lhs: Formula, rhs: Formula) -> Formula {
        var result = lhs
        result += rhs
        return result
    }

    /// Appends a formula.
    public static func += (lhs: inout Formula, rhs: Formula) {
        for piece in rhs.pieces { Formula.append(piece, to: &lhs.pieces) }
    }

    /// Appends `piece`, joining adjacent text so that equal formulas have equal pieces.
    static func append(_ piece: Piece, to pieces: inout [Piece]) {
        if case .text(let text) = piece {
            if text.isEmpty { return }
            if case .text(let previous)? = pieces.last {
                pieces[pieces.count - 1] = .text(previous + text)
                return
            }
        }
        pieces.append(piece)
    }

    /// Builds a formula from a literal with interpolated text, formulas and numbers.
    public struct StringInterpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []

        /// Room for the literal's pieces.
        public init(literalCapacity: Int, interpolationCount: Int) {}

        /// Literal text.
        public mutating func appendLiteral(_ literal: String) {
            Formula.append(.text(literal), to: &pieces)
        }

        /// Text, such as a name.
        public mutating func appendInterpolation(_ text: String) {
            Formula.append(.text(text), to: &pieces)
        }

        /// A count or an index, which is never rounded.
        public mutating func appendInterpolation(_ count: Int) {
            Formula.append(.text(String(count)), to: &pieces)
        }

        /// Another formula, whose numbers stay numbers.
        public mutating func appendInterpolation(_ formula: Formula) {
            for piece in formula.pieces { Formula.append(piece, to: &pieces) }
        }

        /// A number, written by the renderer.
        public mutating func appendInterpolation(number x: Double) {
            pieces.append(.number(x))
        }
    }
}

extension DefaultStringInterpolation {
    /// A number as explanations write it, in ordinary strings such as messages.
    public mutating func appendInterpolation(number x: Double) {
        appendLiteral(Explanation.number(x))
    }

    /// A formula with its numbers to 8 significant digits.
    public mutating func appendInterpolation(_ formula: Formula) {
        appendLiteral(formula.description)
    }
}
