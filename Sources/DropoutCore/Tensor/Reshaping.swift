/// Changing a tensor's layout: reshape, transpose, concatenation and stacking.
extension Tensor {
    /// The same elements with a new per-world shape; one extent may be `-1` (inferred).
    ///
    /// - Throws: ``CoreError`` when the element counts differ.
    public func reshaped(to dims: [Int]) throws -> Tensor {
        var resolved = dims
        let unknown = dims.indices.filter { dims[$0] == -1 }
        guard unknown.count <= 1, dims.allSatisfy({ $0 >= -1 }) else {
            throw CoreError("reshape: invalid shape \(Shape(dims))")
        }
        guard dims.count <= 4 else {
            throw CoreError("reshape: tensors have at most 4 axes, got \(Shape(dims))")
        }
        var known = 1
        for extent in dims where extent != -1 {
            let (product, overflow) = known.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw CoreError("reshape: cannot reshape \(elementCount) elements into shape \(Shape(dims))")
            }
            known = product
        }
        if let slot = unknown.first {
            guard known > 0, elementCount % known == 0 else {
                throw CoreError("reshape: cannot reshape \(elementCount) elements into shape \(Shape(dims))")
            }
            resolved[slot] = elementCount / known
        }
        let target = Shape(resolved)
        guard !unknown.isEmpty || known == elementCount else {
            throw CoreError(
                "reshape: cannot reshape \(elementCount) elements of shape \(shape) into shape \(target)")
        }
        return withShape(target)
    }

    /// The axes permuted (reversed when `permutation` is `nil`), as numpy's `transpose`.
    public func transposed(_ permutation: [Int]? = nil) throws -> Tensor {
        let perm =
            try permutation.map { axes in
                try axes.map { try shape.normalizedAxis($0, operation: "transpose") }
            } ?? Array((0..<rank).reversed())
        guard perm.count == rank, Set(perm).count == rank else {
            throw CoreError("transpose: axes \(permutation ?? []) are not a permutation of \(rank) axes")
        }
        let outShape = Shape(perm.map { shape[$0] })
        if rank < 2 { return self }
        let inStrides = shape.strides
        let worldCount = worlds ?? 1
        let size = elementCount
        let readStrides = perm.map { inStrides[$0] }
        let count = try Limits.elementCount(outShape, worlds: worlds, "transpose")
        let zeros = [Int](repeating: 0, count: rank)
        let out = try scalars.withUnsafeBufferPointer { input in
            try Storage.make(count) { output in
                for w in 0..<worldCount {
                    let base = w * size
                    try Tensor.forEachOffset(outShape, readStrides, zeros) { i, offset, _ in
                        output[base + i] = input[base + offset]
                    }
                }
            }
        }
        return Tensor(shape: outShape, scalars: out, worlds: worlds)
    }

    /// Joins tensors along an existing axis.
    ///
    /// - Throws: ``CoreError`` when ranks or the other extents differ.
    public static func concatenate(_ parts: [Tensor], axis: Int) throws -> Tensor {
        try concatenate(parts, axis: axis, operation: "concat")
    }

    /// Joins tensors along an existing axis, naming `operation` in errors.
    static func concatenate(_ parts: [Tensor], axis: Int, operation: String) throws -> Tensor {
        guard let first = parts.first else { throw CoreError("\(operation): needs at least one tensor") }
        guard first.rank > 0 else { throw CoreError("concat: cannot join scalars; use stack") }
        let resolved = try first.shape.normalizedAxis(axis, operation: operation)
        for part in parts
        where part.rank != first.rank
            || !(0..<first.rank).allSatisfy({ $0 == resolved || part.shape[$0] == first.shape[$0] })
        {
            throw CoreError("\(operation): shapes \(first.shape) and \(part.shape) differ off axis \(axis)")
        }
        let worlds = try commonWorlds(parts, operation)
        var dims = first.shape.dims
        dims[resolved] = parts.reduce(0) { $0 + $1.shape[resolved] }
        let outShape = Shape(dims)
        try Limits.elementCount(outShape, worlds: worlds, operation)
        let aligned = try parts.map { try $0.broadcast(to: $0.shape, worlds: worlds) }
        // Each part contributes contiguous runs of (its extent on axis) x (inner size) per outer index.
        let outer = (worlds ?? 1) * first.shape.dims[..<resolved].reduce(1, *)
        let inner = first.shape.dims[(resolved + 1)...].reduce(1, *)
        var out = [Double]()
        out.reserveCapacity(outShape.elementCount * (worlds ?? 1))
        var copied = 0
        for o in 0..<outer {
            for part in aligned {
                let run = part.shape[resolved] * inner
                out.append(contentsOf: part.scalars[(o * run)..<((o + 1) * run)])
                copied += run + 1
                if copied >= Interruption.stride {
                    try Interruption.check()
                    copied = 0
                }
            }
        }
        return Tensor(shape: outShape, scalars: out, worlds: worlds)
    }

    /// Joins tensors of one shape along a new axis.
    public static func stack(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else { throw CoreError("stack: needs at least one tensor") }
        for part in parts where part.shape != first.shape {
            throw CoreError("stack: all tensors need the same shape, got \(first.shape) and \(part.shape)")
        }
        let newRank = first.rank + 1
        let resolved = axis < 0 ? axis + newRank : axis
        guard resolved >= 0, resolved < newRank else {
            throw CoreError("stack: axis \(axis) is out of range for \(newRank) axes")
        }
        guard newRank <= 4 else { throw CoreError("stack: tensors have at most 4 axes") }
        try Limits.elementCount(
            Shape([parts.count] + first.shape.dims), worlds: try commonWorlds(parts, "stack"), "stack")
        let expanded = parts.map { part -> Tensor in
            var dims = part.shape.dims
            dims.insert(1, at: resolved)
            return part.withShape(Shape(dims))
        }
        return try concatenate(expanded, axis: resolved, operation: "stack")
    }
}
