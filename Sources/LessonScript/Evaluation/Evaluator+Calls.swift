extension Evaluator {
    /// Calls a built-in or a user function: binds the arguments to its signature, runs it, and
    /// reports what it recorded.
    mutating func call(
        _ callee: Expression, _ arguments: [Argument], range: SourceRange, _ random: inout any RandomSource
    ) throws -> Value {
        let (callee, arguments) = try rewritingNumpyCall(callee, arguments, range: range)
        let callable = try resolve(callee, &random)
        try checkInterrupt(range)
        var args = try bind(arguments, to: callable, range: range, random: &random)
        switch callable {
        case .function(let function):
            return try invoke(function, args, range: range, &random)
        case .builtin(let builtin):
            args.random = random
            let result: Value
            do {
                result = try builtin.body(&self, &args)
            } catch let error as CoreError {
                random = args.random
                throw ScriptError(error.message, at: range)
            } catch {
                random = args.random
                throw error
            }
            random = args.random
            // A loop that could not throw stops early when interrupted; its result must not be used.
            try checkInterrupt(range)
            reportRecords(in: result)
            if case .tensor(let node) = result { return labelled(node, range) }
            return result
        }
    }

    /// What a call's callee names: a variable holding a function, or a built-in.
    mutating func resolve(_ callee: Expression, _ random: inout any RandomSource) throws -> Callable {
        guard case .name(let name) = callee.kind else {
            let value = try evaluate(callee, &random)
            guard case .function(let callable) = value else {
                throw ScriptError("cannot call \(value.kindDescription)", at: callee.range)
            }
            return callable
        }
        if let value = try lookup(name, at: callee.range) {
            guard case .function(let callable) = value else {
                throw ScriptError("'\(name)' is a variable, not a function", at: callee.range)
            }
            return callable
        }
        if let builtin = Builtins.table[name] { return .builtin(builtin) }
        let functions = visibleNames.filter { name in
            if case .function? = try? lookup(name, at: callee.range) { return true }
            return false
        }
        let suggestion = closestMatch(to: name, among: Builtins.names + functions)
        throw ScriptError(
            "unknown function '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
            at: callee.range)
    }

    /// Binds a call's arguments to the callable's parameters: positional ones in order, keyword
    /// ones by name, each evaluated as its parameter's kind asks.
    mutating func bind(
        _ arguments: [Argument], to callable: Callable, range: SourceRange, random: inout any RandomSource
    ) throws -> Arguments {
        let signature = callable.signature
        let name = signature.name
        var args = Arguments(
            function: name, range: range, values: [:], expressions: [:], ranges: [:], rest: [], random: random
        )
        let parameters = signature.parameters
        var position = 0
        for argument in arguments {
            if let label = argument.label {
                guard let parameter = parameters.first(where: { $0.name == label }) else {
                    let suggestion = closestMatch(to: label, among: parameters.map(\.name))
                    throw ScriptError(
                        "\(name): unknown argument '\(label)'"
                            + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: argument.range)
                }
                guard !args.has(label) else {
                    throw ScriptError("\(name): argument '\(label)' given twice", at: argument.range)
                }
                try bind(argument, to: parameter, in: &args, random: &random)
                continue
            }
            guard position < parameters.count else {
                throw ScriptError(
                    "\(name): takes at most \(parameters.count) positional arguments", at: argument.range)
            }
            let parameter = parameters[position]
            if parameter.kind == .shape || parameter.kind == .rest, args.has(parameter.name) {
                args.rest.append(try evaluate(argument.value, &random))
                args.restRanges.append(argument.value.range)
                continue
            }
            try bind(argument, to: parameter, in: &args, random: &random)
            if parameter.kind != .shape && parameter.kind != .rest { position += 1 }
        }
        for parameter in parameters where !parameter.isOptional && !args.has(parameter.name) {
            throw ScriptError(
                "\(name): missing argument '\(parameter.name)'; usage: \(callable.usage)", at: range)
        }
        return args
    }

    mutating func bind(
        _ argument: Argument, to parameter: Parameter, in args: inout Arguments,
        random: inout any RandomSource
    ) throws {
        args.ranges[parameter.name] = argument.value.range
        switch parameter.kind {
        case .expression:
            args.expressions[parameter.name] = argument.value
        case .tensors:
            args.expressions[parameter.name] = argument.value
            if case .list(let elements) = argument.value.kind {
                var items = [Value]()
                for element in elements { items.append(try evaluate(element, &random)) }
                args.values[parameter.name] = .tuple(items)
            } else {
                let value = try evaluate(argument.value, &random)
                if case .tuple = value {
                    args.values[parameter.name] = value
                } else {
                    args.values[parameter.name] = .tuple(try iterate(value, range: argument.value.range))
                }
            }
        default:
            args.values[parameter.name] = try evaluate(argument.value, &random)
        }
    }

    /// Reports the inner steps of composite operations in a call's result.
    mutating func reportRecords(in value: Value) {
        switch value {
        case .tensor(let node) where !node.steps.isEmpty: emit(.record(node))
        case .tuple(let items): for item in items { reportRecords(in: item) }
        default: break
        }
    }

    /// Evaluates `expression` to a tensor with a different random source (over a batch of worlds).
    mutating func evaluateTensor(_ expression: Expression, with source: inout any RandomSource) throws
        -> Tensor
    {
        batchDepth += 1
        defer { batchDepth -= 1 }
        try checkInterrupt(expression.range)
        let value = try evaluate(expression, &source)
        guard let node = try Arguments.node(from: value) else {
            throw ScriptError("expected a tensor, got \(value.kindDescription)", at: expression.range)
        }
        return node.value
    }
}
