import DropoutCore
import LessonScript

/// numpy forms of `backward`, `grad` and `gradcheck`.
extension NumpyTranslator {
    mutating func translateGradients(
        _ name: String, _ args: BoundArguments, range: SourceRange, _ lines: inout [String]
    ) throws -> PyExpr? {
        switch name {
        case "backward":
            guard batch == nil, loopDepth == 0 || firstRun != nil else {
                throw ExportError("backward inside a loop or expect (its graph is read from one run)")
            }
            let shows = constant(args.named["show"]) ?? 1 == 1
            let gradients: Gradients
            if shows, !pendingGradients.isEmpty {
                gradients = pendingGradients.removeFirst()
            } else if let y = args.named["y"], let node = try graph(of: y) {
                do {
                    gradients = try node.backward()
                } catch let error as CoreError {
                    throw ExportError(error.message)
                }
            } else {
                throw ExportError("backward's graph is not in the record")
            }
            var writer = NumpyBackward(self)
            // A graph a loop's own run made (its draws are not the session's): structure only.
            writer.structureOnly = variables.values.contains { $0.isFirstRun }
            let code = try writer.chainRule(gradients, shows: shows)
            self = writer.translator
            lines.append("# the chain rule, from the output back, one line per node")
            lines += code
            gradientNames = [:]
            gradientNodes = gradients.records.map(\.node)
            for (id, python) in writer.gradient { gradientNames[id] = python }
            return PyExpr("None", .atom, .none)
        case "grad":
            guard let x = args.named["x"], case .name(let variable) = x.kind,
                case .tensor(let node)? = variables[variable]?.value
            else { throw ExportError("grad needs a variable, e.g. grad(W)") }
            guard loopDepth == 0 || firstRun != nil, let python = gradientNames[ObjectIdentifier(node)] else {
                throw ExportError("no gradient of \(variable) from an exported backward")
            }
            return PyExpr(python, .atom, .tensor(rank: node.value.rank))
        case "gradcheck":
            return try gradcheck(args, &lines)
        default:
            return nil
        }
    }

    /// The graph of `expression` over the variables' recorded nodes: a variable's own node, or
    /// the expression evaluated again by the language over those nodes (it must not draw).
    func graph(of expression: Expression) throws -> Node? {
        if case .name(let name) = expression.kind, case .tensor(let node)? = variables[name]?.value {
            return node
        }
        guard drawSites(expression) == 0 else { return nil }
        var environment = Environment()
        environment.isTraining = isTraining
        for (name, variable) in variables {
            if let value = variable.value { environment.variables[name] = value }
        }
        var evaluator = Evaluator(environment: environment)
        let statement = Statement(.expression(expression), range: expression.range)
        guard case .tensor(let node)? = try? evaluator.execute(statement, in: source).value else {
            return nil
        }
        return node
    }

    /// Centred differences in numpy against the analytic gradients dropstep's backward found
    /// (the record's), with the draws made once and replayed (or made afresh with replay=false).
    mutating func gradcheck(_ args: BoundArguments, _ lines: inout [String]) throws -> PyExpr {
        // In a loop the record holds no analytic gradients for each run: refused, not guessed.
        guard batch == nil, loopDepth == 0, !pendingGradchecks.isEmpty else {
            throw ExportError("gradcheck inside a loop or expect")
        }
        guard let expression = args.named["expr"], let wrt = args.named["wrt"] else {
            throw ExportError("gradcheck needs expr and wrt")
        }
        let (result, names) = pendingGradchecks.removeFirst()
        let wrtItems: [Expression] = { if case .list(let items) = wrt.kind { items } else { [wrt] } }()
        guard wrtItems.count == names.count else { throw ExportError("gradcheck's wrt must list variables") }
        let computedEarlier = names.contains { name in
            variables.contains { other, variable in
                guard other != name, expressionReads(expression, other),
                    case .tensor(let node)? = variable.value
                else {
                    return false
                }
                return dependsOnVariable(node, name)
            }
        }
        if computedEarlier {
            return try recordedGradcheck(
                expression, names: names, result: result, h: args.named["h"].flatMap(constant) ?? 1e-5, &lines
            )
        }
        let h = args.named["h"].flatMap(constant) ?? 1e-5
        let replay = (constant(args.named["replay"]) ?? 1) == 1
        helpers.insert(.gradcheck)
        let function = fresh("checked")
        let parameters = names.map(pythonName)
        // With replay, the draws are made once, before the function, and reused by every call.
        var drawn = [String]()
        var body = [String]()
        let value = try translate(expression, &body)
        if replay, let last = body.lastIndex(where: { $0.contains("np.random.") }) {
            // The draws run once, before the function, in the first run's order (with what they
            // need to know their shapes); the function reuses them.
            drawn = Array(body[...last])
            body = body.filter { !$0.contains("np.random.") }
            if value.code.contains("np.random.") {
                throw ExportError("gradcheck's expression draws inside a larger expression")
            }
        }
        lines += drawn
        lines.append("def \(function)(\(parameters.joined(separator: ", "))):")
        lines += (body + ["return \(value.code)"]).map { "    " + $0 }
        if !replay {
            // The analytic pass draws first, as dropstep's first evaluation does.
            lines.append("\(function)(\(parameters.joined(separator: ", ")))")
        }
        return try differences(
            function: function, parameters: parameters, names: names, result: result, h: h, &lines)
    }

    /// `gradcheck(loss, wrt=[W])` where `loss` was computed earlier from `W`: a function
    /// replays the recorded computation from the nudged weights (masks as drawn), node by node.
    mutating func recordedGradcheck(
        _ expression: Expression, names: [String], result: GradientCheckResult, h: Double,
        _ lines: inout [String]
    ) throws -> PyExpr {
        guard let output = try graph(of: expression) else {
            throw ExportError("gradcheck's value is not in the record")
        }
        let wrt = try names.map { name -> Node in
            guard case .tensor(let node)? = variables[name]?.value else {
                throw ExportError("\(name) is not a tensor")
            }
            return node
        }
        helpers.insert(.gradcheck)
        var writer = NumpyBackward(self)
        var affected = Set(wrt.map(ObjectIdentifier.init))
        var inner = [ObjectIdentifier: String]()
        for (node, name) in zip(wrt, names) { inner[ObjectIdentifier(node)] = pythonName(name) }
        var body = [String]()
        for node in output.topologicalOrder() where !affected.contains(ObjectIdentifier(node)) {
            guard node.inputs.contains(where: { affected.contains(ObjectIdentifier($0)) }) else { continue }
            affected.insert(ObjectIdentifier(node))
            var inputs = [String]()
            for input in node.inputs {
                inputs.append(try inner[ObjectIdentifier(input)] ?? writer.value(of: input))
            }
            let outside = writer.lines
            writer.lines = []
            let code = try writer.forwardCode(node, inputs)
            let name = writer.translator.fresh("step")
            body += writer.lines + ["\(name) = \(code)"]
            writer.lines = outside
            inner[ObjectIdentifier(node)] = name
        }
        self = writer.translator
        lines += writer.lines
        let function = fresh("replayed")
        let parameters = names.map(pythonName)
        let returned =
            try inner[ObjectIdentifier(output)]
            ?? {
                throw ExportError("gradcheck's value does not depend on \(names.joined(separator: ", "))")
            }()
        lines.append("def \(function)(\(parameters.joined(separator: ", "))):")
        lines.append(
            "    # the recorded computation from \(names.joined(separator: ", ")), its masks as drawn")
        lines += (body + ["return \(returned)"]).map { "    " + $0 }
        return try differences(
            function: function, parameters: parameters, names: names, result: result, h: h, &lines)
    }

    /// Centred differences of `function` for each parameter against dropstep's analytic gradients.
    mutating func differences(
        function: String, parameters: [String], names: [String], result: GradientCheckResult, h: Double,
        _ lines: inout [String]
    ) throws -> PyExpr {
        var errors = [String]()
        for (k, name) in parameters.enumerated() {
            let others = parameters.enumerated().map { $0.offset == k ? "nudged" : $0.element }
            let numeric = fresh("numeric_d\(name)")
            let analytic = fresh("analytic_d\(name)")
            lines.append(
                "\(numeric) = centred_differences(lambda nudged: \(function)(\(others.joined(separator: ", "))), \(name), h=\(PyLiteral.number(h)))"
            )
            lines.append("\(analytic) = \(literalOrSample(result.inputs[k].analytic))  # dropstep's backward")
            errors.append("relative_error(\(analytic), \(numeric))")
        }
        let error = fresh("relative_errors")
        lines.append("\(error) = [\(errors.joined(separator: ", "))]")
        lines.append("report_gradcheck(\(PyLiteral.list(names)), \(error))")
        return PyExpr("max(\(error))", .postfix, .number)
    }

    /// A tensor as a literal (the analytic gradients a gradient check compares against).
    func literalOrSample(_ tensor: Tensor) -> String {
        "np.array(\(PyLiteral.list(tensor.scalars))).reshape(\(PyLiteral.shape(tensor.shape.dims)))"
    }

    func expressionReads(_ expression: Expression, _ name: String) -> Bool {
        if case .name(let n) = expression.kind { return n == name }
        var found = false
        visit(expression) { if case .name(let n) = $0.kind, n == name { found = true } }
        return found
    }

    func dependsOnVariable(_ node: Node, _ name: String) -> Bool {
        guard case .tensor(let source)? = variables[name]?.value, source !== node else { return false }
        return node.topologicalOrder().contains { $0 === source }
    }

    /// Calls `body` on every sub-expression.
    func visit(_ expression: Expression, _ body: (Expression) -> Void) {
        body(expression)
        switch expression.kind {
        case .list(let items), .tuple(let items):
            for item in items { visit(item, body) }
        case .unary(_, let operand): visit(operand, body)
        case .binary(_, let left, let right):
            visit(left, body)
            visit(right, body)
        case .call(let callee, let arguments):
            visit(callee, body)
            for argument in arguments { visit(argument.value, body) }
        case .index(let base, let items):
            visit(base, body)
            for item in items {
                switch item {
                case .single(let e): visit(e, body)
                case .slice(let a, let b, let c, _):
                    for bound in [a, b, c].compactMap({ $0 }) { visit(bound, body) }
                }
            }
        case .attribute(let base, _): visit(base, body)
        default: break
        }
    }
}

extension PyLiteral {
    /// A list of strings, `["x", "W"]`.
    static func list(_ names: [String]) -> String {
        "[" + names.map(string).joined(separator: ", ") + "]"
    }
}
