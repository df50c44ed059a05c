/// numpy spellings that learners type from habit: `x.sum()`, `np.sum(x)`, `np.random.rand(3)`.
///
/// The method forms whose meaning is the same in numpy and here (a reduction or reshape of
/// the receiver) are accepted as the built-in call with the receiver first; every other
/// spelling is answered with the dropstep one, so the learner sees what to type.
extension Evaluator {
    /// Methods accepted as `NAME(x, ...)`: numpy's `x.sum(axis=0)` is `sum(x, axis=0)` here.
    public static let methodForms: Set<String> = ["sum", "mean", "max", "min", "argmax", "argmin", "reshape"]

    /// numpy names that are spelled differently here.
    static let numpyNames: [String: String] = [
        "concatenate": "concat", "random.random": "rand", "random.uniform": "rand",
        "random.normal": "randn", "random.standard_normal": "randn",
    ]

    /// The built-in a numpy spelling (`np.sum`, `numpy.random.rand`) names, or nil.
    public static func builtinName(forNumpy dotted: String) -> String? {
        let parts = dotted.split(separator: ".").map(String.init)
        guard parts.count >= 2, parts[0] == "np" || parts[0] == "numpy" else { return nil }
        let rest = parts.dropFirst().joined(separator: ".")
        let name = numpyNames[rest] ?? parts.last!
        return Builtins.table[name] != nil ? name : nil
    }

    /// The built-in call a method form stands for, or an error naming the dropstep spelling.
    ///
    /// - Returns: The callee (a built-in's name) and the arguments, receiver first.
    func rewritingNumpyCall(_ callee: Expression, _ arguments: [Argument], range: SourceRange) throws
        -> (callee: Expression, arguments: [Argument])
    {
        guard case .attribute(let base, let method) = callee.kind else { return (callee, arguments) }
        let argumentText = String(range.text(in: source).dropFirst(callee.range.text(in: source).count))
        if let path = numpyPath(base), environment.variables[path[0]] == nil {
            let written = (path + [method]).joined(separator: ".")
            guard let name = Self.builtinName(forNumpy: written) else {
                let suggestion = closestMatch(to: method, among: Builtins.names)
                throw ScriptError(
                    "numpy is not loaded: built-ins have plain names"
                        + (suggestion.map { "; did you mean '\($0)'?" } ?? " (:help lists them)"),
                    at: callee.range)
            }
            throw ScriptError("\(written) is \(name) here: write \(name)\(argumentText)", at: callee.range)
        }
        if Self.methodForms.contains(method) {
            let receiver = Argument(value: base, range: base.range)
            return (Expression(.name(method), range: callee.range), [receiver] + arguments)
        }
        let receiverText = String(base.range.text(in: source))
        if let builtin = Builtins.table[method], builtin.parameters.first?.kind == .tensor {
            let rest = arguments.isEmpty ? ")" : ", " + String(argumentText.dropFirst())
            throw ScriptError(
                "tensors have no method '\(method)': write \(method)(\(receiverText)\(rest)", at: callee.range
            )
        }
        let suggestion = closestMatch(to: method, among: Array(Self.methodForms))
        throw ScriptError(
            "tensors have no method '\(method)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
            at: callee.range)
    }

    /// `["np", "random"]` for `np.random`: a dotted path from `np` or `numpy`, else nil.
    func numpyPath(_ expression: Expression) -> [String]? {
        switch expression.kind {
        case .name(let name): return name == "np" || name == "numpy" ? [name] : nil
        case .attribute(let base, let name): return numpyPath(base).map { $0 + [name] }
        default: return nil
        }
    }
}
