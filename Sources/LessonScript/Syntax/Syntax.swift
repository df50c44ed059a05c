/// How tightly an operator binds its operands; a higher value binds tighter.
public enum Precedence: Int, Sendable, Comparable, CaseIterable {
    /// `lambda x: body`, which extends as far to the right as it can.
    case lambda = 0
    /// `<`, `<=`, `>`, `>=`, `==`, `!=` (never chained).
    case comparison = 1
    /// `+` and `-`.
    case additive = 2
    /// `*`, `/`, `//`, `%` and `@`.
    case multiplicative = 3
    /// Prefix `-` and `+`.
    case unary = 4
    /// `**`, right-associative; its right operand may be a unary expression.
    case power = 5
    /// Calls, indexing and attributes.
    case postfix = 6
    /// Literals, names and bracketed expressions.
    case atom = 7

    /// Orders precedences from loosest to tightest.
    public static func < (lhs: Precedence, rhs: Precedence) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// A prefix operator, spelled by its raw value.
public enum UnaryOperator: String, Sendable, CaseIterable {
    /// `-x`.
    case negate = "-"
    /// `+x`, which leaves a number unchanged.
    case plus = "+"

    /// The operator as written in source.
    public var symbol: String { rawValue }
}

/// An infix operator, spelled by its raw value.
public enum BinaryOperator: String, Sendable, CaseIterable {
    /// `a + b`.
    case add = "+"
    /// `a - b`.
    case subtract = "-"
    /// `a * b`, elementwise.
    case multiply = "*"
    /// `a / b`, elementwise.
    case divide = "/"
    /// `a // b`, elementwise floor division.
    case floorDivide = "//"
    /// `a % b`, elementwise remainder with the sign of `b`, as in Python.
    case remainder = "%"
    /// `a @ b`, the matrix product.
    case matrixMultiply = "@"
    /// `a ** b`, elementwise power.
    case power = "**"
    /// `a < b`.
    case less = "<"
    /// `a <= b`.
    case lessEqual = "<="
    /// `a > b`.
    case greater = ">"
    /// `a >= b`.
    case greaterEqual = ">="
    /// `a == b`.
    case equal = "=="
    /// `a != b`.
    case notEqual = "!="

    /// The operator as written in source.
    public var symbol: String { rawValue }

    /// The operator's binding strength, as in Python.
    public var precedence: Precedence {
        switch self {
        case .add, .subtract: .additive
        case .multiply, .divide, .floorDivide, .remainder, .matrixMultiply: .multiplicative
        case .power: .power
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: .comparison
        }
    }

    /// Whether `a op b op c` groups as `a op (b op c)`; only `**` does.
    public var isRightAssociative: Bool { self == .power }

    /// Whether the operator is a comparison, which cannot be chained.
    public var isComparison: Bool { precedence == .comparison }
}

/// An expression node with the source range it was parsed from.
public struct Expression: Sendable, Equatable {
    /// The shape of an expression.
    public indirect enum Kind: Sendable, Equatable {
        /// A numeric literal.
        case number(Double)
        /// A string literal.
        case string(String)
        /// `true` or `false`.
        case boolean(Bool)
        /// `none`.
        case none
        /// A variable or function name.
        case name(String)
        /// `[a, b, ...]`, any nesting; raggedness is the evaluator's concern.
        case list([Expression])
        /// `(a, b)`, `(a,)`, `()` or an unparenthesised `a, b`.
        case tuple([Expression])
        /// A prefix operator applied to an operand.
        case unary(UnaryOperator, Expression)
        /// An infix operator applied to two operands.
        case binary(BinaryOperator, Expression, Expression)
        /// `callee(arguments)`.
        case call(Expression, [Argument])
        /// `base[items]`.
        case index(Expression, [IndexItem])
        /// `base.name`.
        case attribute(Expression, String)
        /// `lambda parameters: body`, a function of one expression.
        case lambda([ParameterDeclaration], Expression)
    }

    /// What the expression is.
    public var kind: Kind
    /// The source text the expression covers, including any enclosing parentheses.
    public var range: SourceRange

    /// Creates an expression node.
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The binding strength of the expression's outermost construct.
    public var precedence: Precedence {
        switch kind {
        case .number(let value): value.sign == .minus ? .unary : .atom
        case .string, .boolean, .none, .name, .list, .tuple: .atom
        case .unary: .unary
        case .binary(let op, _, _): op.precedence
        case .call, .index, .attribute: .postfix
        case .lambda: .lambda
        }
    }
}

/// One argument of a call: positional, or keyword (`p=0.5`).
public struct Argument: Sendable, Equatable {
    /// The keyword, or `nil` for a positional argument.
    public var label: String?
    /// The argument's value.
    public var value: Expression
    /// The source text of the argument, keyword included.
    public var range: SourceRange

    /// Creates an argument.
    public init(label: String? = nil, value: Expression, range: SourceRange) {
        self.label = label
        self.value = value
        self.range = range
    }
}

/// One parameter of a `def` or a `lambda`: a name, and the default a call may leave it to.
public struct ParameterDeclaration: Sendable, Equatable {
    /// The parameter's name.
    public var name: String
    /// The default value's expression, evaluated once when the function is defined, as in Python.
    public var defaultValue: Expression?
    /// The source text of the parameter, default included.
    public var range: SourceRange

    /// Creates a parameter declaration.
    public init(name: String, defaultValue: Expression? = nil, range: SourceRange) {
        self.name = name
        self.defaultValue = defaultValue
        self.range = range
    }
}

/// `def name(parameters): body`.
public struct FunctionDefinition: Sendable, Equatable {
    /// The function's name.
    public var name: String
    /// Where the name is written, for errors about it.
    public var nameRange: SourceRange
    /// The parameters in order; those with defaults come last.
    public var parameters: [ParameterDeclaration]
    /// The statements of the body.
    public var body: [Statement]

    /// Creates a function definition.
    public init(name: String, nameRange: SourceRange, parameters: [ParameterDeclaration], body: [Statement]) {
        self.name = name
        self.nameRange = nameRange
        self.parameters = parameters
        self.body = body
    }

    /// The docstring: the body's first statement when it is a bare string, as in Python.
    public var docstring: String? {
        guard case .expression(let first)? = body.first?.kind, case .string(let text) = first.kind else {
            return nil
        }
        return text
    }
}

/// One comma-separated part of a subscript: `x[0, 1:3, ::2]` has three.
public enum IndexItem: Sendable, Equatable {
    /// A single index such as `0` or `-1`.
    case single(Expression)
    /// A slice `start:stop:step`, each part optional.
    case slice(start: Expression?, stop: Expression?, step: Expression?, range: SourceRange)

    /// The source text of the item.
    public var range: SourceRange {
        switch self {
        case .single(let expression): expression.range
        case .slice(_, _, _, let range): range
        }
    }
}

/// Something a value can be assigned to.
public enum AssignmentTarget: Sendable, Equatable {
    /// A variable name.
    case name(String, SourceRange)
    /// An element or slice of a variable, `x[0, 1]`; the base is always a name expression.
    case `subscript`(Expression, [IndexItem], SourceRange)

    /// The source text of the target.
    public var range: SourceRange {
        switch self {
        case .name(_, let range), .subscript(_, _, let range): range
        }
    }
}

/// A statement with the range of its full source text, so callers can echo that text.
public struct Statement: Sendable, Equatable {
    /// The shape of a statement.
    public indirect enum Kind: Sendable, Equatable {
        /// An expression evaluated for its value.
        case expression(Expression)
        /// `target = value`, or `a, b = value` to destructure a tuple.
        case assignment([AssignmentTarget], Expression)
        /// `for variable in sequence:` and its body.
        case forLoop(variable: String, variableRange: SourceRange, sequence: Expression, body: [Statement])
        /// `def name(parameters):` and its body.
        case definition(FunctionDefinition)
        /// `return` or `return value`, inside a function's body.
        case `return`(Expression?)
    }

    /// What the statement is.
    public var kind: Kind
    /// The statement's full source text; a loop's or a definition's range ends with its last
    /// body statement.
    public var range: SourceRange

    /// Creates a statement node.
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

// MARK: - Structural equality

// Round-trip tests compare trees parsed from different text, where only the ranges differ.

extension Expression {
    /// The same tree with every range set to ``SourceRange/zero``.
    public var withoutRanges: Expression {
        let stripped: Kind =
            switch kind {
            case .number, .string, .boolean, .none, .name: kind
            case .list(let elements): .list(elements.map(\.withoutRanges))
            case .tuple(let elements): .tuple(elements.map(\.withoutRanges))
            case .unary(let op, let operand): .unary(op, operand.withoutRanges)
            case .binary(let op, let left, let right): .binary(op, left.withoutRanges, right.withoutRanges)
            case .call(let callee, let arguments): .call(callee.withoutRanges, arguments.map(\.withoutRanges))
            case .index(let base, let items): .index(base.withoutRanges, items.map(\.withoutRanges))
            case .attribute(let base, let name): .attribute(base.withoutRanges, name)
            case .lambda(let parameters, let body):
                .lambda(parameters.map(\.withoutRanges), body.withoutRanges)
            }
        return Expression(stripped, range: .zero)
    }

    /// Whether the two trees are equal apart from their source ranges.
    public func isStructurallyEqual(to other: Expression) -> Bool {
        withoutRanges == other.withoutRanges
    }
}

extension Argument {
    /// The same argument with every range set to ``SourceRange/zero``.
    public var withoutRanges: Argument {
        Argument(label: label, value: value.withoutRanges, range: .zero)
    }
}

extension ParameterDeclaration {
    /// The same parameter with every range set to ``SourceRange/zero``.
    public var withoutRanges: ParameterDeclaration {
        ParameterDeclaration(name: name, defaultValue: defaultValue?.withoutRanges, range: .zero)
    }
}

extension IndexItem {
    /// The same item with every range set to ``SourceRange/zero``.
    public var withoutRanges: IndexItem {
        switch self {
        case .single(let expression):
            .single(expression.withoutRanges)
        case .slice(let start, let stop, let step, _):
            .slice(
                start: start?.withoutRanges, stop: stop?.withoutRanges, step: step?.withoutRanges,
                range: .zero)
        }
    }
}

extension AssignmentTarget {
    /// The same target with every range set to ``SourceRange/zero``.
    public var withoutRanges: AssignmentTarget {
        switch self {
        case .name(let name, _): .name(name, .zero)
        case .subscript(let base, let items, _):
            .subscript(base.withoutRanges, items.map(\.withoutRanges), .zero)
        }
    }
}

extension Statement {
    /// The same statement with every range set to ``SourceRange/zero``.
    public var withoutRanges: Statement {
        let stripped: Kind =
            switch kind {
            case .expression(let expression):
                .expression(expression.withoutRanges)
            case .assignment(let targets, let value):
                .assignment(targets.map(\.withoutRanges), value.withoutRanges)
            case .forLoop(let variable, _, let sequence, let body):
                .forLoop(
                    variable: variable, variableRange: .zero, sequence: sequence.withoutRanges,
                    body: body.map(\.withoutRanges))
            case .definition(let definition):
                .definition(
                    FunctionDefinition(
                        name: definition.name, nameRange: .zero,
                        parameters: definition.parameters.map(\.withoutRanges),
                        body: definition.body.map(\.withoutRanges)))
            case .return(let value):
                .return(value?.withoutRanges)
            }
        return Statement(stripped, range: .zero)
    }

    /// Whether the two statements are equal apart from their source ranges.
    public func isStructurallyEqual(to other: Statement) -> Bool {
        withoutRanges == other.withoutRanges
    }
}
