// Expression parsing, one method per precedence level from loosest to tightest; the grammar
// is in Parser.swift. Every level that nests (brackets, prefix operators, `**`, and each
// link of an operator or postfix chain) counts toward `Parser.maximumDepth`, which bounds
// the depth of the tree as well as the recursion that builds it.

extension ParserState {
    /// `expression (',' expression)* [',']`: a tuple when there is a comma.
    mutating func parseExpressionList() throws(ScriptError) -> Expression {
        let first = try parseExpression()
        guard current.is(.comma) else {
            return first
        }
        var elements = [first]
        var end = first.range.end
        while let comma = match(.comma) {
            end = comma.range.end
            guard startsExpression(current) else { break }
            let element = try parseExpression()
            elements.append(element)
            end = element.range.end
        }
        return Expression(.tuple(elements), range: SourceRange(start: first.range.start, end: end))
    }

    /// A lambda, a comparison, or an additive expression; comparisons do not chain.
    mutating func parseExpression() throws(ScriptError) -> Expression {
        try enter()
        defer { leave() }
        if current.kind == .lambdaKeyword {
            return try parseLambda()
        }
        let left = try parseAdditive()
        guard let op = binaryOperator(in: ParserState.comparisonOperators) else {
            return left
        }
        advance()
        let right = try parseAdditive()
        if binaryOperator(in: ParserState.comparisonOperators) != nil {
            throw error("comparisons cannot be chained; use parentheses", at: current.range)
        }
        return binary(op, left, right)
    }

    // Built once: a set literal at the call would be rebuilt for every operand parsed.
    private static let comparisonOperators: Set<BinaryOperator> = [
        .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual,
    ]
    private static let additiveOperators: Set<BinaryOperator> = [.add, .subtract]
    private static let multiplicativeOperators: Set<BinaryOperator> = [
        .multiply, .divide, .floorDivide, .remainder, .matrixMultiply,
    ]

    /// The binary operator each symbol token spells, found without comparing strings.
    private static let operatorOfSymbol: [Token.Symbol: BinaryOperator] = Dictionary(
        uniqueKeysWithValues: Token.Symbol.allCases.compactMap { symbol in
            BinaryOperator(rawValue: symbol.rawValue).map { (symbol, $0) }
        })

    private mutating func parseAdditive() throws(ScriptError) -> Expression {
        var left = try parseMultiplicative()
        var levels = 0
        defer { leave(levels: levels) }
        while let op = binaryOperator(in: ParserState.additiveOperators) {
            try enter()
            levels += 1
            advance()
            left = binary(op, left, try parseMultiplicative())
        }
        return left
    }

    private mutating func parseMultiplicative() throws(ScriptError) -> Expression {
        var left = try parseUnary()
        var levels = 0
        defer { leave(levels: levels) }
        while let op = binaryOperator(in: ParserState.multiplicativeOperators) {
            try enter()
            levels += 1
            advance()
            left = binary(op, left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(ScriptError) -> Expression {
        let op: UnaryOperator
        switch current.kind {
        case .symbol(.minus): op = .negate
        case .symbol(.plus): op = .plus
        default: return try parsePower()
        }
        try enter()
        defer { leave() }
        let token = advance()
        let operand = try parseUnary()
        return Expression(.unary(op, operand), range: SourceRange(from: token.range, to: operand.range))
    }

    private mutating func parsePower() throws(ScriptError) -> Expression {
        let base = try parsePostfix()
        guard current.is(.doubleStar) else {
            return base
        }
        try enter()
        defer { leave() }
        advance()
        // The exponent is a unary expression, so `2**-1` parses and `2**3**2` groups to the right.
        return binary(.power, base, try parseUnary())
    }

    private mutating func parsePostfix() throws(ScriptError) -> Expression {
        var expression = try parseAtom()
        var levels = 0
        defer { leave(levels: levels) }
        while current.is(.leftParen) || current.is(.leftBracket) || current.is(.dot) {
            try enter()
            levels += 1
            let opening = advance()
            switch opening.kind {
            case .symbol(.leftParen):
                let arguments = try parseArguments()
                let close = try expect(.rightParen, "expected ')' after arguments", opening: opening)
                expression = Expression(
                    .call(expression, arguments), range: SourceRange(from: expression.range, to: close.range))
            case .symbol(.leftBracket):
                let items = try parseIndexItems()
                let close = try expect(.rightBracket, "expected ']' after index", opening: opening)
                expression = Expression(
                    .index(expression, items), range: SourceRange(from: expression.range, to: close.range))
            default:
                guard case .name(let name) = current.kind else {
                    throw unexpected("expected an attribute name after '.'")
                }
                let nameToken = advance()
                expression = Expression(
                    .attribute(expression, name),
                    range: SourceRange(from: expression.range, to: nameToken.range))
            }
        }
        return expression
    }

    private mutating func parseArguments() throws(ScriptError) -> [Argument] {
        var arguments: [Argument] = []
        var labels: Set<String> = []
        while !current.is(.rightParen) {
            if case .name(let label) = current.kind, next.is(.equal) {
                let labelToken = advance()
                advance()
                guard labels.insert(label).inserted else {
                    throw error("duplicate keyword argument '\(label)'", at: labelToken.range)
                }
                let value = try parseExpression()
                arguments.append(
                    Argument(
                        label: label, value: value,
                        range: SourceRange(from: labelToken.range, to: value.range)))
            } else {
                let value = try parseExpression()
                if current.is(.equal) {
                    throw error("a keyword argument needs a name before '='", at: current.range)
                }
                if !labels.isEmpty {
                    throw error("positional argument after keyword argument", at: value.range)
                }
                arguments.append(Argument(value: value, range: value.range))
            }
            if match(.comma) == nil {
                break
            }
        }
        return arguments
    }

    private mutating func parseIndexItems() throws(ScriptError) -> [IndexItem] {
        if current.is(.rightBracket) {
            throw error("expected an index", at: current.range)
        }
        var items = [try parseIndexItem()]
        while match(.comma) != nil && !current.is(.rightBracket) {
            items.append(try parseIndexItem())
        }
        return items
    }

    private mutating func parseIndexItem() throws(ScriptError) -> IndexItem {
        var start: Expression?
        if !current.is(.colon) {
            let expression = try parseExpression()
            guard current.is(.colon) else {
                return .single(expression)
            }
            start = expression
        }
        let firstColon = advance()
        var end = firstColon.range.end
        var stop: Expression?
        var step: Expression?
        if startsExpression(current) {
            let expression = try parseExpression()
            stop = expression
            end = expression.range.end
        }
        if let secondColon = match(.colon) {
            end = secondColon.range.end
            if startsExpression(current) {
                let expression = try parseExpression()
                step = expression
                end = expression.range.end
            }
        }
        let range = SourceRange(start: start?.range.start ?? firstColon.range.start, end: end)
        return .slice(start: start, stop: stop, step: step, range: range)
    }

    private mutating func parseAtom() throws(ScriptError) -> Expression {
        let token = current
        let kind: Expression.Kind
        switch token.kind {
        case .number(let value): kind = .number(value)
        case .string(let text): kind = .string(text)
        case .boolean(let value): kind = .boolean(value)
        case .noneLiteral: kind = .none
        case .name(let name): kind = .name(name)
        case .symbol(.leftParen): return try parseParenthesized()
        case .symbol(.leftBracket): return try parseList()
        default: throw expressionExpected()
        }
        advance()
        return Expression(kind, range: token.range)
    }

    /// `()`, `(expression)` or a tuple; the range of a parenthesised expression includes its parentheses.
    private mutating func parseParenthesized() throws(ScriptError) -> Expression {
        let opening = advance()
        if let close = match(.rightParen) {
            return Expression(.tuple([]), range: SourceRange(from: opening.range, to: close.range))
        }
        var first = try parseExpression()
        if let close = match(.rightParen) {
            first.range = SourceRange(from: opening.range, to: close.range)
            return first
        }
        guard current.is(.comma) else {
            throw unexpected("expected ')' after expression", notes: unclosedNote(opening))
        }
        var elements = [first]
        while match(.comma) != nil && !current.is(.rightParen) {
            elements.append(try parseExpression())
        }
        let close = try expect(.rightParen, "expected ')' after tuple elements", opening: opening)
        return Expression(.tuple(elements), range: SourceRange(from: opening.range, to: close.range))
    }

    private mutating func parseList() throws(ScriptError) -> Expression {
        let opening = advance()
        var elements: [Expression] = []
        while !current.is(.rightBracket) {
            elements.append(try parseExpression())
            if match(.comma) == nil {
                break
            }
        }
        let close = try expect(.rightBracket, "expected ']' after list elements", opening: opening)
        return Expression(.list(elements), range: SourceRange(from: opening.range, to: close.range))
    }

    // MARK: - Helpers

    private func expressionExpected() -> ScriptError {
        // `x += 1` lexes as `x +` then `=`; name the operator the learner actually typed.
        if current.is(.equal), let previous = previousToken, case .symbol(let symbol) = previous.kind,
            BinaryOperator(rawValue: symbol.rawValue) != nil, previous.range.end == current.range.start
        {
            return error(
                "augmented assignment '\(symbol.rawValue)=' is not supported",
                at: SourceRange(from: previous.range, to: current.range))
        }
        return unexpected("expected an expression")
    }

    /// A note naming `opening` when the error is far from it, so the learner can find the bracket.
    func unclosedNote(_ opening: Token) -> [String] {
        current.isLayout || current.range.start.line != opening.range.start.line
            ? ["'\(opening.text)' opened at \(opening.range.start) is not closed"] : []
    }

    /// Whether `token` can begin an expression (an invalid token can, so its error is reported).
    func startsExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .string, .boolean, .noneLiteral, .name, .invalid, .lambdaKeyword: true
        case .symbol(let symbol): [.leftParen, .leftBracket, .minus, .plus].contains(symbol)
        default: false
        }
    }

    private func binaryOperator(in operators: Set<BinaryOperator>) -> BinaryOperator? {
        guard case .symbol(let symbol) = current.kind, let op = ParserState.operatorOfSymbol[symbol],
            operators.contains(op)
        else { return nil }
        return op
    }

    private func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression) -> Expression {
        Expression(.binary(op, left, right), range: SourceRange(from: left.range, to: right.range))
    }
}
