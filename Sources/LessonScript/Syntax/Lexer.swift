/// Turns script text into tokens, following Python's layout rules.
///
/// Lines end in `.newline` tokens, deeper indentation opens a block with `.indent` and
/// shallower indentation closes blocks with `.dedent`. Blank and comment-only lines are
/// skipped, newlines inside brackets are ignored and a `\` at the end of a line joins it to
/// the next. Problems never stop the lexer: it emits an `.invalid` token with the message
/// and carries on, so the parser reports them in order with its own errors.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    /// The indentation of every open block, outermost first.
    private var indentStack: [Indentation] = [Indentation(width: 0, usesTabs: false)]
    private var bracketDepth = 0

    /// Whether the text ends right after a `\` line continuation.
    private(set) var endsWithContinuation = false
    /// The number of indented blocks still open when the text ended.
    private(set) var openBlockCount = 0
    /// The number of brackets still open when the text ended.
    private(set) var openBracketCount = 0
    /// Whether any `.invalid` token was produced.
    private(set) var hasErrors = false

    /// Creates a lexer over `source`; call ``tokenize()`` to run it.
    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// Splits `source` into tokens, ending with `.endOfInput`.
    public static func tokenize(_ source: String) -> [Token] {
        var lexer = Lexer(source)
        return lexer.tokenize()
    }

    /// Runs the lexer to the end of the text and returns every token.
    mutating func tokenize() -> [Token] {
        // A byte-order mark some editors put first is not part of the program.
        if peek() == "\u{FEFF}" { advance() }
        var atLineStart = true
        scanning: while true {
            if atLineStart && bracketDepth == 0 {
                switch readIndentation() {
                case .blank: continue
                case .end: break scanning
                case .content: atLineStart = false
                }
            }
            skipInlineWhitespace()
            guard let scalar = peek() else { break scanning }
            switch scalar {
            case "\n", "\r":
                let start = location
                consumeLineBreak()
                if bracketDepth == 0 {
                    append(
                        .newline, from: start, to: SourceLocation(line: start.line, column: start.column + 1))
                    atLineStart = true
                }
            case "#":
                skipComment()
            case "\\":
                lexContinuation()
            case "\"", "'":
                lexString()
            case "0"..."9":
                lexNumber()
            case "." where peek(at: 1).map(Lexer.isDigit) ?? false:
                lexNumber()
            case _ where Lexer.isIdentifierStart(scalar):
                lexName()
            default:
                lexSymbol()
            }
        }
        finish()
        return tokens
    }

    // MARK: - Layout

    private enum LineStart {
        case content
        case blank
        case end
    }

    /// Reads a line's leading whitespace and emits the indentation tokens it implies.
    /// A line's leading whitespace; lines mixing tabs and spaces are rejected, so a count and a kind suffice.
    private struct Indentation: Equatable {
        var width: Int
        var usesTabs: Bool
    }

    private mutating func readIndentation() -> LineStart {
        let start = location
        var spaces = 0
        var tabs = 0
        while let scalar = peek(), scalar == " " || scalar == "\t" {
            if scalar == " " { spaces += 1 } else { tabs += 1 }
            advance()
        }
        skipInlineWhitespace()
        switch peek() {
        case nil:
            return .end
        case "\n", "\r":
            consumeLineBreak()
            return .blank
        case "#":
            skipComment()
            if peek() == nil { return .end }
            consumeLineBreak()
            return .blank
        default:
            let range = SourceRange(
                start: start, end: SourceLocation(line: start.line, column: start.column + spaces + tabs))
            if spaces > 0 && tabs > 0 {
                append(.invalid("indentation mixes tabs and spaces"), range: range)
            } else {
                applyIndentation(Indentation(width: spaces + tabs, usesTabs: tabs > 0), range: range)
            }
            return .content
        }
    }

    private mutating func applyIndentation(_ indentation: Indentation, range: SourceRange) {
        let current = indentStack[indentStack.count - 1]
        if indentation == current { return }
        if indentation.width > current.width
            && (current.width == 0 || current.usesTabs == indentation.usesTabs)
        {
            indentStack.append(indentation)
            append(.indent, range: range)
            return
        }
        let dedentRange = SourceRange(at: range.end)
        if let level = indentStack.lastIndex(of: indentation) {
            while indentStack.count > level + 1 {
                indentStack.removeLast()
                append(.dedent, range: dedentRange)
            }
            return
        }
        // Close the blocks that are clearly deeper, so recovery resumes at a sensible level.
        let isInconsistent = indentStack.contains { $0.width > 0 && $0.usesTabs != indentation.usesTabs }
        while indentStack.count > 1, indentStack[indentStack.count - 1].width > indentation.width {
            indentStack.removeLast()
            append(.dedent, range: dedentRange)
        }
        let message =
            isInconsistent
            ? "inconsistent use of tabs and spaces in indentation"
            : "unindent does not match any outer indentation level"
        append(.invalid(message), range: range)
    }

    private mutating func lexContinuation() {
        let start = location
        advance()
        while let scalar = peek(), scalar == " " || scalar == "\t" {
            advance()
        }
        switch peek() {
        case nil:
            endsWithContinuation = true
        case "\n", "\r":
            consumeLineBreak()
        default:
            append(
                .invalid("expected a line break after '\\'"), from: start,
                to: SourceLocation(line: start.line, column: start.column + 1))
        }
    }

    private mutating func finish() {
        let end = location
        if let last = tokens.last, last.kind != .newline {
            append(.newline, from: end, to: end)
        }
        openBlockCount = indentStack.count - 1
        openBracketCount = bracketDepth
        for _ in 1..<indentStack.count {
            append(.dedent, from: end, to: end)
        }
        append(.endOfInput, from: end, to: end)
    }

    // MARK: - Literals and names

    private mutating func lexString() {
        let start = location
        let startIndex = index
        let quote = scalars[index]
        advance()
        var value = ""
        var problem: (message: String, range: SourceRange)?
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                append(
                    .invalid("unterminated string"), text: text(from: startIndex), from: start, to: location)
                return
            }
            let escapeStart = location
            advance()
            if scalar == quote { break }
            guard scalar == "\\" else {
                value.unicodeScalars.append(scalar)
                continue
            }
            guard let escaped = peek(), escaped != "\n", escaped != "\r" else { continue }
            advance()
            switch escaped {
            case "n": value += "\n"
            case "t": value += "\t"
            case "r": value += "\r"
            case "0": value += "\0"
            case "\\", "\"", "'": value.unicodeScalars.append(escaped)
            default:
                if problem == nil {
                    let range = SourceRange(start: escapeStart, end: location)
                    problem = ("unknown escape sequence '\\\(escaped)'", range)
                }
            }
        }
        if let problem {
            append(.invalid(problem.message), text: text(from: startIndex), range: problem.range)
        } else {
            append(.string(value), text: text(from: startIndex), from: start, to: location)
        }
    }

    private mutating func lexNumber() {
        let start = location
        let startIndex = index
        var normalized = ""
        let integerDigits = readDigits()
        normalized += integerDigits.isEmpty ? "0" : integerDigits
        if peek() == "." {
            advance()
            let fractionDigits = readDigits()
            normalized += "." + (fractionDigits.isEmpty ? "0" : fractionDigits)
        }
        if let marker = peek(), marker == "e" || marker == "E" {
            let signLength = (peek(at: 1) == "+" || peek(at: 1) == "-") ? 1 : 0
            if let digit = peek(at: 1 + signLength), Lexer.isDigit(digit) {
                advance()
                normalized += "e"
                if signLength == 1 {
                    normalized.unicodeScalars.append(scalars[index])
                    advance()
                }
                normalized += readDigits()
            }
        }
        // `2x` or `1e` is a typo, not a number followed by a name; say so at the number.
        if let next = peek(), Lexer.isIdentifierContinue(next) || next == "." {
            while let scalar = peek(), Lexer.isIdentifierContinue(scalar) || scalar == "." {
                advance()
            }
            let text = text(from: startIndex)
            append(.invalid("invalid number '\(text)'"), text: text, from: start, to: location)
            return
        }
        let text = text(from: startIndex)
        if let value = Double(normalized) {
            append(.number(value), text: text, from: start, to: location)
        } else {
            append(.invalid("invalid number '\(text)'"), text: text, from: start, to: location)
        }
    }

    private mutating func readDigits() -> String {
        let start = index
        while let scalar = peek(), Lexer.isDigit(scalar) {
            advance()
        }
        return text(from: start)
    }

    private mutating func lexName() {
        let start = location
        let startIndex = index
        while let scalar = peek(), Lexer.isIdentifierContinue(scalar) {
            advance()
        }
        let text = text(from: startIndex)
        let kind: Token.Kind =
            switch text {
            case "for": .forKeyword
            case "in": .inKeyword
            case "def": .defKeyword
            case "return": .returnKeyword
            case "lambda": .lambdaKeyword
            case "true", "True": .boolean(true)
            case "false", "False": .boolean(false)
            case "none", "None": .noneLiteral
            default: .name(text)
            }
        append(kind, text: text, from: start, to: location)
    }

    private mutating func lexSymbol() {
        let start = location
        let first = scalars[index]
        guard let symbol = Lexer.symbol(first, followedBy: peek(at: 1)) else {
            advance()
            append(
                .invalid(Lexer.unexpectedCharacterMessage(first)), text: String(first), from: start,
                to: location)
            return
        }
        for _ in symbol.rawValue.unicodeScalars {
            advance()
        }
        switch symbol {
        case .leftParen, .leftBracket: bracketDepth += 1
        case .rightParen, .rightBracket: bracketDepth = max(0, bracketDepth - 1)
        default: break
        }
        append(.symbol(symbol), text: symbol.rawValue, from: start, to: location)
    }

    /// The longest symbol starting with `first`, matched without building strings.
    private static func symbol(_ first: Unicode.Scalar, followedBy second: Unicode.Scalar?) -> Token.Symbol? {
        switch (first, second) {
        case ("*", "*"): .doubleStar
        case ("/", "/"): .doubleSlash
        case ("<", "="): .lessEqual
        case (">", "="): .greaterEqual
        case ("=", "="): .equalEqual
        case ("!", "="): .notEqual
        case ("(", _): .leftParen
        case (")", _): .rightParen
        case ("[", _): .leftBracket
        case ("]", _): .rightBracket
        case (",", _): .comma
        case (":", _): .colon
        case (";", _): .semicolon
        case (".", _): .dot
        case ("=", _): .equal
        case ("+", _): .plus
        case ("-", _): .minus
        case ("*", _): .star
        case ("/", _): .slash
        case ("%", _): .percent
        case ("@", _): .at
        case ("<", _): .less
        case (">", _): .greater
        default: nil
        }
    }

    private static func unexpectedCharacterMessage(_ scalar: Unicode.Scalar) -> String {
        var code = String(scalar.value, radix: 16, uppercase: true)
        code = String(repeating: "0", count: max(0, 4 - code.count)) + code
        switch scalar {
        case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}":
            return "unexpected character '\(scalar)' (U+\(code)); use straight quotes \" or '"
        case "!"..."~":
            return "unexpected character '\(scalar)'"
        default:
            let isVisible =
                !scalar.properties.isWhitespace && scalar.properties.generalCategory != .control
                && scalar.properties.generalCategory != .format && scalar.value >= 0xA0
            return isVisible
                ? "unexpected character '\(scalar)' (U+\(code))" : "unexpected character U+\(code)"
        }
    }

    // MARK: - Scanning primitives

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    private func peek(at offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        index += 1
        column += 1
    }

    private mutating func consumeLineBreak() {
        if peek() == "\r" && peek(at: 1) == "\n" {
            index += 1
        }
        index += 1
        line += 1
        column = 1
    }

    private mutating func skipInlineWhitespace() {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\u{0B}" || scalar == "\u{0C}"
        {
            advance()
        }
    }

    private mutating func skipComment() {
        while let scalar = peek(), scalar != "\n", scalar != "\r" {
            advance()
        }
    }

    private func text(from startIndex: Int) -> String {
        let slice = scalars[startIndex..<index]
        // Numbers and names are ASCII: their bytes are written at once (a literal of millions
        // of numbers spent most of its time appending scalars one by one).
        if slice.allSatisfy(\.isASCII) {
            return String(unsafeUninitializedCapacity: slice.count) { bytes in
                for (offset, scalar) in slice.enumerated() {
                    bytes[offset] = UInt8(truncatingIfNeeded: scalar.value)
                }
                return slice.count
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: slice)
        return text
    }

    private mutating func append(_ kind: Token.Kind, text: String = "", range: SourceRange) {
        if case .invalid = kind { hasErrors = true }
        tokens.append(Token(kind, text: text, range: range))
    }

    private mutating func append(
        _ kind: Token.Kind, text: String = "", from start: SourceLocation, to end: SourceLocation
    ) {
        append(kind, text: text, range: SourceRange(start: start, end: end))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "_": true
        case "\0"..."\u{7F}": false
        default: scalar.properties.isXIDStart
        }
    }

    private static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_": true
        case "\0"..."\u{7F}": false
        default: scalar.properties.isXIDContinue
        }
    }
}
