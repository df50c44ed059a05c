#if canImport(Glibc)
    import Glibc
#endif

/// The elementwise functions of the language, on plain tensors (no records).
public enum Elementwise: String, Sendable, CaseIterable {
    case exp, log, sqrt, abs, relu, tanh, sigmoid, negate

    /// Applies the function to one number.
    public func apply(_ x: Double) -> Double {
        switch self {
        case .exp: Glibc.exp(x)
        case .log: Glibc.log(x)
        case .sqrt: Glibc.sqrt(x)
        case .abs: Swift.abs(x)
        case .relu: x > 0 ? x : 0
        case .tanh: Glibc.tanh(x)
        case .sigmoid: Tensor.sigmoid(x)
        case .negate: -x
        }
    }
}

/// The binary elementwise operators of the language.
public enum BinaryOperation: String, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "**"
    case floorDivide = "//"
    case remainder = "%"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="

    /// Whether the result is a 0/1 comparison (which carries no gradient).
    public var isComparison: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: true
        default: false
        }
    }

    /// Applies the operator to two numbers, with numpy's semantics for `//` and `%`.
    public func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: Glibc.pow(a, b)
        case .floorDivide: (a / b).rounded(.down)
        case .remainder: b == 0 ? .nan : a - b * (a / b).rounded(.down)
        case .less: a < b ? 1 : 0
        case .lessOrEqual: a <= b ? 1 : 0
        case .greater: a > b ? 1 : 0
        case .greaterOrEqual: a >= b ? 1 : 0
        case .equal: a == b ? 1 : 0
        case .notEqual: a != b ? 1 : 0
        }
    }
}

extension Tensor {
    /// The logistic function, computed without overflow for large negative inputs.
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Glibc.exp(-x)) }
        let e = Glibc.exp(x)
        return e / (1 + e)
    }

    /// Applies an elementwise function.
    public func applying(_ function: Elementwise) -> Tensor {
        // One loop per function, so the switch is not inside the loop.
        switch function {
        case .relu: map { $0 > 0 ? $0 : 0 }
        case .negate: map { -$0 }
        case .abs: map { Swift.abs($0) }
        case .exp: map { Glibc.exp($0) }
        case .tanh: map { Glibc.tanh($0) }
        default: map(function.apply)
        }
    }

    /// Combines two tensors with a binary operator under numpy broadcasting.
    public static func combine(_ a: Tensor, _ b: Tensor, _ operation: BinaryOperation) throws -> Tensor {
        switch operation {
        // The common operators get their own closures so the loop body is a single instruction.
        case .add: try broadcasting(a, b, operation: "+", +)
        case .subtract: try broadcasting(a, b, operation: "-", -)
        case .multiply: try broadcasting(a, b, operation: "*", *)
        case .divide: try broadcasting(a, b, operation: "/", /)
        default: try broadcasting(a, b, operation: operation.rawValue, operation.apply)
        }
    }

    /// Elementwise sum.
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try combine(a, b, .add) }
    /// Elementwise difference.
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try combine(a, b, .subtract) }
    /// Elementwise product.
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try combine(a, b, .multiply) }
    /// Elementwise quotient.
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try combine(a, b, .divide) }

    /// Elementwise choice: `a` where `condition` is nonzero, else `b`, all three broadcast.
    ///
    /// - Throws: ``CoreError`` when the shapes do not broadcast or the result is too large.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(
            try Shape.broadcast(condition.shape, a.shape, operation: "where"), b.shape, operation: "where")
        let worlds = try commonWorlds([condition, a, b], "where")
        try Limits.elementCount(shape, worlds: worlds, "where")
        let c = try condition.broadcast(to: shape, worlds: worlds)
        let x = try a.broadcast(to: shape, worlds: worlds)
        var out = try b.broadcast(to: shape, worlds: worlds).scalars
        let count = out.count
        try c.scalars.withUnsafeBufferPointer { pc in
            try x.scalars.withUnsafeBufferPointer { px in
                try out.withUnsafeMutableBufferPointer { po in
                    try inRuns(count) { run in
                        for i in run where pc[i] != 0 { po[i] = px[i] }
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: out, worlds: worlds)
    }

    /// Every element limited to `[low, high]`.
    public func clipped(low: Double, high: Double) -> Tensor {
        map { Swift.min(Swift.max($0, low), high) }
    }
}
