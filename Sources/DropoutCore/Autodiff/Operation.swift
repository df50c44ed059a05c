#if canImport(Glibc)
    import Glibc
#endif

/// The primitive operations with hand-written derivatives; everything else is composed of them.
///
/// Each primitive keeps its forward rule here, its backward rule in `Operation+Backward.swift`
/// and its one-element explanation in `Operation+Explain.swift`, one switch per concern.
public enum Operation: Sendable, Equatable {
    /// A leaf: a literal, a variable's value, or a draw.
    case constant
    /// `a op b` for `+ - * / **` with broadcasting (comparisons are constants: no gradient).
    case binary(BinaryOperation)
    /// An elementwise function of one input.
    case unary(Elementwise)
    /// `a @ b` with numpy's matmul rules.
    case matmul
    /// A reduction over axes (all when `nil`).
    case reduce(Reduction, axes: [Int]?, keepDims: Bool)
    /// The same elements in a new shape.
    case reshape(Shape)
    /// Axes permuted (reversed when `nil`).
    case transpose([Int]?)
    /// Basic indexing.
    case index([TensorIndex])
    /// `base` with the indexed part replaced by `value` (inputs: base, value).
    case replace([TensorIndex])
    /// Inputs joined along an existing axis.
    case concat(axis: Int)
    /// Inputs joined along a new axis.
    case stack(axis: Int)
    /// `where(condition, a, b)` with a constant condition (inputs: a, b).
    case select(condition: Tensor)
    /// Elementwise clipping.
    case clip(low: Double, high: Double)
    /// Numerically stable softmax along an axis.
    case softmax(axis: Int)
    /// `x * mask * multiplier / divisor`, the heart of every dropout variant; the mask
    /// broadcasts to x. Kept as one primitive so its gradient and its explanation are exact.
    case scale(mask: Tensor, multiplier: Double, divisor: Double)

    /// A short name for messages and records.
    public var name: String {
        switch self {
        case .constant: "constant"
        case .binary(let op): op.rawValue
        case .unary(let f): f == .negate ? "-" : f.rawValue
        case .matmul: "@"
        case .reduce(let r, _, _): r.rawValue
        case .reshape: "reshape"
        case .transpose: "transpose"
        case .index: "index"
        case .replace: "assignment"
        case .concat: "concat"
        case .stack: "stack"
        case .select: "where"
        case .clip: "clip"
        case .softmax: "softmax"
        case .scale: "mask"
        }
    }

    /// Whether the operation only moves elements (each output element is one input element).
    public var movesElements: Bool {
        switch self {
        case .reshape, .transpose, .index, .concat, .stack, .replace: true
        default: false
        }
    }

    /// Computes the operation's value from its inputs' values.
    ///
    /// - Throws: ``CoreError`` when the inputs do not suit the operation, the result would be
    ///   over the limits, or the computation was interrupted.
    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let value = try compute(inputs)
        // Loops that cannot throw stop early when interrupted; their partial result ends here.
        try Interruption.check()
        return value
    }

    private func compute(_ inputs: [Tensor]) throws -> Tensor {
        switch self {
        case .constant:
            return inputs[0]
        case .binary(let op):
            return try Tensor.combine(inputs[0], inputs[1], op)
        case .unary(let f):
            try Limits.elementCount(inputs[0].shape, worlds: inputs[0].worlds, name)
            return inputs[0].applying(f)
        case .matmul:
            return try Tensor.matmul(inputs[0], inputs[1])
        case .reduce(let r, let axes, let keepDims):
            return try inputs[0].reduced(r, axes: axes, keepDims: keepDims)
        case .reshape(let shape):
            return try inputs[0].reshaped(to: shape.dims)
        case .transpose(let perm):
            return try inputs[0].transposed(perm)
        case .index(let items):
            return try inputs[0].indexed(items)
        case .replace(let items):
            return try inputs[0].replacing(items, with: inputs[1])
        case .concat(let axis):
            return try Tensor.concatenate(inputs, axis: axis)
        case .stack(let axis):
            return try Tensor.stack(inputs, axis: axis)
        case .select(let condition):
            return try Tensor.select(condition, inputs[0], inputs[1])
        case .clip(let low, let high):
            try Limits.elementCount(inputs[0].shape, worlds: inputs[0].worlds, "clip")
            return inputs[0].clipped(low: low, high: high)
        case .softmax(let axis):
            return try Operation.softmax(inputs[0], axis: axis)
        case .scale(let mask, let multiplier, let divisor):
            return try Operation.scale(inputs[0], mask: mask, multiplier: multiplier, divisor: divisor)
        }
    }

    /// `exp(x - max) / sum(exp(x - max))` along `axis`.
    static func softmax(_ x: Tensor, axis: Int) throws -> Tensor {
        let axis = try x.shape.normalizedAxis(axis, operation: "softmax")
        // An empty axis has nothing to normalise: the result is as empty as the input.
        if x.shape[axis] == 0 { return x }
        let top = try x.reduced(.max, axes: [axis], keepDims: true)
        let shifted = try Tensor.combine(x, top, .subtract).applying(.exp)
        let total = try shifted.reduced(.sum, axes: [axis], keepDims: true)
        return try Tensor.combine(shifted, total, .divide)
    }

    /// `x * mask * multiplier / divisor` in that order (so `x * m / q` rounds as numpy's does),
    /// written so the common same-shape case is one branch-free loop.
    static func scale(_ x: Tensor, mask: Tensor, multiplier: Double, divisor: Double) throws -> Tensor {
        if x.shape == mask.shape && x.worlds == mask.worlds {
            let count = try Limits.elementCount(x.shape, worlds: x.worlds, "dropout")
            let out = try x.scalars.withUnsafeBufferPointer { px in
                try mask.scalars.withUnsafeBufferPointer { pm in
                    try Storage.make(count) { po in
                        try Tensor.inRuns(count) { run in
                            for i in run { po[i] = px[i] * pm[i] * multiplier / divisor }
                        }
                    }
                }
            }
            return Tensor(shape: x.shape, scalars: out, worlds: x.worlds)
        }
        if x.shape == mask.shape && x.worlds == nil, let worlds = mask.worlds {
            // Over worlds (expect, mc): m * (x * a / d), which equals x * m * a / d exactly for
            // the masks that reach here (0/1 with a = 1, or noise with a = d = 1), without a
            // division or a data-dependent branch per element.
            let count = try Limits.elementCount(x.shape, worlds: worlds, "dropout")
            let scaled = x.scalars.map { $0 * multiplier / divisor }
            let size = x.elementCount
            let out = try mask.scalars.withUnsafeBufferPointer { pm in
                try scaled.withUnsafeBufferPointer { ps in
                    try Storage.make(count) { po in
                        for w in 0..<worlds {
                            let base = w * size
                            for e in 0..<size { po[base + e] = pm[base + e] * ps[e] }
                            if w % 64 == 63 { try Interruption.check() }
                        }
                    }
                }
            }
            return Tensor(shape: x.shape, scalars: out, worlds: worlds)
        }
        let shape = try Shape.broadcast(x.shape, mask.shape, operation: "dropout")
        guard shape == x.shape else {
            throw CoreError(
                "dropout: mask of shape \(mask.shape) does not broadcast to the input's shape \(x.shape)")
        }
        return try Tensor.broadcasting(x, mask, operation: "dropout") { $0 * $1 * multiplier / divisor }
    }
}
