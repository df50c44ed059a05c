/// Parses dropstep's language: recursive descent, one method per precedence level.
///
/// ```
/// program        := statement* END
/// statement      := forLoop | definition | simpleList
/// forLoop        := 'for' NAME 'in' expressionList ':' block
/// definition     := 'def' NAME '(' [parameters] ')' ':' block
/// block          := simpleList | NEWLINE INDENT statement+ DEDENT
/// parameters     := parameter (',' parameter)* [',']         (names unique; defaults last)
/// parameter      := NAME ['=' expression]
/// simpleList     := simple (';' simple)* [';'] (NEWLINE | END)
/// simple         := 'return' [expressionList]                 (only inside a definition)
///                 | expressionList ['=' expressionList]      (the left side must be assignable)
/// expressionList := expression (',' expression)* [',']       (a tuple when there is a comma)
/// expression     := lambda | comparison
/// lambda         := 'lambda' [parameters] ':' expression
/// comparison     := additive [('<' | '<=' | '>' | '>=' | '==' | '!=') additive]
/// additive       := multiplicative (('+' | '-') multiplicative)*
/// multiplicative := unary (('*' | '/' | '//' | '%' | '@') unary)*
/// unary          := ('-' | '+') unary | power
/// power          := postfix ['**' unary]
/// postfix        := atom ('(' [arguments] ')' | '[' indexItems ']' | '.' NAME)*
/// arguments      := argument (',' argument)* [',']           (no positional after a keyword)
/// argument       := NAME '=' expression | expression
/// indexItems     := indexItem (',' indexItem)* [',']
/// indexItem      := expression | [expression] ':' [expression] [':' [expression]]
/// atom           := NUMBER | STRING | 'true' | 'false' | 'none' | NAME
///                 | '(' [expression (',' expression)* [',']] ')'
///                 | '[' [expression (',' expression)* [',']] ']'
/// ```
///
/// A `lambda` reaches as far right as an expression can, as in Python, so it is wrapped in
/// parentheses wherever it is an operand. Comparisons do not chain (`a < b < c` is an error, not Python's `a < b and b < c`), `**`
/// binds tighter than a unary minus on its left (`-2**2` is `-(2**2)`) but accepts one on
/// its right (`2**-1`). Nesting is limited to ``maximumDepth`` levels so that no input,
/// however deep, can overflow the stack.
public enum Parser {
    /// The deepest nesting of brackets, operators and blocks a script may use.
    public static let maximumDepth = 200

    /// Parses a whole script, throwing the first error in it.
    public static func parse(_ source: String) throws(ScriptError) -> [Statement] {
        let result = parseAll(source)
        if let first = result.errors.first {
            throw first
        }
        return result.statements
    }

    /// Parses a whole script, recovering at statement boundaries to report every error.
    ///
    /// - Returns: The statements that parsed, and the errors in source order.
    public static func parseAll(_ source: String) -> (statements: [Statement], errors: [ScriptError]) {
        var state = ParserState(tokens: Lexer.tokenize(source))
        let statements = state.parseStatements(inBlock: false)
        return (statements, state.errors)
    }

    /// Parses text holding exactly one expression, such as an exercise answer.
    ///
    /// An unparenthesised `a, b` is accepted as a tuple.
    public static func parseExpression(_ source: String) throws(ScriptError) -> Expression {
        var state = ParserState(tokens: Lexer.tokenize(source))
        if state.current.kind == .indent {
            state.advance()
        }
        let expression = try state.parseExpressionList()
        while state.current.kind == .newline || state.current.kind == .dedent {
            state.advance()
        }
        guard state.current.kind == .endOfInput else {
            throw state.unexpected("expected end of expression, found \(state.current)")
        }
        return expression
    }

    /// Whether a REPL holding `source` should read another line before running it.
    ///
    /// `source` is the lines typed so far joined by `"\n"`, with no newline after the last
    /// line. More input is needed while a bracket is open, after a line ending in `\` or
    /// `:`, and inside an indented block until an empty line ends it. Text with a lexical
    /// error needs no more input: running it shows the error.
    public static func needsMoreInput(_ source: String) -> Bool {
        var lexer = Lexer(source)
        let tokens = lexer.tokenize()
        if lexer.hasErrors {
            return false
        }
        if lexer.openBracketCount > 0 || lexer.endsWithContinuation {
            return true
        }
        let lastLine = SourceText.lines(of: source).last ?? Substring.UnicodeScalarView()
        if lastLine.allSatisfy({ $0.properties.isWhitespace }) {
            return false
        }
        if let last = tokens.last(where: { !$0.isLayout }), last.is(.colon) {
            return true
        }
        return lexer.openBlockCount > 0
    }
}

/// The parser's position in a token stream, its nesting depth and the errors found so far.
struct ParserState {
    let tokens: [Token]
    private var position = 0
    /// Where the last non-layout token ended; errors found at a line end point here.
    private var lastSignificantEnd: SourceLocation?
    private var depth = 0
    /// How many `def`s enclose the current position; `return` is only allowed inside one.
    var functionDepth = 0
    private(set) var errors: [ScriptError] = []

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    // MARK: - Statements

    /// Parses statements up to the end of input or, in a block, up to its closing dedent.
    mutating func parseStatements(inBlock: Bool) -> [Statement] {
        var statements: [Statement] = []
        while true {
            switch current.kind {
            case .endOfInput:
                return statements
            case .dedent:
                advance()
                if inBlock {
                    return statements
                }
            case .newline:
                advance()
            case .indent:
                let indent = advance()
                report(ScriptError("unexpected indent", at: current.isLayout ? indent.range : current.range))
                skipBlock(openedAlready: true)
            default:
                do throws(ScriptError) {
                    statements += try parseStatement()
                } catch {
                    report(error)
                    synchronize()
                }
            }
        }
    }

    private mutating func parseStatement() throws(ScriptError) -> [Statement] {
        switch current.kind {
        case .forKeyword: [try parseForLoop()]
        case .defKeyword: [try parseDefinition()]
        default: try parseSimpleStatements()
        }
    }

    private mutating func parseForLoop() throws(ScriptError) -> Statement {
        let keyword = advance()
        guard case .name(let variable) = current.kind else {
            throw unexpected("expected a loop variable name after 'for'")
        }
        let variableToken = advance()
        if current.is(.comma) {
            throw error("the loop variable must be a single name", at: current.range)
        }
        guard current.kind == .inKeyword else {
            throw unexpected("expected 'in' after the loop variable")
        }
        advance()
        let sequence = try parseExpressionList()
        let colon = try expect(.colon, "expected ':' after the loop sequence")
        let body = try parseBlock(after: colon, keyword: "for")
        let kind = Statement.Kind.forLoop(
            variable: variable, variableRange: variableToken.range, sequence: sequence, body: body)
        let end = body.last?.range.end ?? colon.range.end
        return Statement(kind, range: SourceRange(start: keyword.range.start, end: end))
    }

    /// The body after a `for` or `def` header's colon: the rest of the line, or an indented block.
    mutating func parseBlock(after colon: Token, keyword: String) throws(ScriptError) -> [Statement] {
        if current.kind == .newline || current.kind == .endOfInput {
            advance()
            if case .invalid = current.kind {
                throw unexpected("")
            }
            guard current.kind == .indent else {
                // Reported, not thrown: the next line is a statement of its own, not to be skipped.
                let range = current.isLayout ? SourceRange(at: colon.range.end) : current.range
                report(ScriptError("expected an indented block after '\(keyword) ... :'", at: range))
                return []
            }
            try enter(keyword == "for" ? "'for' loops nested too deeply" : "blocks nested too deeply")
            defer { leave() }
            advance()
            return parseStatements(inBlock: true)
        }
        if current.kind == .forKeyword {
            throw error("a nested 'for' loop must start on its own indented line", at: current.range)
        }
        if current.kind == .defKeyword {
            throw error("a nested 'def' must start on its own indented line", at: current.range)
        }
        return try parseSimpleStatements()
    }

    private mutating func parseSimpleStatements() throws(ScriptError) -> [Statement] {
        var statements = [try parseSimpleStatement()]
        while match(.semicolon) != nil {
            if current.kind == .newline || current.kind == .endOfInput {
                break
            }
            if current.kind == .forKeyword {
                throw error("a 'for' loop must start on its own line", at: current.range)
            }
            if current.kind == .defKeyword {
                throw error("a 'def' must start on its own line", at: current.range)
            }
            statements.append(try parseSimpleStatement())
        }
        switch current.kind {
        case .newline:
            advance()
        case .endOfInput:
            break
        case .name(let name) where ParserState.pythonKeywords.contains(name):
            throw error("'\(name)' is not supported in dropstep", at: current.range)
        default:
            if let previous = previousToken, case .name(let name) = previous.kind,
                ParserState.pythonKeywords.contains(name)
            {
                throw error("'\(name)' is not supported in dropstep", at: previous.range)
            }
            throw unexpected("expected end of statement, found \(current)")
        }
        return statements
    }

    /// Python words a learner may reach for; naming them beats a bare "unexpected name".
    private static let pythonKeywords: Set<String> = [
        "and", "or", "not", "is", "if", "elif", "else", "while", "import", "from", "class", "with", "as",
        "pass", "break", "continue", "del",
    ]

    private mutating func parseSimpleStatement() throws(ScriptError) -> Statement {
        if current.kind == .returnKeyword {
            return try parseReturn()
        }
        let left = try parseExpressionList()
        guard match(.equal) != nil else {
            return Statement(.expression(left), range: left.range)
        }
        let targets = try assignmentTargets(from: left)
        let value = try parseExpressionList()
        if current.is(.equal) {
            throw error("chained assignment is not supported; assign one name at a time", at: current.range)
        }
        return Statement(.assignment(targets, value), range: SourceRange(from: left.range, to: value.range))
    }

    private func assignmentTargets(from expression: Expression) throws(ScriptError) -> [AssignmentTarget] {
        let elements: [Expression]
        switch expression.kind {
        case .tuple(let items), .list(let items):
            elements = items
        default:
            return [try assignmentTarget(from: expression)]
        }
        guard elements.count >= 2 else {
            let message =
                elements.isEmpty
                ? "cannot assign to an empty tuple" : "destructuring needs at least two targets"
            throw error(message, at: expression.range)
        }
        var targets: [AssignmentTarget] = []
        for element in elements {
            if case .tuple = element.kind {
                throw error("nested destructuring is not supported", at: element.range)
            }
            if case .list = element.kind {
                throw error("nested destructuring is not supported", at: element.range)
            }
            targets.append(try assignmentTarget(from: element))
        }
        return targets
    }

    private func assignmentTarget(from expression: Expression) throws(ScriptError) -> AssignmentTarget {
        let what: String
        switch expression.kind {
        case .name(let name):
            return .name(name, expression.range)
        case .index(let base, let items):
            guard case .name = base.kind else {
                throw error("subscript assignment needs a variable name before '['", at: base.range)
            }
            return .subscript(base, items, expression.range)
        case .call: what = "a call"
        case .attribute: what = "an attribute"
        case .number: what = "a number"
        case .string: what = "a string"
        case .boolean(let value): what = value ? "'true'" : "'false'"
        case .none: what = "'none'"
        case .list: what = "a list"
        case .tuple: what = "a tuple"
        case .binary(let op, _, _) where op.isComparison: what = "a comparison"
        case .binary, .unary: what = "an expression"
        case .lambda: what = "a lambda"
        }
        throw error("cannot assign to \(what)", at: expression.range)
    }

    // MARK: - Recovery

    /// Skips the rest of a failed statement and any block that hangs off it.
    private mutating func synchronize() {
        while current.kind != .newline && current.kind != .endOfInput {
            advance()
        }
        advance()
        skipBlock(openedAlready: false)
    }

    /// Skips an indented block without recursion, however deep it is.
    private mutating func skipBlock(openedAlready: Bool) {
        var open = openedAlready ? 1 : 0
        if !openedAlready {
            guard current.kind == .indent else { return }
            advance()
            open = 1
        }
        while open > 0 && current.kind != .endOfInput {
            if current.kind == .indent {
                open += 1
            } else if current.kind == .dedent {
                open -= 1
            }
            advance()
        }
    }

    // MARK: - Token access

    var current: Token { tokens[position] }

    /// The token after the current one (the last token, end of input, if there is none).
    var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    var previousToken: Token? { position > 0 ? tokens[position - 1] : nil }

    /// Moves past the current token, staying on the end-of-input token once there.
    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if !token.isLayout {
            lastSignificantEnd = token.range.end
        }
        if position < tokens.count - 1 {
            position += 1
        }
        return token
    }

    mutating func match(_ symbol: Token.Symbol) -> Token? {
        current.is(symbol) ? advance() : nil
    }

    /// Consumes `symbol` or throws `message`, noting an unclosed `opening` bracket if useful.
    mutating func expect(_ symbol: Token.Symbol, _ message: String, opening: Token? = nil) throws(ScriptError)
        -> Token
    {
        if let token = match(symbol) {
            return token
        }
        throw unexpected(message, notes: opening.map(unclosedNote) ?? [])
    }

    /// An error at the current token; the lexer's own message wins over `message` at an invalid token.
    func unexpected(_ message: String, notes: [String] = []) -> ScriptError {
        if case .invalid(let lexerMessage) = current.kind {
            return ScriptError(lexerMessage, at: current.range)
        }
        // At a line end, point just past the last real token, where the user stopped typing.
        if current.isLayout, let end = lastSignificantEnd {
            return ScriptError(message, at: SourceRange(at: end), notes: notes)
        }
        return ScriptError(message, at: current.range, notes: notes)
    }

    func error(_ message: String, at range: SourceRange) -> ScriptError {
        ScriptError(message, at: range)
    }

    mutating func report(_ error: ScriptError) {
        errors.append(error)
    }

    /// Goes one level deeper, or throws once nesting passes ``Parser/maximumDepth``.
    mutating func enter(_ message: String = "expression nested too deeply") throws(ScriptError) {
        guard depth < Parser.maximumDepth else {
            throw unexpected(message)
        }
        depth += 1
    }

    mutating func leave(levels: Int = 1) {
        depth -= levels
    }
}
