import DropoutCore
import LessonScript

/// A learner's function (`def`, or `name = lambda ...`) as the translator knows it.
struct UserFunctionCode {
    /// The Python name of the function that draws from numpy's generator.
    var python: String
    /// The parameters, defaults included.
    var parameters: [ParameterDeclaration]
    /// The body: statements of a `def`, or the one expression of a `lambda`.
    var body: [Statement]
    var expression: Expression?
    /// The statement's source (the ranges of the body point into it).
    var source: String
    /// The Python body as first translated (to detect a body whose translation has changed).
    var lines: [String]
    /// Whether the body could only be translated with the parameters' default values known.
    var needsDefaults: Bool
    /// The Python name of the version that takes its Bernoulli draws from an outcome (`World`),
    /// once defined.
    var worldPython: String?
}

/// User functions: a `def` becomes a Python `def` with the same parameters and defaults. Called
/// directly, or inside `mc` and `samples` (run after run), it draws from numpy's generator in the
/// language's order. Inside `expect`, `variance` and `outcomes` a second version takes every
/// Bernoulli draw from one outcome (a `World`), and the chunk's outcomes are run one by one.
extension NumpyTranslator {
    /// The lines of a `def` statement (or of `name = lambda ...`).
    mutating func translateDefinition(
        name: String, parameters: [ParameterDeclaration], body: [Statement], expression: Expression?,
        value: Value?
    ) throws -> [String] {
        let python = PyNames.python(name)
        var function = UserFunctionCode(
            python: python, parameters: parameters, body: body, expression: expression, source: source,
            lines: [], needsDefaults: false)
        bind(name, python: python, type: .unknown, value: value)
        functions[name] = function
        let (lines, needsDefaults) = try functionBody(function, world: nil)
        function.lines = lines
        function.needsDefaults = needsDefaults
        functions[name] = function
        let signature = try signature(function, world: false)
        return ["def \(python)(\(signature)):"] + lines.map { "    " + $0 }
    }

    /// `x, p=0.5` (with `world, ` in front for the version that draws from an outcome).
    mutating func signature(_ function: UserFunctionCode, world: Bool) throws -> String {
        var parts = world ? ["world"] : []
        for parameter in function.parameters {
            let python = PyNames.python(parameter.name)
            if let given = parameter.defaultValue {
                var ignored = [String]()
                let saved = batch
                batch = nil
                defer { batch = saved }
                let value = try translate(given, &ignored)
                guard ignored.isEmpty else {
                    throw ExportError("the default of '\(parameter.name)' must be a plain value")
                }
                parts.append("\(python)=\(value.code)")
            } else {
                parts.append(python)
            }
        }
        return parts.joined(separator: ", ")
    }

    /// The Python body of a function, translated on a copy of the translator with the parameters
    /// bound (their values unknown; if that fails, their defaults' values). `world` names the
    /// outcome the draws come from, nil for numpy's generator.
    mutating func functionBody(_ function: UserFunctionCode, world: String?) throws -> (
        lines: [String], needsDefaults: Bool
    ) {
        do {
            return (try bodyLines(function, world: world, defaults: false), false)
        } catch let error as ExportError {
            guard function.parameters.contains(where: { $0.defaultValue != nil }) else { throw error }
            return (try bodyLines(function, world: world, defaults: true), true)
        }
    }

    private mutating func bodyLines(_ function: UserFunctionCode, world: String?, defaults: Bool) throws
        -> [String]
    {
        var inner = self
        inner.source = function.source
        inner.counters = [:]
        inner.batch = nil
        inner.drawWorld = world
        inner.inFunction = true
        inner.loopDepth = 0
        inner.firstRun = nil
        inner.wholeValue = nil
        inner.isWholeValue = false
        inner.pendingEnumerations = []
        inner.pendingExplanations = []
        inner.pendingGradients = []
        inner.pendingGradchecks = []
        for parameter in function.parameters {
            var value: Value?
            if defaults, let given = parameter.defaultValue {
                value = probe(String(given.range.text(in: function.source)))
            }
            inner.bind(parameter.name, python: PyNames.python(parameter.name), type: .unknown, value: value)
        }
        var lines = [String]()
        if let expression = function.expression {
            var body = [String]()
            let value = try inner.translate(expression, &body)
            lines = body + ["return \(value.code)"]
        } else {
            for statement in function.body {
                lines += try inner.translate(statement, record: nil, asserting: false)
            }
        }
        helpers = inner.helpers
        pendingDefinitions = inner.pendingDefinitions
        for (name, code) in inner.functions where functions[name] != nil {
            functions[name]?.worldPython = code.worldPython
        }
        return lines.isEmpty ? ["pass"] : lines
    }

    /// The value of an expression's text in the language, over the variables' values (for the
    /// rank of what a function returns); nil when it cannot be run.
    func probe(_ text: String) -> Value? {
        var evaluator = firstRunEvaluator()
        let code = "export_probe = (\(text))"
        guard let statements = try? Parser.parse(code), statements.count == 1,
            (try? evaluator.execute(statements[0], in: code)) != nil
        else { return nil }
        return evaluator.environment.variables["export_probe"]
    }

    /// The call of a user function: `f(args)` with numpy's draws; inside a function that draws from
    /// an outcome, its own version that does too; inside `expect`, every outcome of the chunk in turn.
    mutating func translateUserCall(
        _ name: String, _ arguments: [Argument], range: SourceRange, _ lines: inout [String]
    ) throws -> PyExpr {
        guard var function = functions[name] else { throw ExportError("'\(name)' is not a function") }
        if batch == .enumeration {
            // Every outcome of the chunk in turn: the call (its arguments' draws included) runs
            // in a function of one outcome.
            let saved = (batch, drawWorld)
            batch = nil
            drawWorld = "world"
            defer { (batch, drawWorld) = saved }
            var body = [String]()
            let value = try translateUserCall(name, arguments, range: range, &body)
            let python = fresh("in_world")
            lines.append("def \(python)(world):")
            lines += (body + ["return \(value.code)"]).map { "    " + $0 }
            helpers.formUnion([.outcomes])
            return PyExpr("each_world(o, \(python))", .postfix, value.type, batched: true)
        }
        // The body was translated with what the names held then; it must still read the same.
        var check = self
        if let again = try? check.functionBody(function, world: nil).lines, again != function.lines {
            throw ExportError(
                "\(name)'s numpy form depends on values that changed since its def (define it again)")
        }
        var parts = [String]()
        var position = 0
        for argument in arguments {
            let value = try translate(argument.value, &lines)
            guard !value.batched else {
                throw ExportError("an argument of \(name) that depends on a draw inside expect or mc")
            }
            let parameter: ParameterDeclaration
            if let label = argument.label {
                guard let found = function.parameters.first(where: { $0.name == label }) else {
                    throw ExportError("\(name): unknown argument '\(label)'")
                }
                parameter = found
                parts.append("\(PyNames.python(label))=\(value.code)")
            } else {
                guard position < function.parameters.count else {
                    throw ExportError("\(name): too many arguments")
                }
                parameter = function.parameters[position]
                position += 1
                parts.append(value.code)
            }
            if function.needsDefaults, let given = parameter.defaultValue,
                constant(argument.value) == nil || constant(argument.value) != constant(given)
            {
                throw ExportError(
                    "\(name)'s numpy form needs '\(parameter.name)' at its default, known when exporting")
            }
        }
        let rank: Int? = {
            guard let value = probe(text(range)) else { return nil }
            if case .tensor(let node) = value { return node.value.rank }
            return nil
        }()
        let type: PyType = rank.map { PyType.tensor(rank: $0) } ?? .unknown
        let callArguments = parts.joined(separator: ", ")
        switch batch {
        case nil:
            guard let world = drawWorld else {
                return PyExpr("\(function.python)(\(callArguments))", .postfix, type)
            }
            let python = try worldVersion(name, &function)
            return PyExpr(
                "\(python)(\(world)\(callArguments.isEmpty ? "" : ", " + callArguments))", .postfix, type)
        case .predrawn:
            throw ShapeNotStatic()
        case .sampling, .enumeration:
            throw ExportError("\(name) inside mc draws from several sites")
        }
    }

    /// The Python name of the function's version that draws from an outcome, defining it (before
    /// the statement being translated) the first time.
    private mutating func worldVersion(_ name: String, _ function: inout UserFunctionCode) throws -> String {
        if let python = functions[name]?.worldPython { return python }
        let python = "\(function.python)_in_world"
        functions[name]?.worldPython = python
        function.worldPython = python
        let saved = source
        source = function.source
        defer { source = saved }
        let (body, _) = try functionBody(function, world: "world")
        let signature = try signature(function, world: true)
        pendingDefinitions += [
            "# \(name) with its Bernoulli draws taken from one outcome (for expect)",
            "def \(python)(\(signature)):",
        ]
        pendingDefinitions += body.map { "    " + $0 }
        return python
    }
}
