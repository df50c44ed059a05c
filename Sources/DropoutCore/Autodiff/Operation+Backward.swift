#if canImport(Glibc)
    import Glibc
#endif

extension Tensor {
    /// Broadcasting's adjoint: sums a gradient of a broadcast shape back down to `target`.
    ///
    /// Every binary operation's backward calls this once per input.
    public func summed(toShape target: Shape) throws -> Tensor {
        if shape == target { return self }
        let extra = rank - target.rank
        var result = self
        if extra > 0 {
            result = try result.reduced(.sum, axes: Array(0..<extra))
        }
        let axes = (0..<target.rank).filter { target[$0] == 1 && result.shape[$0] != 1 }
        if !axes.isEmpty {
            result = try result.reduced(.sum, axes: axes, keepDims: true)
        }
        return result
    }
}

extension Operation {
    /// The gradients with respect to each input, given the gradient of the output.
    ///
    /// Returns `nil` for an input that carries no gradient (e.g. a comparison's).
    public func backward(_ gradient: Tensor, inputs: [Tensor], output: Tensor) throws -> [Tensor?] {
        switch self {
        case .constant:
            return []
        case .binary(let op):
            let a = inputs[0]
            let b = inputs[1]
            let (da, db): (Tensor?, Tensor?)
            switch op {
            case .add:
                (da, db) = (gradient, gradient)
            case .subtract:
                (da, db) = (gradient, gradient.applying(.negate))
            case .multiply:
                (da, db) = (try gradient * b, try gradient * a)
            case .divide:
                let ga = try gradient / b
                (da, db) = (ga, try (ga * output).applying(.negate))
            case .power:
                // d(a^b)/da = b a^(b-1); d(a^b)/db = a^b log a (only where a > 0).
                let dPow = try b * Tensor.combine(a, try b - Tensor(1), .power)
                let logA = a.map { $0 > 0 ? log($0) : 0 }
                (da, db) = (try gradient * dPow, try gradient * (output * logA))
            default:
                (da, db) = (nil, nil)
            }
            return [try da?.summed(toShape: a.shape), try db?.summed(toShape: b.shape)]
        case .unary(let f):
            let x = inputs[0]
            let local: Tensor
            switch f {
            case .exp: local = output
            case .log: local = x.map { 1 / $0 }
            case .sqrt: local = output.map { 0.5 / $0 }
            case .abs: local = x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
            case .relu: local = x.map { $0 > 0 ? 1 : 0 }
            case .tanh: local = output.map { 1 - $0 * $0 }
            case .sigmoid: local = output.map { $0 * (1 - $0) }
            case .negate: local = x.map { _ in -1 }
            }
            return [try gradient * local]
        case .matmul:
            return try Operation.matmulBackward(gradient, inputs[0], inputs[1])
        case .reduce(let r, let axes, let keepDims):
            return [try Operation.reduceBackward(r, axes, keepDims, gradient, inputs[0], output)]
        case .reshape:
            return [gradient.withShape(inputs[0].shape)]
        case .transpose(let perm):
            let forward = try perm?.map { try inputs[0].shape.normalizedAxis($0, operation: "transpose") }
            let order = forward ?? Array((0..<inputs[0].rank).reversed())
            var inverse = [Int](repeating: 0, count: order.count)
            for (i, axis) in order.enumerated() { inverse[axis] = i }
            return [try gradient.transposed(inverse)]
        case .index(let items):
            let zeros = Tensor(repeating: 0, shape: inputs[0].shape)
            return [try zeros.replacing(items, with: gradient)]
        case .replace(let items):
            let cleared = try gradient.replacing(items, with: Tensor(0))
            let valueGradient = try gradient.indexed(items).summed(toShape: inputs[1].shape)
            return [cleared, valueGradient]
        case .concat(let axis):
            return try Operation.splitBackward(gradient, inputs, axis: axis, removesAxis: false)
        case .stack(let axis):
            return try Operation.splitBackward(gradient, inputs, axis: axis, removesAxis: true)
        case .select(let condition):
            let zero = Tensor(0)
            let da = try Tensor.select(condition, gradient, zero).summed(toShape: inputs[0].shape)
            let db = try Tensor.select(condition, zero, gradient).summed(toShape: inputs[1].shape)
            return [da, db]
        case .clip(let low, let high):
            return [try gradient * inputs[0].map { $0 >= low && $0 <= high ? 1 : 0 }]
        case .softmax(let axis):
            // dx = y * (g - sum(g * y, axis))
            let gy = try gradient * output
            let total = try gy.reduced(.sum, axes: [axis], keepDims: true)
            return [try output * (gradient - total)]
        case .scale(let mask, let multiplier, let divisor):
            return [try Operation.scale(gradient, mask: mask, multiplier: multiplier, divisor: divisor)]
        }
    }

    static func matmulBackward(_ gradient: Tensor, _ a: Tensor, _ b: Tensor) throws -> [Tensor?] {
        // Promote vectors to matrices as the forward pass did, then undo the promotion.
        let a2 = a.rank == 1 ? a.withShape(Shape([1] + a.shape.dims)) : a
        let b2 = b.rank == 1 ? b.withShape(Shape(b.shape.dims + [1])) : b
        var gDims = gradient.shape.dims
        if a.rank == 1 { gDims.insert(1, at: gDims.count - (b.rank == 1 ? 0 : 1)) }
        if b.rank == 1 { gDims.append(1) }
        let g2 = gradient.withShape(Shape(gDims))
        let lastTwo: (Tensor) throws -> Tensor = { t in
            var perm = Array(0..<t.rank)
            perm.swapAt(t.rank - 1, t.rank - 2)
            return try t.transposed(perm)
        }
        let da = try Tensor.matmul(g2, try lastTwo(b2)).summed(toShape: a2.shape).withShape(a.shape)
        let db = try Tensor.matmul(try lastTwo(a2), g2).summed(toShape: b2.shape).withShape(b.shape)
        return [da, db]
    }

    static func reduceBackward(
        _ reduction: Reduction, _ axes: [Int]?, _ keepDims: Bool, _ gradient: Tensor, _ x: Tensor,
        _ output: Tensor
    ) throws -> Tensor? {
        let resolved = try (axes ?? Array(0..<x.rank)).map {
            try x.shape.normalizedAxis($0, operation: "sum")
        }
        let keptShape = Shape((0..<x.rank).map { resolved.contains($0) ? 1 : x.shape[$0] })
        let g = gradient.withShape(keptShape)
        switch reduction {
        case .sum:
            return try g.broadcast(to: x.shape)
        case .mean:
            let count = resolved.reduce(1) { $0 * x.shape[$1] }
            return try g.broadcast(to: x.shape).map { $0 / Double(count) }
        case .max, .min:
            // The gradient goes to the extreme elements, shared equally among ties.
            let extreme = output.withShape(keptShape)
            let hits = try Tensor.combine(x, extreme, .equal)
            let ties = try hits.reduced(.sum, axes: resolved, keepDims: true)
            return try g * hits / ties
        case .countNonzero:
            return nil
        }
    }

    static func splitBackward(_ gradient: Tensor, _ inputs: [Tensor], axis: Int, removesAxis: Bool) throws
        -> [Tensor?]
    {
        let resolved = axis < 0 ? axis + gradient.rank : axis
        var start = 0
        return try inputs.map { input in
            let extent = removesAxis ? 1 : input.shape[resolved]
            var items = [TensorIndex](repeating: .all, count: gradient.rank)
            items[resolved] = .slice(start: start, stop: start + extent, step: 1)
            start += extent
            return try gradient.indexed(items).withShape(input.shape)
        }
    }
}
