/// How a built-in's parameter is read from the argument given.
public enum ParameterKind: Sendable {
    /// A tensor (numbers, lists and tuples of numbers are converted).
    case tensor
    /// One number.
    case number
    /// One whole number.
    case integer
    /// A string.
    case string
    /// `true` or `false` (1 or 0).
    case flag
    /// An integer, a list of integers, or `none`.
    case axes
    /// Any value, as given.
    case value
    /// The rest of the positional arguments: integers (`zeros(2, 3)`) or one shape (`zeros([2, 3])`).
    case shape
    /// The rest of the positional arguments, as values.
    case rest
    /// A list of tensors: a list literal's elements, a tuple's, or a tensor's rows.
    case tensors
    /// The expression itself, unevaluated (`expect`, `mc`, `gradcheck`, `explain`).
    case expression
}

/// One parameter of a callable: how a call binds it, and how help shows it.
public struct Parameter: Sendable {
    /// The keyword name.
    public var name: String
    /// How the argument is read.
    public var kind: ParameterKind
    /// Whether the call may leave it out.
    public var isOptional: Bool
    /// The default as a signature shows it (`0.5`, `<current mode>`); `nil` shows `none`.
    public var defaultText: String?
    /// For a string parameter, the values it accepts (Tab completion offers them); empty
    /// when any string goes.
    public var choices: [String] = []

    /// A parameter of the given kind.
    public init(
        name: String, kind: ParameterKind, isOptional: Bool, defaultText: String? = nil,
        choices: [String] = []
    ) {
        self.name = name
        self.kind = kind
        self.isOptional = isOptional
        self.defaultText = defaultText
        self.choices = choices
    }

    /// A required parameter.
    public static func required(_ name: String, _ kind: ParameterKind) -> Parameter {
        Parameter(name: name, kind: kind, isOptional: false)
    }

    /// An optional parameter; the implementation applies the default that `defaultText` names.
    public static func optional(_ name: String, _ kind: ParameterKind, _ defaultText: String? = nil)
        -> Parameter
    {
        Parameter(name: name, kind: kind, isOptional: true, defaultText: defaultText)
    }

    /// An optional string parameter that accepts only `choices`, the first of them by default.
    public static func optional(_ name: String, choices: [String]) -> Parameter {
        Parameter(
            name: name, kind: .string, isOptional: true, defaultText: choices.first.map { "\"\($0)\"" },
            choices: choices)
    }
}

/// A function of the language: its signature, help texts and implementation, registered once.
public struct Builtin: Sendable {
    /// The name the language calls it by.
    public var name: String
    /// The group it belongs to in docs/language.md (make, math, random, dropout, gradients, expectation, checking, show).
    public var group: String
    /// One line of help, shown by `:help` and tab completion.
    public var summary: String
    /// A longer help text, shown by `:help NAME`.
    public var details: String
    /// The parameters, in positional order.
    public var parameters: [Parameter]
    /// How help writes a call when the signature alone would not say it (`arange(n) / arange(a, b, step=1)`).
    var usageOverride: String?
    /// The implementation.
    var body: @Sendable (inout Evaluator, inout Arguments) throws -> Value

    init(
        _ name: String, group: String, usage: String? = nil, summary: String, details: String = "",
        parameters: [Parameter], body: @escaping @Sendable (inout Evaluator, inout Arguments) throws -> Value
    ) {
        self.name = name
        self.group = group
        self.usageOverride = usage
        self.summary = summary
        self.details = details
        self.parameters = parameters
        self.body = body
    }

    /// The name and parameters, as binding reads them.
    public var signature: Signature { Signature(name: name, parameters: parameters) }

    /// The call as help shows it, e.g. `dropout(x, p=0.5, mode="upscale_in_train", ...)`.
    public var usage: String { usageOverride ?? signature.description }
}

/// The arguments of one call, bound to parameter names and readable in the parameter's kind.
public struct Arguments {
    /// The function called.
    let function: String
    /// The range of the whole call, for errors.
    let range: SourceRange
    /// Evaluated arguments by parameter name.
    var values: [String: Value]
    /// Unevaluated arguments by parameter name (for `.expression` parameters and list literals).
    var expressions: [String: Expression]
    /// Ranges of given arguments by parameter name.
    var ranges: [String: SourceRange]
    /// Extra positional values for a `.shape` or `.rest` parameter.
    var rest: [Value]
    /// The source ranges of `rest`, in order.
    var restRanges: [SourceRange] = []
    /// The random source in effect for this call.
    var random: any RandomSource

    /// An error about this call, at the argument's place when there is one.
    func error(_ message: String, at name: String? = nil) -> ScriptError {
        ScriptError("\(function): \(message)", at: name.flatMap { ranges[$0] } ?? range)
    }

    /// Whether the argument was given.
    func has(_ name: String) -> Bool { values[name] != nil || expressions[name] != nil }

    /// The argument as a node.
    func node(_ name: String) throws -> Node {
        guard let value = values[name] else { throw error("missing argument '\(name)'") }
        return try Arguments.node(from: value)
            ?? { throw error("\(name) must be a tensor, got \(value.kindDescription)", at: name) }()
    }

    /// Converts numbers, tensors and tuples of numbers to a node.
    public static func node(from value: Value) throws -> Node? {
        switch value {
        case .tensor(let node): return node
        case .tuple(let items):
            let tensors = items.compactMap(\.tensor)
            guard tensors.count == items.count, !tensors.isEmpty else { return nil }
            return Node.constant(try Tensor.stack(tensors, axis: 0))
        default: return nil
        }
    }

    /// The argument as a tensor.
    func tensor(_ name: String) throws -> Tensor { try node(name).value }

    /// The argument as one number, or `defaultValue` when not given.
    func number(_ name: String, default defaultValue: Double? = nil) throws -> Double {
        guard let value = values[name] else {
            if let defaultValue { return defaultValue }
            throw error("missing argument '\(name)'")
        }
        guard case .tensor(let node) = value, node.value.elementCount == 1 else {
            throw error("\(name) must be a number, got \(value.kindDescription)", at: name)
        }
        guard !node.value.isBatched else {
            throw error("\(name) must not depend on a random draw inside expect or mc", at: name)
        }
        return node.value.scalars[0]
    }

    /// The argument as a whole number, validated before it becomes an `Int`.
    func integer(_ name: String, default defaultValue: Int? = nil) throws -> Int {
        if values[name] == nil, let defaultValue { return defaultValue }
        let x = try number(name)
        guard let problem = WholeNumber.problem(x) else { return Int(x) }
        throw error(WholeNumber.message(problem, x, name), at: name)
    }

    /// The argument as a string.
    func string(_ name: String, default defaultValue: String? = nil) throws -> String {
        guard let value = values[name] else {
            if let defaultValue { return defaultValue }
            throw error("missing argument '\(name)'")
        }
        guard case .string(let text) = value else {
            throw error("\(name) must be a string, got \(value.kindDescription)", at: name)
        }
        return text
    }

    /// The argument as true or false.
    func flag(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard values[name] != nil else { return defaultValue }
        let x = try number(name)
        guard x == 0 || x == 1 else { throw error("\(name) must be true or false", at: name) }
        return x == 1
    }

    /// The argument as a list of axes, or `nil` for none.
    func axes(_ name: String) throws -> [Int]? {
        guard let value = values[name] else { return nil }
        if case .none = value { return nil }
        guard let node = try Arguments.node(from: value), node.value.rank <= 1, !node.value.isBatched,
            node.value.scalars.allSatisfy({ WholeNumber.exact($0).map { Swift.abs($0) < 100 } ?? false })
        else { throw error("\(name) must be an integer or a list of integers", at: name) }
        return node.value.scalars.map { Int($0) }
    }

    /// The `.shape` parameter: numbers given positionally, or one shape value, each extent
    /// checked (whole, finite, not negative, within the size limit) before it becomes an `Int`.
    func shape(_ name: String, inferred: Bool = false) throws -> Shape {
        do {
            return try Shape.checked(try shapeExtents(name), inferred: inferred, function)
        } catch let e as CoreError {
            throw error(String(e.message.dropFirst(function.count + 2)), at: name)
        }
    }

    /// The extents of the `.shape` parameter as written, not yet validated.
    func shapeExtents(_ name: String) throws -> [Double] {
        var parts = [Value]()
        if let first = values[name] { parts.append(first) }
        parts += rest
        if parts.count == 1, let node = try Arguments.node(from: parts[0]), node.value.rank == 1 {
            guard !node.value.isBatched else {
                throw error("shape must not depend on a random draw inside expect or mc", at: name)
            }
            return node.value.scalars
        }
        var extents = [Double]()
        for part in parts {
            guard case .tensor(let node) = part, node.value.rank == 0, !node.value.isBatched else {
                throw error(
                    "shape must be whole numbers or one shape such as [2, 3], got \(part.kindDescription)",
                    at: name)
            }
            extents.append(node.value.scalars[0])
        }
        return extents
    }

    /// The argument as an unevaluated expression.
    func expression(_ name: String) throws -> Expression {
        guard let expression = expressions[name] else { throw error("missing argument '\(name)'") }
        return expression
    }
}
