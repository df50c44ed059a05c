/// Elementwise combination of tensors under numpy broadcasting, world axis included.
///
/// A batched operand's hidden world axis stays outermost: per-world shapes are aligned on the
/// right as numpy does, and the world axis is put in front of the result.
extension Tensor {
    /// The number of worlds two operands share, or `nil` when neither is batched.
    static func commonWorlds(_ tensors: [Tensor]) -> Int? {
        var result: Int?
        for tensor in tensors {
            guard let worlds = tensor.worlds else { continue }
            precondition(result == nil || result == worlds, "Tensor: operands from different world batches")
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

    /// Combines two tensors elementwise with numpy broadcasting.
    ///
    /// - Parameter operation: the operator's name for error messages, e.g. `+`.
    /// - Throws: ``CoreError`` naming both shapes when they do not broadcast.
    @inline(__always)
    public static func broadcasting(
        _ a: Tensor, _ b: Tensor, operation: String, _ combine: (Double, Double) -> Double
    ) throws -> Tensor {
        if a.shape == b.shape && a.worlds == b.worlds {
            var out = [Double](repeating: 0, count: a.scalars.count)
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    for i in 0..<out.count { out[i] = combine(pa[i], pb[i]) }
                }
            }
            return Tensor(shape: a.shape, scalars: out, worlds: a.worlds)
        }
        let shape = try Shape.broadcast(a.shape, b.shape, operation: operation)
        if b.worlds == nil && b.scalars.count == 1 && b.rank <= a.rank {
            let value = b.scalars[0]
            return Tensor(shape: shape, scalars: a.scalars.map { combine($0, value) }, worlds: a.worlds)
        }
        if a.worlds == nil && a.scalars.count == 1 && a.rank <= b.rank {
            let value = a.scalars[0]
            return Tensor(shape: shape, scalars: b.scalars.map { combine(value, $0) }, worlds: b.worlds)
        }
        let worlds = commonWorlds([a, b])
        // One operand batched, the other one world of the same shape (x * mask in expect/mc):
        // the unbatched one is read again for every world.
        if let worlds, a.shape == b.shape, (a.worlds == nil) != (b.worlds == nil) {
            let size = a.elementCount
            let out = a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    Storage.make(size * worlds) { po in
                        for w in 0..<worlds {
                            let base = w * size
                            let ia = a.worlds == nil ? 0 : base
                            let ib = b.worlds == nil ? 0 : base
                            for e in 0..<size { po[base + e] = combine(pa[ia + e], pb[ib + e]) }
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
        var out = [Double](repeating: 0, count: outShape.elementCount)
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    forEachOffset(outShape, stridesA, stridesB) { i, ia, ib in
                        po[i] = combine(pa[ia], pb[ib])
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: out, worlds: worlds)
    }

    /// Calls `body(outputIndex, offsetA, offsetB)` for every element of `shape` in row-major order.
    @inline(__always)
    static func forEachOffset(
        _ shape: Shape, _ stridesA: [Int], _ stridesB: [Int], _ body: (Int, Int, Int) -> Void
    ) {
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
        while index < count {
            var ia = offsetA
            var ib = offsetB
            for _ in 0..<inner {
                body(index, ia, ib)
                index += 1
                ia += innerA
                ib += innerB
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
        let zero = Tensor(repeating: 0, shape: target, worlds: worldsAfter)
        return try Tensor.broadcasting(self, zero, operation: "broadcast") { x, _ in x }
    }
}
