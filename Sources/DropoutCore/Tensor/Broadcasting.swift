/// Elementwise combination of tensors under numpy broadcasting, world axis included.
///
/// A batched operand's hidden world axis stays outermost: per-world shapes are aligned on the
/// right as numpy does, and the world axis is put in front of the result.
extension Tensor {
    /// The number of worlds two operands share, or `nil` when neither is batched.
    ///
    /// - Throws: ``CoreError`` when operands come from different batches (a batched
    ///   computation nested inside another).
    static func commonWorlds(_ tensors: [Tensor], _ operation: String = "batch") throws -> Int? {
        var result: Int?
        for tensor in tensors {
            guard let worlds = tensor.worlds else { continue }
            guard result == nil || result == worlds else {
                throw CoreError("\(operation): operands come from different batches of worlds")
            }
            result = worlds
        }
        return result
    }

    /// This tensor's storage shape aligned for an operation whose per-world result has `rank`
    /// axes, with a leading world axis (of extent 1 when this tensor is unbatched) when `batched`.
    func alignedShape(rank: Int, batched: Bool) -> Shape {
        let padded = shape.padded(toRank: rank).dims
        return batched ? Shape([worlds ?? 1] + padded) : Shape(padded)
    }

    /// Runs `body` over `0..<count` in runs of ``Interruption/stride``, polling for an interrupt
    /// between runs.
    ///
    /// - Throws: ``CoreError/interrupted`` when asked to stop; the work done so far is dropped.
    @inline(__always)
    static func inRuns(_ count: Int, _ body: (Range<Int>) throws -> Void) throws {
        var start = 0
        while start < count {
            let end = Swift.min(start + Interruption.stride, count)
            try body(start..<end)
            start = end
            if start < count { try Interruption.check() }
        }
    }

    /// Combines two tensors elementwise with numpy broadcasting.
    ///
    /// The result's size is checked against the limits before anything is allocated.
    ///
    /// - Parameter operation: the operator's name for error messages, e.g. `+`.
    /// - Throws: ``CoreError`` naming both shapes when they do not broadcast or the result is
    ///   too large.
    @inline(__always)
    public static func broadcasting(
        _ a: Tensor, _ b: Tensor, operation: String, _ combine: (Double, Double) -> Double
    ) throws -> Tensor {
        let shape =
            a.shape == b.shape ? a.shape : try Shape.broadcast(a.shape, b.shape, operation: operation)
        let worlds = try commonWorlds([a, b], operation)
        let count = try Limits.elementCount(shape, worlds: worlds, operation)
        if a.shape == b.shape && a.worlds == b.worlds {
            let out = try a.scalars.withUnsafeBufferPointer { pa in
                try b.scalars.withUnsafeBufferPointer { pb in
                    try Storage.make(count) { po in
                        try inRuns(count) { run in
                            for i in run { po[i] = combine(pa[i], pb[i]) }
                        }
                    }
                }
            }
            return Tensor(shape: shape, scalars: out, worlds: worlds)
        }
        if b.worlds == nil && b.scalars.count == 1 && b.rank <= a.rank {
            let value = b.scalars[0]
            return try a.mapChecked(shape: shape) { combine($0, value) }
        }
        if a.worlds == nil && a.scalars.count == 1 && a.rank <= b.rank {
            let value = a.scalars[0]
            return try b.mapChecked(shape: shape) { combine(value, $0) }
        }
        // One operand batched, the other one world of the same shape (x * mask in expect/mc):
        // the unbatched one is read again for every world.
        if let worlds, a.shape == b.shape, (a.worlds == nil) != (b.worlds == nil) {
            let size = a.elementCount
            let out = try a.scalars.withUnsafeBufferPointer { pa in
                try b.scalars.withUnsafeBufferPointer { pb in
                    try Storage.make(size * worlds) { po in
                        for w in 0..<worlds {
                            let base = w * size
                            let ia = a.worlds == nil ? 0 : base
                            let ib = b.worlds == nil ? 0 : base
                            try inRuns(size) { run in
                                for e in run { po[base + e] = combine(pa[ia + e], pb[ib + e]) }
                            }
                            if size < Interruption.stride && w % 64 == 63 { try Interruption.check() }
                        }
                    }
                }
            }
            return Tensor(shape: a.shape, scalars: out, worlds: worlds)
        }
        let batched = worlds != nil
        let outShape = batched ? Shape([worlds!] + shape.dims) : shape
        let stridesA = a.alignedShape(rank: shape.rank, batched: batched).broadcastStrides(to: outShape)
        let stridesB = b.alignedShape(rank: shape.rank, batched: batched).broadcastStrides(to: outShape)
        let out = try a.scalars.withUnsafeBufferPointer { pa in
            try b.scalars.withUnsafeBufferPointer { pb in
                try Storage.make(count) { po in
                    try forEachOffset(outShape, stridesA, stridesB) { i, ia, ib in
                        po[i] = combine(pa[ia], pb[ib])
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: out, worlds: worlds)
    }

    /// Calls `body(outputIndex, offsetA, offsetB)` for every element of `shape` in row-major order,
    /// polling for an interrupt every few tens of thousands of elements.
    ///
    /// - Throws: ``CoreError/interrupted`` when asked to stop.
    @inline(__always)
    static func forEachOffset(
        _ shape: Shape, _ stridesA: [Int], _ stridesB: [Int], _ body: (Int, Int, Int) -> Void
    ) throws {
        let count = shape.elementCount
        guard count > 0 else { return }
        guard shape.rank > 0 else {
            body(0, 0, 0)
            return
        }
        let dims = shape.dims
        let last = dims.count - 1
        let inner = dims[last]
        let innerA = stridesA[last]
        let innerB = stridesB[last]
        var counter = [Int](repeating: 0, count: dims.count)
        var offsetA = 0
        var offsetB = 0
        var index = 0
        var nextPoll = Interruption.stride
        while index < count {
            var ia = offsetA
            var ib = offsetB
            for _ in 0..<inner {
                body(index, ia, ib)
                index += 1
                ia += innerA
                ib += innerB
            }
            if index >= nextPoll {
                try Interruption.check()
                nextPoll = index + Interruption.stride
            }
            // Advance the outer counters like an odometer.
            var axis = last - 1
            while axis >= 0 {
                counter[axis] += 1
                offsetA += stridesA[axis]
                offsetB += stridesB[axis]
                if counter[axis] < dims[axis] { break }
                offsetA -= stridesA[axis] * dims[axis]
                offsetB -= stridesB[axis] * dims[axis]
                counter[axis] = 0
                axis -= 1
            }
        }
    }

    /// This tensor materialised at a broadcast per-world shape (and over `worlds` worlds when given).
    public func broadcast(to target: Shape, worlds targetWorlds: Int? = nil) throws -> Tensor {
        let shapeAfter = try Shape.broadcast(shape, target, operation: "broadcast")
        guard shapeAfter == target else {
            throw CoreError("broadcast: cannot broadcast shape \(shape) to \(target)")
        }
        let worldsAfter = targetWorlds ?? worlds
        if shapeAfter == shape && worldsAfter == worlds { return self }
        if worlds != nil && worldsAfter != worlds {
            throw CoreError("broadcast: operands come from different batches of worlds")
        }
        let count = try Limits.elementCount(target, worlds: worldsAfter, "broadcast")
        let batched = worldsAfter != nil
        let outShape = batched ? Shape([worldsAfter!] + target.dims) : target
        let strides = alignedShape(rank: target.rank, batched: batched).broadcastStrides(to: outShape)
        let out = try scalars.withUnsafeBufferPointer { input in
            try Storage.make(count) { output in
                try Tensor.forEachOffset(outShape, strides, strides) { i, offset, _ in
                    output[i] = input[offset]
                }
            }
        }
        return Tensor(shape: target, scalars: out, worlds: worldsAfter)
    }
}
