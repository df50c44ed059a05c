/// A dense, row-major tensor of doubles, rank 0 to 4, with value semantics.
///
/// A tensor may also carry a hidden leading axis of *worlds*: when `expect`, `variance` or `mc`
/// evaluate an expression once over a batch of random outcomes, every value in that evaluation
/// holds one copy per world. The language never sees that axis: `shape`, reductions, `@` and
/// indexing all act on one world, and every operation maps over the worlds (as JAX's `vmap`).
public struct Tensor: Sendable, Equatable {
    /// The shape one world sees.
    public private(set) var shape: Shape
    /// The elements in row-major order, world after world when batched.
    public var scalars: [Double]
    /// The number of worlds this tensor holds, or `nil` for an ordinary tensor.
    public private(set) var worlds: Int?

    /// Creates a tensor from its shape and row-major elements.
    ///
    /// - Precondition: `scalars.count` equals the shape's element count times the worlds.
    public init(shape: Shape, scalars: [Double], worlds: Int? = nil) {
        precondition(
            scalars.count == shape.elementCount * (worlds ?? 1),
            "Tensor: \(scalars.count) scalars for shape \(shape) and \(worlds ?? 1) worlds")
        self.shape = shape
        self.scalars = scalars
        self.worlds = worlds
    }

    /// Creates a rank-0 tensor.
    public init(_ value: Double) {
        self.init(shape: [], scalars: [value])
    }

    /// Creates a rank-1 tensor from its elements.
    public init(_ values: [Double]) {
        self.init(shape: Shape([values.count]), scalars: values)
    }

    /// Creates a rank-2 tensor from its rows, which must all have the same length.
    public init(rows: [[Double]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "Tensor: ragged rows")
        self.init(shape: Shape([rows.count, width]), scalars: rows.flatMap { $0 })
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(repeating value: Double, shape: Shape, worlds: Int? = nil) {
        self.init(
            shape: shape, scalars: [Double](repeating: value, count: shape.elementCount * (worlds ?? 1)),
            worlds: worlds)
    }

    /// The number of axes one world sees.
    public var rank: Int { shape.rank }

    /// The number of elements one world sees.
    public var elementCount: Int { shape.elementCount }

    /// Whether this tensor holds one value per world of a batched evaluation.
    public var isBatched: Bool { worlds != nil }

    /// The shape including the hidden world axis, when there is one.
    public var storageShape: Shape {
        if let worlds { return Shape([worlds] + shape.dims) }
        return shape
    }

    /// The single element of a rank-0 (or one-element) unbatched tensor.
    public var scalar: Double? {
        guard worlds == nil, scalars.count == 1 else { return nil }
        return scalars[0]
    }

    /// Whether every element is 0 or 1, so the tensor reads as a mask.
    public var isMask: Bool { scalars.allSatisfy { $0 == 0 || $0 == 1 } }

    /// Whether every element is a whole number (printing drops the decimal point then).
    public var isIntegral: Bool { scalars.allSatisfy { $0.rounded() == $0 || !$0.isFinite } }

    /// The tensor of world `index` of a batched tensor (or `self` when unbatched).
    public func world(_ index: Int) -> Tensor {
        guard worlds != nil else { return self }
        let size = shape.elementCount
        return Tensor(shape: shape, scalars: Array(scalars[index * size..<(index + 1) * size]))
    }

    /// Stacks per-world tensors of one shape into a batched tensor.
    public static func batched(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty && parts.allSatisfy { $0.shape == parts[0].shape && !$0.isBatched })
        return Tensor(shape: parts[0].shape, scalars: parts.flatMap(\.scalars), worlds: parts.count)
    }

    /// The same data read with another per-world shape of the same element count.
    public func withShape(_ newShape: Shape) -> Tensor {
        Tensor(shape: newShape, scalars: scalars, worlds: worlds)
    }

    /// This tensor repeated over `count` worlds (each world sees the same value).
    ///
    /// - Throws: ``CoreError`` when the repeated tensor would exceed the limits.
    public func broadcast(toWorlds count: Int) throws -> Tensor {
        if worlds == count { return self }
        guard worlds == nil else {
            throw CoreError("batch: cannot spread \(worlds!) worlds over \(count)")
        }
        let total = try Limits.elementCount(shape, worlds: count, "batch")
        var out = [Double]()
        out.reserveCapacity(total)
        for _ in 0..<count { out.append(contentsOf: scalars) }
        return Tensor(shape: shape, scalars: out, worlds: count)
    }

    /// Applies `transform` to every element.
    ///
    /// Large tensors are mapped in runs with a poll for Ctrl-C between them; once asked to stop
    /// the rest is left unmapped, and the caller's next ``Interruption/check()`` (every
    /// operation makes one before its result is used) discards the result.
    @inline(__always)
    public func map(_ transform: (Double) -> Double) -> Tensor {
        let out = scalars.withUnsafeBufferPointer { input in
            Storage.make(input.count) { output in
                try? Tensor.inRuns(input.count) { run in
                    for i in run { output[i] = transform(input[i]) }
                }
            }
        }
        return Tensor(shape: shape, scalars: out, worlds: worlds)
    }

    /// Applies `transform` to every element, giving the result the (same-sized) per-world
    /// `shape`.
    ///
    /// - Throws: ``CoreError/interrupted`` when asked to stop.
    @inline(__always)
    public func mapChecked(shape newShape: Shape? = nil, _ transform: (Double) -> Double) throws -> Tensor {
        let out = try scalars.withUnsafeBufferPointer { input in
            try Storage.make(input.count) { output in
                try Tensor.inRuns(input.count) { run in
                    for i in run { output[i] = transform(input[i]) }
                }
            }
        }
        return Tensor(shape: newShape ?? shape, scalars: out, worlds: worlds)
    }
}
