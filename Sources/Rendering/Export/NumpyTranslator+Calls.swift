import DropoutCore
import LessonScript

/// A call's arguments bound to the built-in's parameters, as the evaluator binds them.
struct BoundArguments {
    /// Each given parameter's expression.
    var named: [String: Expression] = [:]
    /// A `.shape` or `.rest` parameter's expressions, first included.
    var rest: [Expression] = []

    func has(_ name: String) -> Bool { named[name] != nil }
}

/// A shape as Python: a tuple expression and the arguments to splat into `rand(...)`.
struct ShapeCode {
    /// A tuple, `(4, 3)` or `x.shape`.
    var tuple: String
    /// The same as positional arguments, `4, 3` or `*x.shape`.
    var arguments: String
    /// The number of axes, when known.
    var rank: Int?
}

extension NumpyTranslator {
    /// Binds positional and keyword arguments to `builtin`'s parameters.
    func bind(_ builtin: Builtin, _ arguments: [Argument]) throws -> BoundArguments {
        var bound = BoundArguments()
        var position = 0
        for argument in arguments {
            if let label = argument.label {
                guard let parameter = builtin.parameters.first(where: { $0.name == label }) else {
                    throw ExportError("\(builtin.name): unknown argument '\(label)'")
                }
                if parameter.kind == .shape || parameter.kind == .rest {
                    bound.rest.insert(argument.value, at: 0)
                }
                bound.named[label] = argument.value
                continue
            }
            guard position < builtin.parameters.count else {
                throw ExportError("\(builtin.name): too many arguments")
            }
            let parameter = builtin.parameters[position]
            if parameter.kind == .shape || parameter.kind == .rest {
                if bound.named[parameter.name] == nil { bound.named[parameter.name] = argument.value }
                bound.rest.append(argument.value)
                continue
            }
            bound.named[parameter.name] = argument.value
            position += 1
        }
        return bound
    }

    /// A number known when the code is written: a literal, or a name bound to one.
    func constant(_ expression: Expression?) -> Double? {
        guard let expression else { return nil }
        switch expression.kind {
        case .number(let x): return x
        case .boolean(let b): return b ? 1 : 0
        case .unary(let op, let operand):
            return constant(operand).map { op == .negate ? -$0 : $0 }
        case .name(let name):
            guard let variable = variables[name], !variable.isFirstRun,
                case .tensor(let node)? = variable.value,
                node.value.rank == 0
            else { return nil }
            return node.value.scalars[0]
        case .binary(let op, let left, let right):
            guard let a = constant(left), let b = constant(right) else { return nil }
            switch op {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            case .divide: return a / b
            case .power: return power(a, b)
            default: return nil
            }
        default: return nil
        }
    }

    /// A string known when the code is written: a literal, or a name bound to one.
    func constantString(_ expression: Expression?) -> String? {
        guard let expression else { return nil }
        switch expression.kind {
        case .string(let text): return text
        case .name(let name):
            if variables[name]?.isFirstRun == false, case .string(let text)? = variables[name]?.value {
                return text
            }
            return nil
        default: return nil
        }
    }

    /// The shape given by `zeros(2, 3)`, `zeros([2, 3])` or `zeros(x.shape)`.
    mutating func shape(_ expressions: [Expression], _ lines: inout [String]) throws -> ShapeCode {
        if expressions.isEmpty { return ShapeCode(tuple: "()", arguments: "", rank: 0) }
        if expressions.count == 1 {
            let only = expressions[0]
            if case .list(let items) = only.kind {
                let parts = try items.map { try integer(try translate($0, &lines)) }
                return ShapeCode(
                    tuple: PyLiteral.shape(parts), arguments: parts.joined(separator: ", "), rank: parts.count
                )
            }
            let value = try translate(only, &lines)
            if case .tuple(let items) = value.type {
                return ShapeCode(tuple: value.code, arguments: "*" + value.operand, rank: items.count)
            }
            if value.rank == 0 || value.type == .int {
                let n = try integer(value)
                return ShapeCode(tuple: "(\(n),)", arguments: n, rank: 1)
            }
            let tuple = "tuple(\(value.code).astype(int))"
            return ShapeCode(tuple: tuple, arguments: "*" + tuple, rank: nil)
        }
        let parts = try expressions.map { try integer(try translate($0, &lines)) }
        return ShapeCode(
            tuple: PyLiteral.shape(parts), arguments: parts.joined(separator: ", "), rank: parts.count)
    }

    /// The call of built-in `name`.
    mutating func translateCall(
        _ name: String, _ arguments: [Argument], range: SourceRange, _ lines: inout [String]
    )
        throws -> PyExpr
    {
        let builtin = Builtins.table[name]!
        let args = try bind(builtin, arguments)
        if let value = try translateMake(name, args, &lines) { return value }
        if let value = try translateMath(name, args, &lines) { return value }
        if let value = try translateRandom(name, args, &lines) { return value }
        if let value = try translateDropout(name, args, &lines) { return value }
        if let value = try translateShow(name, args, range: range, &lines) { return value }
        if let value = try translateExpectation(name, args, range: range, &lines) { return value }
        if let value = try translateGradients(name, args, range: range, &lines) { return value }
        if let value = try translateDropConnect(name, args, &lines) { return value }
        if let value = try translateRecurrent(name, args, &lines) { return value }
        throw ExportError("\(name) has no numpy form yet")
    }

    /// A required argument's Python.
    mutating func argument(_ args: BoundArguments, _ name: String, _ lines: inout [String]) throws -> PyExpr {
        guard let expression = args.named[name] else { throw ExportError("missing argument '\(name)'") }
        return try translate(expression, &lines)
    }

    /// An axis argument over worlds: non-negative axes move one place right.
    func shifted(_ axis: Int, batched: Bool) -> Int { batched && axis >= 0 ? axis + 1 : axis }

    /// An `axis=` argument (an integer or a list of them), as Python, or nil when not given.
    func axes(_ args: BoundArguments, _ name: String = "axis") throws -> [Int]? {
        guard let expression = args.named[name] else { return nil }
        if case .none = expression.kind { return nil }
        if case .list(let items) = expression.kind {
            return try items.map { item in
                guard let x = constant(item) else {
                    throw ExportError("\(name) must be known when exporting")
                }
                return Int(x)
            }
        }
        guard let x = constant(expression) else { throw ExportError("\(name) must be known when exporting") }
        return [Int(x)]
    }
}

/// `pow` without importing Foundation.
func power(_ a: Double, _ b: Double) -> Double {
    #if canImport(Glibc)
        return Glibc.pow(a, b)
    #else
        return Darwin.pow(a, b)
    #endif
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
