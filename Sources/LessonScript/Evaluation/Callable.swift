/// A callable's name and parameters: what a call's arguments are bound to, and what help shows.
public struct Signature: Sendable, CustomStringConvertible {
    /// The name a call uses (`lambda` for a lambda).
    public var name: String
    /// The parameters in positional order.
    public var parameters: [Parameter]

    /// A signature with the given name and parameters.
    public init(name: String, parameters: [Parameter]) {
        self.name = name
        self.parameters = parameters
    }

    /// The call as help writes it: `dropout(x, p=0.5, axis=none)`, `zeros(shape...)`, `print(x, ...)`.
    public var description: String {
        let parts = parameters.map { parameter -> String in
            switch parameter.kind {
            case .shape: return "\(parameter.name)..."
            case .rest: return "\(parameter.name), ..."
            default:
                guard parameter.isOptional else { return parameter.name }
                return "\(parameter.name)=\(parameter.defaultText ?? "none")"
            }
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// Anything the language can call: a built-in, or a function the learner defined with `def`
/// or `lambda`. Both are values, and a call binds its arguments to either through its
/// ``Signature`` in the same way.
public enum Callable: @unchecked Sendable, CustomStringConvertible {
    /// A function implemented in Swift.
    case builtin(Builtin)
    /// A function written in the language.
    case function(UserFunction)

    /// What a call binds its arguments to.
    public var signature: Signature {
        switch self {
        case .builtin(let builtin): builtin.signature
        case .function(let function): function.signature
        }
    }

    /// The name a call uses.
    public var name: String { signature.name }

    /// The call as help shows it: the signature, or a built-in's own usage line.
    public var usage: String {
        switch self {
        case .builtin(let builtin): builtin.usage
        case .function(let function): function.signature.description
        }
    }

    /// Whether this is a function written as `lambda parameters: expression`.
    public var isLambda: Bool {
        if case .function(let function) = self { return function.isLambda }
        return false
    }

    /// The value as printed: `<function layer(x, p=0.5)>`, `<lambda x: 2 * x>`,
    /// `<built-in function relu(x)>`.
    public var description: String {
        switch self {
        case .builtin(let builtin): "<built-in function \(builtin.usage)>"
        case .function(let function) where function.isLambda: "<\(function.lambdaText)>"
        case .function(let function): "<function \(function.signature)>"
        }
    }
}

/// A function written in the language: its parameters and body, the text it was written in,
/// its defaults (evaluated once, when it was defined, as in Python) and the variables of the
/// function calls it was defined inside.
///
/// A value: defining a function copies what it needs, so stepping back over the cell that
/// defined it simply forgets it.
public struct UserFunction: @unchecked Sendable {
    /// The name (`lambda` for a lambda).
    public var name: String
    /// Whether it was written as `lambda parameters: expression`.
    public var isLambda: Bool
    /// The parameters as written.
    public var parameters: [ParameterDeclaration]
    /// The default values, by parameter name.
    public var defaults: [String: Value]
    /// The statements of the body (a lambda's is one `return`).
    public var body: [Statement]
    /// The text the function was written in, so errors and labels inside it are found there.
    public var file: SourceFile
    /// The definition's range in `file`.
    public var range: SourceRange
    /// The comment lines just above `def`, or the docstring, for `:help NAME`.
    public var help: String?
    /// The names the body assigns (its parameters included): local to every call, as in Python.
    var localNames: Set<String>
    /// The variables of the calls the function was defined inside, innermost first (empty for a
    /// function defined at the top level, which reads the notebook's variables as they are when
    /// it runs).
    var enclosing: [[String: Value]]

    /// The signature: every parameter taken as given, defaults shown as written.
    public var signature: Signature {
        Signature(
            name: name,
            parameters: parameters.map { parameter in
                Parameter(
                    name: parameter.name, kind: .value, isOptional: parameter.defaultValue != nil,
                    defaultText: parameter.defaultValue?.description)
            })
    }

    /// A lambda as written in canonical form, e.g. `lambda x: 2 * x`.
    public var lambdaText: String {
        guard case .return(let value?)? = body.first?.kind else { return "lambda" }
        return Expression(.lambda(parameters, value), range: range).description
    }
}
