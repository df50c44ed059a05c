// Functions: `def` with its parameters and body, `return`, and `lambda`. The grammar is in
// Parser.swift; a definition's body is a block like a loop's, and counts toward
// `Parser.maximumDepth` the same way.

extension ParserState {
    /// `def NAME '(' [parameters] ')' ':' block`.
    mutating func parseDefinition() throws(ScriptError) -> Statement {
        let keyword = advance()
        guard case .name(let name) = current.kind else {
            throw unexpected("expected a function name after 'def'")
        }
        let nameToken = advance()
        guard let opening = match(.leftParen) else {
            throw unexpected("expected '(' after the function name")
        }
        let parameters = try parseParameters(until: .rightParen)
        _ = try expect(.rightParen, "expected ')' after the parameters", opening: opening)
        let colon = try expect(.colon, "expected ':' after the parameters")
        functionDepth += 1
        defer { functionDepth -= 1 }
        let body = try parseBlock(after: colon, keyword: "def")
        let definition = FunctionDefinition(
            name: name, nameRange: nameToken.range, parameters: parameters, body: body)
        let end = body.last?.range.end ?? colon.range.end
        return Statement(.definition(definition), range: SourceRange(start: keyword.range.start, end: end))
    }

    /// `parameter (',' parameter)* [',']` up to `terminator` (not consumed): names are unique,
    /// and once a parameter has a default every later one needs one, as in Python.
    mutating func parseParameters(until terminator: Token.Symbol) throws(ScriptError)
        -> [ParameterDeclaration]
    {
        var parameters: [ParameterDeclaration] = []
        var names: Set<String> = []
        while !current.is(terminator) {
            guard case .name(let name) = current.kind else {
                if current.is(.star) || current.is(.doubleStar) {
                    throw error("'*' and '**' parameters are not supported", at: current.range)
                }
                throw unexpected("expected a parameter name")
            }
            let token = advance()
            guard names.insert(name).inserted else {
                throw error("duplicate parameter '\(name)'", at: token.range)
            }
            var parameter = ParameterDeclaration(name: name, range: token.range)
            if match(.equal) != nil {
                let value = try parseExpression()
                parameter.defaultValue = value
                parameter.range = SourceRange(from: token.range, to: value.range)
            } else if parameters.last?.defaultValue != nil {
                throw error("a parameter without a default cannot follow one with a default", at: token.range)
            }
            parameters.append(parameter)
            if match(.comma) == nil {
                break
            }
        }
        return parameters
    }

    /// `'return' [expressionList]`, allowed only inside a definition.
    mutating func parseReturn() throws(ScriptError) -> Statement {
        let keyword = advance()
        guard functionDepth > 0 else {
            throw error("'return' outside a function", at: keyword.range)
        }
        guard startsExpression(current) else {
            return Statement(.return(nil), range: keyword.range)
        }
        let value = try parseExpressionList()
        return Statement(.return(value), range: SourceRange(from: keyword.range, to: value.range))
    }

    /// `'lambda' [parameters] ':' expression`; the body is one expression, not a tuple.
    mutating func parseLambda() throws(ScriptError) -> Expression {
        let keyword = advance()
        let parameters = try parseParameters(until: .colon)
        _ = try expect(.colon, "expected ':' after the lambda's parameters")
        let body = try parseExpression()
        return Expression(.lambda(parameters, body), range: SourceRange(from: keyword.range, to: body.range))
    }
}
