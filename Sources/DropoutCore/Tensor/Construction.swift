/// The constructors of the language: `zeros`, `ones`, `full`, `arange`, `linspace`, `eye`.
extension Tensor {
    /// A tensor of zeros.
    public static func zeros(_ shape: Shape) throws -> Tensor { try full(0, shape) }

    /// A tensor of ones.
    public static func ones(_ shape: Shape) throws -> Tensor { try full(1, shape) }

    /// A tensor with every element equal to `value`.
    ///
    /// - Throws: ``CoreError`` for a negative extent, more than 4 axes, or a tensor over the size limit.
    public static func full(_ value: Double, _ shape: Shape) throws -> Tensor {
        try validate(shape, "full")
        return Tensor(repeating: value, shape: shape)
    }

    /// Checks that a requested shape is one a tensor may have.
    public static func validate(_ shape: Shape, _ operation: String) throws {
        guard shape.rank <= 4 else {
            throw CoreError("\(operation): tensors have at most 4 axes, got shape \(shape)")
        }
        guard shape.dims.allSatisfy({ $0 >= 0 }) else {
            throw CoreError("\(operation): negative dimension in shape \(shape)")
        }
        var total = 1
        for extent in shape.dims {
            let (product, overflow) = total.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw CoreError("\(operation): shape \(shape) is too large")
            }
            total = product
        }
        try Limits.checkSize(total, operation)
    }

    /// Evenly spaced values in `[start, stop)` with `step`, as numpy's `arange`.
    ///
    /// - Throws: ``CoreError`` naming the argument that is not finite, a zero step, or a range
    ///   of more than ``Limits/maxElements`` numbers (counted before anything is converted).
    public static func arange(
        _ start: Double, _ stop: Double, step: Double = 1, operation: String = "arange"
    ) throws -> Tensor {
        for (name, value) in [("start", start), ("stop", stop), ("step", step)] where !value.isFinite {
            throw CoreError("\(operation): \(name) must be a finite number, got \(Explanation.number(value))")
        }
        guard step != 0 else { throw CoreError("\(operation): step must not be zero") }
        // (stop - start) / step may overflow to infinity; it is compared as a double first.
        let span = ((stop - start) / step).rounded(.up)
        guard span <= Double(Limits.maxElements) else {
            throw CoreError(
                "\(operation): a range of \(Limits.approximate(span)) numbers exceeds the limit of \(Limits.maxElements) elements"
            )
        }
        let count = span > 0 ? Int(span) : 0
        return Tensor((0..<count).map { start + Double($0) * step })
    }

    /// `count` evenly spaced values from `start` to `stop` inclusive, as numpy's `linspace`.
    public static func linspace(_ start: Double, _ stop: Double, count: Int) throws -> Tensor {
        guard count >= 0 else {
            throw CoreError("linspace: number of samples must be non-negative, got \(count)")
        }
        try Limits.checkSize(count, "linspace")
        if count == 1 { return Tensor([start]) }
        let step = (stop - start) / Double(count - 1)
        return Tensor((0..<count).map { $0 == count - 1 ? stop : start + Double($0) * step })
    }

    /// The `n` by `n` identity matrix.
    public static func eye(_ n: Int) throws -> Tensor {
        try validate(Shape([n, n]), "eye")
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n { out[i * n + i] = 1 }
        return Tensor(shape: [n, n], scalars: out)
    }
}
