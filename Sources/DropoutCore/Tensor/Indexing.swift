/// One item of an index expression such as `x[0, 1:3]`.
public enum TensorIndex: Sendable, Equatable {
    /// A single position; removes the axis. Negative counts from the end.
    case at(Int)
    /// A Python slice `start:stop:step`; keeps the axis.
    case slice(start: Int?, stop: Int?, step: Int?)

    /// The whole axis, `:`.
    public static let all = TensorIndex.slice(start: nil, stop: nil, step: nil)
}

/// Where an index selects along one axis.
struct AxisSelection {
    var start: Int
    var step: Int
    var count: Int
    var keepsAxis: Bool
}

extension Tensor {
    /// Resolves index items against this tensor's per-world shape.
    func selections(_ items: [TensorIndex]) throws -> [AxisSelection] {
        guard items.count <= rank else {
            throw CoreError("index: too many indices (\(items.count)) for a tensor of shape \(shape)")
        }
        var result = [AxisSelection]()
        for axis in 0..<rank {
            let extent = shape[axis]
            let item = axis < items.count ? items[axis] : .all
            switch item {
            case .at(let position):
                let resolved = position < 0 ? position + extent : position
                guard resolved >= 0, resolved < extent else {
                    throw CoreError("index: \(position) is out of range for axis \(axis) with size \(extent)")
                }
                result.append(AxisSelection(start: resolved, step: 1, count: 1, keepsAxis: false))
            case .slice(let start, let stop, let step):
                let step = step ?? 1
                guard step != 0 else { throw CoreError("index: slice step cannot be zero") }
                let (first, count) = Tensor.sliceBounds(start: start, stop: stop, step: step, extent: extent)
                result.append(AxisSelection(start: first, step: step, count: count, keepsAxis: true))
            }
        }
        return result
    }

    /// Python's `slice.indices` followed by the length of the range.
    static func sliceBounds(start: Int?, stop: Int?, step: Int, extent: Int) -> (first: Int, count: Int) {
        func clamp(_ value: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
            guard var v = value else { return defaultValue }
            if v < 0 { v += extent }
            return Swift.min(Swift.max(v, low), high)
        }
        if step > 0 {
            let first = clamp(start, 0, low: 0, high: extent)
            let last = clamp(stop, extent, low: 0, high: extent)
            return (first, last > first ? (last - first + step - 1) / step : 0)
        }
        let first = clamp(start, extent - 1, low: -1, high: extent - 1)
        let last = clamp(stop, -1, low: -1, high: extent - 1)
        return (first, first > last ? (first - last - step - 1) / -step : 0)
    }

    /// The part of the tensor an index selects, as numpy's basic indexing.
    ///
    /// - Throws: ``CoreError`` for too many indices or a position out of range.
    public func indexed(_ items: [TensorIndex]) throws -> Tensor {
        let picks = try selections(items)
        let strides = shape.strides
        let selectedShape = Shape(picks.map(\.count))
        let outShape = Shape(picks.filter(\.keepsAxis).map(\.count))
        let base = zip(picks, strides).reduce(0) { $0 + $1.0.start * $1.1 }
        let readStrides = zip(picks, strides).map { $0.step * $1 }
        let zeros = [Int](repeating: 0, count: rank)
        let size = elementCount
        let selected = selectedShape.elementCount
        let count = try Limits.elementCount(outShape, worlds: worlds, "index")
        let out = try scalars.withUnsafeBufferPointer { input in
            try Storage.make(count) { output in
                for w in 0..<(worlds ?? 1) {
                    let worldBase = w * size + base
                    let outBase = w * selected
                    try Tensor.forEachOffset(selectedShape, readStrides, zeros) { i, offset, _ in
                        output[outBase + i] = input[worldBase + offset]
                    }
                }
            }
        }
        return Tensor(shape: outShape, scalars: out, worlds: worlds)
    }

    /// A copy with the selected part replaced by `value` (broadcast to the selection's shape).
    public func replacing(_ items: [TensorIndex], with value: Tensor) throws -> Tensor {
        let picks = try selections(items)
        let strides = shape.strides
        let selectedShape = Shape(picks.map(\.count))
        let outShape = Shape(picks.filter(\.keepsAxis).map(\.count))
        let worldsAfter = try Tensor.commonWorlds([self, value], "assignment")
        try Limits.elementCount(shape, worlds: worldsAfter, "assignment")
        let source = try value.broadcast(to: outShape, worlds: worldsAfter)
        var result = try broadcast(to: shape, worlds: worldsAfter)
        let base = zip(picks, strides).reduce(0) { $0 + $1.0.start * $1.1 }
        let writeStrides = zip(picks, strides).map { $0.step * $1 }
        let zeros = [Int](repeating: 0, count: rank)
        let size = elementCount
        let selected = selectedShape.elementCount
        try source.scalars.withUnsafeBufferPointer { input in
            try result.scalars.withUnsafeMutableBufferPointer { output in
                for w in 0..<(worldsAfter ?? 1) {
                    let worldBase = w * size + base
                    try Tensor.forEachOffset(selectedShape, writeStrides, zeros) { i, offset, _ in
                        output[worldBase + offset] = input[w * selected + i]
                    }
                }
            }
        }
        return result
    }
}
