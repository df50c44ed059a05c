/// One running call of a user function: the function and its own variables.
struct Frame {
    var function: UserFunction
    var locals: [String: Value]
}

extension Frame {
    /// What a function defined in this call can read: the call's variables, the function
    /// running it when that function finds itself by name, then the scopes it could read.
    var scopes: [[String: Value]] {
        let isNested = !function.enclosing.isEmpty && !function.isLambda
        let own = isNested ? [[function.name: Value.function(.function(function))]] : []
        return [locals] + own + function.enclosing
    }
}

/// The events of one traced call, collected until it returns.
struct CallBuffer {
    var events: [TraceEvent] = []
    var hiddenSteps = 0
}

extension Evaluator {
    // MARK: Scopes

    /// The value `name` has where the evaluator is: the running call's own variables, then
    /// those of the calls it was defined inside, then the notebook's. `nil` when there is none.
    ///
    /// As in Python, a name the body assigns is local for the whole call, so reading it before
    /// its assignment is an error rather than a silent read of an outer variable.
    func lookup(_ name: String, at range: SourceRange) throws -> Value? {
        if let frame = frames.last {
            if let value = frame.locals[name] { return value }
            if frame.function.localNames.contains(name) {
                throw ScriptError(
                    "local variable '\(name)' is read before it is assigned in \(frame.function.name)",
                    at: range)
            }
            for scope in frame.function.enclosing {
                if let value = scope[name] { return value }
            }
            // A function defined inside a call finds itself by name, so it can recurse.
            if !frame.function.enclosing.isEmpty, !frame.function.isLambda, name == frame.function.name {
                return .function(.function(frame.function))
            }
        }
        return environment.variables[name]
    }

    /// Binds `name` in the running call, or in the notebook at the top level.
    mutating func bind(_ name: String, _ value: Value) {
        if frames.isEmpty {
            environment.variables[name] = value
        } else {
            frames[frames.count - 1].locals[name] = value
        }
    }

    /// Replaces the value of `name` where it lives: the running call's variables when it is
    /// one of them, else the notebook's (so functions that read it see the new value too).
    mutating func replace(_ name: String, with value: Value) {
        if let last = frames.indices.last, frames[last].locals[name] != nil {
            frames[last].locals[name] = value
        } else {
            environment.variables[name] = value
        }
    }

    /// Every name visible here, for suggestions.
    var visibleNames: [String] {
        var names = Set(environment.variables.keys)
        if let frame = frames.last {
            names.formUnion(frame.locals.keys)
            for scope in frame.function.enclosing { names.formUnion(scope.keys) }
        }
        return names.sorted()
    }

    /// Whether the trace folds the running call (`trace(depth=n)` with more than n calls open).
    var isFolding: Bool {
        guard let depth = environment.traceDepth else { return false }
        return frames.count > depth
    }

    /// Whether new nodes get names: not over a batch of worlds, nor inside a folded call.
    var namesNodes: Bool { batchDepth == 0 && !isFolding }

    // MARK: Definitions

    /// A function value for `def`, with its defaults evaluated now, as Python does.
    mutating func define(_ definition: FunctionDefinition, range: SourceRange, random: inout any RandomSource)
        throws -> UserFunction
    {
        var function = try makeFunction(
            name: definition.name, parameters: definition.parameters, body: definition.body, range: range,
            random: &random)
        function.help = definition.docstring ?? commentAbove(range)
        return function
    }

    /// A function value for `lambda parameters: body`.
    mutating func lambda(
        _ parameters: [ParameterDeclaration], _ body: Expression, range: SourceRange,
        random: inout any RandomSource
    ) throws -> Value {
        let statement = Statement(.return(body), range: body.range)
        var function = try makeFunction(
            name: "lambda", parameters: parameters, body: [statement], range: range, random: &random)
        function.isLambda = true
        return .function(.function(function))
    }

    private mutating func makeFunction(
        name: String, parameters: [ParameterDeclaration], body: [Statement], range: SourceRange,
        random: inout any RandomSource
    ) throws -> UserFunction {
        var defaults = [String: Value]()
        for parameter in parameters {
            try checkAssignable(parameter.name, at: parameter.range)
            if let expression = parameter.defaultValue {
                defaults[parameter.name] = try evaluate(expression, &random)
            }
        }
        let enclosing = frames.last.map(\.scopes) ?? []
        return UserFunction(
            name: name, isLambda: false, parameters: parameters, defaults: defaults, body: body, file: file,
            range: range, help: nil,
            localNames: Set(parameters.map(\.name)).union(body.flatMap(\.assignedNames)), enclosing: enclosing
        )
    }

    /// The comment lines directly above line `range.start.line` of the running text, without `#`.
    func commentAbove(_ range: SourceRange) -> String? {
        let lines = SourceText.lines(of: source)
        var comments = [String]()
        var line = range.start.line - 2
        while line >= 0, line < lines.count {
            let text = String(String.UnicodeScalarView(lines[line])).drop { $0 == " " || $0 == "\t" }
            guard text.hasPrefix("#") else { break }
            comments.insert(String(text.dropFirst().drop { $0 == " " }), at: 0)
            line -= 1
        }
        return comments.isEmpty ? nil : comments.joined(separator: "\n")
    }

    // MARK: Calls

    /// Runs a user function's body in a frame of its own and returns what it returned.
    ///
    /// The body reads and draws through `random` like any built-in, so over a batch of worlds
    /// (`expect`, `mc`) it runs once for all of them. Errors inside it carry the function's
    /// text, so they are shown in the cell that defined it.
    mutating func invoke(
        _ function: UserFunction, _ args: Arguments, range: SourceRange, _ random: inout any RandomSource
    ) throws -> Value {
        guard frames.count < callDepthLimit else {
            throw ScriptError(
                "calls nested more than \(callDepthLimit) deep; does \(function.name) call itself without end?",
                at: range)
        }
        let call = text(range)
        let callStart = Node.nextSerial
        var locals = [String: Value]()
        for parameter in function.parameters {
            let value = args.values[parameter.name] ?? function.defaults[parameter.name] ?? .none
            locals[parameter.name] = alias(value, as: parameter.name)
        }
        let callerFile = file
        let isTraced = batchDepth == 0
        if isTraced { callTraces.append(CallBuffer()) }
        frames.append(Frame(function: function, locals: locals))
        file = function.file
        var result = Value.none
        do {
            for statement in function.body {
                try checkInterrupt(statement.range)
                do {
                    _ = try run(statement, random: &random)
                } catch {
                    throw located(error, at: statement.range)
                }
                if let value = pendingReturn {
                    result = value
                    break
                }
            }
        } catch {
            finishCall(traced: isTraced, callerFile: callerFile, call: call, result: nil)
            var error = located(error, at: range)
            if error.source == nil {
                error.source = function.file
                error.notes.append(
                    "in \(function.isLambda ? function.lambdaText : "\(function.signature)"), called as \(call)"
                )
            }
            throw error
        }
        finishCall(traced: isTraced, callerFile: callerFile, call: call, result: result)
        // The value is named by the call that made it (`layer(v)`), not by the body's last
        // expression; a variable the body merely returned keeps its name.
        if case .tensor(let node) = result, namesNodes {
            node.name(call, ifMadeSince: callStart)
        }
        return result
    }

    /// Leaves the running call: its frame, its text and its trace, which goes to the caller
    /// opened, folded to one line, or (deeper than the fold, or untraced) merged into it.
    private mutating func finishCall(traced: Bool, callerFile: SourceFile, call: String, result: Value?) {
        let depth = frames.count
        frames.removeLast()
        file = callerFile
        pendingReturn = nil
        guard traced else { return }
        let buffer = callTraces.removeLast()
        let foldDepth = environment.traceDepth ?? Int.max - 1
        guard let result, environment.isTracing, depth <= foldDepth + 1 else {
            for event in buffer.events { forward(event) }
            if !callTraces.isEmpty { callTraces[callTraces.count - 1].hiddenSteps += buffer.hiddenSteps }
            return
        }
        forward(
            .call(
                CallTrace(
                    call: call, events: buffer.events, isFolded: depth > foldDepth,
                    hiddenSteps: buffer.hiddenSteps, result: result)))
    }

    /// An argument as the parameter `name` sees it: a tensor gets a named step, so the trace,
    /// `explain` and `backward` inside the call speak of `x`, not of the caller's expression.
    func alias(_ value: Value, as name: String) -> Value {
        // The call about to run is folded when the trace opens fewer levels than it is deep.
        let callIsOpen = environment.traceDepth.map { frames.count < $0 } ?? true
        guard case .tensor(let node) = value, batchDepth == 0, callIsOpen, node.label != name else {
            return value
        }
        // A number or list typed in the call has no history to keep: it simply becomes `x`.
        if Evaluator.isLiteral(node) { return .tensor(Node.constant(node.value, label: name)) }
        return .tensor(Node(.reshape(node.value.shape), inputs: [node], value: node.value, label: name))
    }
}

extension Statement {
    /// The names a statement binds in the scope it runs in: assigned names, loop variables and
    /// defined functions (not those bound inside a nested definition).
    var assignedNames: [String] {
        switch kind {
        case .expression, .return: []
        case .assignment(let targets, _):
            targets.compactMap { target in
                if case .name(let name, _) = target { return name }
                return nil
            }
        case .forLoop(let variable, _, _, let body): [variable] + body.flatMap(\.assignedNames)
        case .definition(let definition): [definition.name]
        }
    }
}
