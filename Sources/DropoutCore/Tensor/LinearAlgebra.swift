/// Matrix products with numpy's `matmul` rules, mapped over worlds.
extension Tensor {
    /// The matrix product `a @ b` with numpy's rules.
    ///
    /// Vectors are promoted (a leading 1 for `a`, a trailing 1 for `b`) and the promoted axis is
    /// removed from the result; leading batch axes broadcast; the world axis acts as one more
    /// batch axis.
    ///
    /// - Throws: ``CoreError`` `@: shapes [2, 2] and [3] do not align` and the like.
    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank >= 1, b.rank >= 1 else {
            throw CoreError("@: operands must have at least one axis, got shapes \(a.shape) and \(b.shape)")
        }
        let aMatrix = a.rank == 1 ? Shape([1] + a.shape.dims) : a.shape
        let bMatrix = b.rank == 1 ? Shape(b.shape.dims + [1]) : b.shape
        let n = aMatrix[aMatrix.rank - 2]
        let k = aMatrix[aMatrix.rank - 1]
        let m = bMatrix[bMatrix.rank - 1]
        guard bMatrix[bMatrix.rank - 2] == k else {
            throw CoreError("@: shapes \(a.shape) and \(b.shape) do not align")
        }
        let batchA = Shape(Array(aMatrix.dims.dropLast(2)))
        let batchB = Shape(Array(bMatrix.dims.dropLast(2)))
        let batch: Shape
        do {
            batch = try Shape.broadcast(batchA, batchB, operation: "@")
        } catch {
            throw CoreError("@: batch shapes of \(a.shape) and \(b.shape) do not broadcast")
        }
        var resultDims = batch.dims
        if a.rank > 1 { resultDims.append(n) }
        if b.rank > 1 { resultDims.append(m) }
        let resultShape = Shape(resultDims)
        let worlds = try commonWorlds([a, b], "@")
        let batched = worlds != nil
        let fullBatch = batched ? Shape([worlds!] + batch.dims) : batch
        let total = try Limits.elementCount(resultShape, worlds: worlds, "@")
        // A product this large would run for minutes; it is refused before it starts.
        let work = Double(total) * Double(k)
        guard work <= Limits.maxMultiplyAdds else {
            throw CoreError(
                "@: shapes \(a.shape) and \(b.shape) need \(Explanation.number(work)) multiply-adds, over the limit of \(Explanation.number(Limits.maxMultiplyAdds))"
            )
        }
        WorkMeter.current?.record(work: Double(resultShape.elementCount) * Double(k))
        var out = [Double](repeating: 0, count: total)

        // When b is the same matrix in every batch and world, all of a's rows form one big matrix.
        let bIsShared = b.worlds == nil && batchB.elementCount == 1
        let aBatchShape =
            batched
            ? Shape([a.worlds ?? 1] + batchA.padded(toRank: batch.rank).dims)
            : batchA.padded(toRank: batch.rank)
        let aIsContiguous = aBatchShape == fullBatch
        guard total > 0, k > 0 else { return Tensor(shape: resultShape, scalars: out, worlds: worlds) }
        try a.scalars.withUnsafeBufferPointer { pa in
            try b.scalars.withUnsafeBufferPointer { pb in
                try out.withUnsafeMutableBufferPointer { po in
                    if bIsShared && aIsContiguous {
                        try multiply(
                            pa.baseAddress!, pb.baseAddress!, po.baseAddress!, n * fullBatch.elementCount, k,
                            m)
                        return
                    }
                    let bBatchShape =
                        batched
                        ? Shape([b.worlds ?? 1] + batchB.padded(toRank: batch.rank).dims)
                        : batchB.padded(toRank: batch.rank)
                    let stridesA = aBatchShape.broadcastStrides(to: fullBatch)
                    let stridesB = bBatchShape.broadcastStrides(to: fullBatch)
                    // Each product of the batch polls for Ctrl-C itself; tiny ones are polled in groups.
                    var interrupted = false
                    try forEachOffset(fullBatch, stridesA, stridesB) { index, ia, ib in
                        guard !interrupted else { return }
                        do {
                            try multiply(
                                pa.baseAddress! + ia * n * k, pb.baseAddress! + ib * k * m,
                                po.baseAddress! + index * n * m, n, k, m)
                        } catch {
                            interrupted = true
                        }
                    }
                    if interrupted { throw CoreError.interrupted }
                }
            }
        }
        return Tensor(shape: resultShape, scalars: out, worlds: worlds)
    }

    /// `c[n, m] += a[n, k] @ b[k, m]` on raw row-major buffers.
    ///
    /// Columns go four at a time into SIMD accumulators that stay in registers while `p` runs
    /// over `k`; each element still sums its products in order `p = 0, 1, ...`, so results are
    /// the same as the plain triple loop's. Ctrl-C is polled every few hundred thousand
    /// multiply-adds, between rows.
    ///
    /// - Throws: ``CoreError/interrupted`` when asked to stop.
    @inline(__always)
    static func multiply(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        _ n: Int, _ k: Int, _ m: Int
    ) throws {
        let blocks = m / 4
        let rowWork = Swift.max(1, k * m)
        var sincePoll = 0
        for i in 0..<n {
            sincePoll += rowWork
            if sincePoll >= Interruption.stride * 4 {
                try Interruption.check()
                sincePoll = 0
            }
            let row = c + i * m
            let aRow = a + i * k
            for block in 0..<blocks {
                let j = block * 4
                var accumulator = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD4<Double>.self)
                for p in 0..<k {
                    let bValues = UnsafeRawPointer(b + p * m + j).loadUnaligned(as: SIMD4<Double>.self)
                    accumulator += SIMD4(repeating: aRow[p]) * bValues
                }
                UnsafeMutableRawPointer(row + j).storeBytes(of: accumulator, as: SIMD4<Double>.self)
            }
            for j in (blocks * 4)..<m {
                var sum = row[j]
                for p in 0..<k { sum += aRow[p] * b[p * m + j] }
                row[j] = sum
            }
        }
    }
}
