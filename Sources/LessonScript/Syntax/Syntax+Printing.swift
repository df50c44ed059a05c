// The printer writes canonical source with the fewest parentheses that still re-parse to
// the same tree: an operand is wrapped only when it binds more loosely than its position
// in the grammar allows.

extension Expression: CustomStringConvertible {
    /// Canonical source for the expression, e.g. `-2 ** 2` or `x[0, 1:3].T`.
    public var description: String {
        switch kind {
        case .number(let value):
            return Expression.format(value)
        case .string(let text):
            return Expression.quote(text)
        case .boolean(let value):
            return value ? "true" : "false"
        case .none:
            return "none"
        case .name(let name):
            return name
        case .list(let elements):
            return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let elements):
            let inner = elements.map(\.description).joined(separator: ", ")
            return elements.count == 1 ? "(\(inner),)" : "(\(inner))"
        case .unary(let op, let operand):
            return op.symbol + operand.written(atLeast: .unary)
        case .binary(let op, let left, let right):
            let (leftLimit, rightLimit) = Expression.operandLimits(of: op)
            return "\(left.written(atLeast: leftLimit)) \(op.symbol) \(right.written(atLeast: rightLimit))"
        case .call(let callee, let arguments):
            return callee.written(atLeast: .postfix) + "("
                + arguments.map(\.description).joined(separator: ", ") + ")"
        case .index(let base, let items):
            return base.written(atLeast: .postfix) + "[" + items.map(\.description).joined(separator: ", ")
                + "]"
        case .attribute(let base, let name):
            // `1.T` would lex as the number `1.` followed by `T`.
            if case .number = base.kind {
                return "(\(base)).\(name)"
            }
            return base.written(atLeast: .postfix) + "." + name
        case .lambda(let parameters, let body):
            let list = parameters.map(\.description).joined(separator: ", ")
            return "lambda" + (list.isEmpty ? "" : " " + list) + ": " + body.description
        }
    }

    /// The expression, parenthesised when it binds more loosely than `minimum`.
    private func written(atLeast minimum: Precedence) -> String {
        precedence >= minimum ? description : "(\(description))"
    }

    /// The loosest operands that may appear unparenthesised on each side of `op`.
    private static func operandLimits(of op: BinaryOperator) -> (left: Precedence, right: Precedence) {
        switch op.precedence {
        case .comparison: (.additive, .additive)
        case .power: (.postfix, .unary)
        case let level: (level, Precedence(rawValue: level.rawValue + 1) ?? .atom)
        }
    }

    /// The shortest literal that reads back as `value`.
    static func format(_ value: Double) -> String {
        if value.isNaN {
            return "nan"
        }
        if value.isInfinite {
            return value < 0 ? "-1e999" : "1e999"
        }
        if value == value.rounded(), abs(value) < 1e16 {
            return String(Int64(value))
        }
        return value.description
    }

    /// `text` as a double-quoted literal with the lexer's escapes.
    static func quote(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            case "\0": quoted += "\\0"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}

extension Argument: CustomStringConvertible {
    /// The argument as written in a call: `x` or `p=0.5`.
    public var description: String {
        label.map { "\($0)=\(value)" } ?? value.description
    }
}

extension ParameterDeclaration: CustomStringConvertible {
    /// The parameter as written in a definition: `x` or `p=0.5`.
    public var description: String {
        defaultValue.map { "\(name)=\($0)" } ?? name
    }
}

extension IndexItem: CustomStringConvertible {
    /// The item as written in a subscript: `0`, `1:3`, `::2` or `:`.
    public var description: String {
        switch self {
        case .single(let expression):
            return expression.description
        case .slice(let start, let stop, let step, _):
            let bounds = (start?.description ?? "") + ":" + (stop?.description ?? "")
            return step.map { bounds + ":" + $0.description } ?? bounds
        }
    }
}

extension AssignmentTarget: CustomStringConvertible {
    /// The target as written before `=`.
    public var description: String {
        switch self {
        case .name(let name, _):
            name
        case .subscript(let base, let items, _):
            Expression(.index(base, items), range: .zero).description
        }
    }
}

extension Statement: CustomStringConvertible {
    /// Canonical source for the statement; a loop's or a definition's body is indented by four
    /// spaces.
    public var description: String {
        switch kind {
        case .expression(let expression):
            return expression.description
        case .assignment(let targets, let value):
            return targets.map(\.description).joined(separator: ", ") + " = " + value.description
        case .forLoop(let variable, _, let sequence, let body):
            return "for \(variable) in \(sequence):" + Statement.indented(body)
        case .definition(let definition):
            let parameters = definition.parameters.map(\.description).joined(separator: ", ")
            return "def \(definition.name)(\(parameters)):" + Statement.indented(definition.body)
        case .return(let value):
            return value.map { "return \($0)" } ?? "return"
        }
    }

    /// A block's statements, each on its own lines indented by four spaces.
    private static func indented(_ body: [Statement]) -> String {
        var text = ""
        for statement in body {
            for line in statement.description.split(separator: "\n", omittingEmptySubsequences: false) {
                text += "\n    " + line
            }
        }
        return text
    }
}
