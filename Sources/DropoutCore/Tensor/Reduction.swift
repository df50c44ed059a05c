/// The reductions of the language.
public enum Reduction: String, Sendable, CaseIterable {
    case sum, mean, max, min
    case countNonzero = "count_nonzero"
}

extension Tensor {
    /// Reduces over the given per-world axes (all axes when `nil`), numpy style.
    ///
    /// - Parameters:
    ///   - axes: per-world axes, negative counting from the end; `nil` reduces everything.
    ///   - keepDims: keep reduced axes with extent 1.
    /// - Throws: ``CoreError`` for an axis out of range, a repeated axis, or `max`/`min` of nothing.
    public func reduced(_ reduction: Reduction, axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let name = reduction.rawValue
        var reducedAxes = Set<Int>()
        for axis in axes ?? Array(0..<rank) {
            let resolved = try shape.normalizedAxis(axis, operation: name)
            guard reducedAxes.insert(resolved).inserted else {
                throw CoreError("\(name): axis \(axis) is repeated")
            }
        }
        let kept = (0..<rank).map { reducedAxes.contains($0) ? 1 : shape[$0] }
        let outShape = Shape(
            keepDims ? kept : (0..<rank).filter { !reducedAxes.contains($0) }.map { shape[$0] })
        let groupSize = reducedAxes.reduce(1) { $0 * shape[$1] }
        if groupSize == 0 && (reduction == .max || reduction == .min) {
            throw CoreError("\(name): cannot reduce an empty axis (shape \(shape))")
        }
        // Walk the input once, sending each element to its output slot (stride 0 on reduced axes).
        let keptShape = Shape(kept)
        let batched = worlds != nil
        let fullIn = batched ? Shape([worlds!] + shape.dims) : shape
        let fullKept = batched ? Shape([worlds!] + kept) : keptShape
        var outStrides = fullKept.strides
        for axis in 0..<fullIn.rank where fullKept[axis] == 1 { outStrides[axis] = 0 }
        let outCount = fullKept.elementCount
        let initial: Double =
            switch reduction {
            case .max: -.infinity
            case .min: .infinity
            default: 0
            }
        var out = [Double](repeating: initial, count: outCount)
        var sawNaN = [Bool](repeating: false, count: reduction == .max || reduction == .min ? outCount : 0)
        let zeros = [Int](repeating: 0, count: fullIn.rank)
        WorkMeter.current?.record(elements: elementCount)
        try scalars.withUnsafeBufferPointer { input in
            try out.withUnsafeMutableBufferPointer { output in
                try Tensor.forEachOffset(fullIn, outStrides, zeros) { i, o, _ in
                    let x = input[i]
                    switch reduction {
                    case .sum, .mean: output[o] += x
                    case .countNonzero: output[o] += x != 0 ? 1 : 0
                    case .max:
                        if x.isNaN { sawNaN[o] = true } else if x > output[o] { output[o] = x }
                    case .min:
                        if x.isNaN { sawNaN[o] = true } else if x < output[o] { output[o] = x }
                    }
                }
            }
        }
        if reduction == .mean {
            let n = Double(groupSize)
            for i in 0..<out.count { out[i] /= n }
        }
        for (i, nan) in sawNaN.enumerated() where nan { out[i] = .nan }
        return Tensor(shape: outShape, scalars: out, worlds: worlds)
    }

    /// The sum of all elements (per world).
    public func sum() throws -> Tensor { try reduced(.sum) }
}
