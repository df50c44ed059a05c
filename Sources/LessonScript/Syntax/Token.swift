/// One lexical unit of a script, with the text it came from and where it was found.
public struct Token: Sendable, Equatable, CustomStringConvertible {
    /// What a token is; literals carry their decoded value.
    public enum Kind: Sendable, Equatable {
        /// An identifier such as `x` or `dropout`.
        case name(String)
        /// A numeric literal, already converted (`1e-3` is `0.001`).
        case number(Double)
        /// A string literal with its escapes decoded.
        case string(String)
        /// `true`/`True` or `false`/`False`.
        case boolean(Bool)
        /// `none` or `None`.
        case noneLiteral
        /// The keyword `for`.
        case forKeyword
        /// The keyword `in`.
        case inKeyword
        /// The keyword `def`, which starts a function definition.
        case defKeyword
        /// The keyword `return`.
        case returnKeyword
        /// The keyword `lambda`, which starts a one-expression function.
        case lambdaKeyword
        /// An operator or punctuation mark.
        case symbol(Symbol)
        /// The end of a logical line (never emitted inside brackets).
        case newline
        /// A line indented deeper than the enclosing block.
        case indent
        /// The end of an indented block.
        case dedent
        /// The end of the text; always the last token.
        case endOfInput
        /// Text the lexer could not read, with the message explaining why.
        case invalid(String)
    }

    /// Operators and punctuation, spelled by their raw value.
    public enum Symbol: String, Sendable, CaseIterable {
        /// `(`: opens a call, a tuple or a group.
        case leftParen = "("
        /// `)`: closes what `(` opened.
        case rightParen = ")"
        /// `[`: opens a list or a subscript.
        case leftBracket = "["
        /// `]`: closes what `[` opened.
        case rightBracket = "]"
        /// `,`: separates elements, arguments and targets.
        case comma = ","
        /// `:`: ends a loop or function header, or separates slice bounds.
        case colon = ":"
        /// `;`: separates statements on one line.
        case semicolon = ";"
        /// `.`: introduces an attribute.
        case dot = "."
        /// `=`: assigns, or labels a keyword argument.
        case equal = "="
        /// `+`: adds, or is a unary plus.
        case plus = "+"
        /// `-`: subtracts, or negates.
        case minus = "-"
        /// `*`: multiplies elementwise.
        case star = "*"
        /// `**`: raises to a power.
        case doubleStar = "**"
        /// `/`: divides elementwise.
        case slash = "/"
        /// `//`: floor-divides elementwise.
        case doubleSlash = "//"
        /// `%`: takes the remainder.
        case percent = "%"
        /// `@`: multiplies matrices.
        case at = "@"
        /// `<`: compares.
        case less = "<"
        /// `<=`: compares.
        case lessEqual = "<="
        /// `>`: compares.
        case greater = ">"
        /// `>=`: compares.
        case greaterEqual = ">="
        /// `==`: tests equality.
        case equalEqual = "=="
        /// `!=`: tests inequality.
        case notEqual = "!="
    }

    /// What the token is.
    public var kind: Kind
    /// The exact source text of the token (empty for synthesized layout tokens).
    public var text: String
    /// Where the token was found.
    public var range: SourceRange

    /// Creates a token.
    public init(_ kind: Kind, text: String, range: SourceRange) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    /// The token as a message names it: `'x'`, `'('`, `a string`, `end of line`.
    public var description: String {
        switch kind {
        case .string: "a string"
        case .newline: "end of line"
        case .indent: "indentation"
        case .dedent: "end of block"
        case .endOfInput: "end of input"
        default: "'\(text)'"
        }
    }

    /// Whether this token only marks layout (line ends, indentation, end of input).
    public var isLayout: Bool {
        switch kind {
        case .newline, .indent, .dedent, .endOfInput: true
        default: false
        }
    }

    /// Whether the token is the given operator or punctuation mark.
    public func `is`(_ symbol: Symbol) -> Bool {
        kind == .symbol(symbol)
    }
}
