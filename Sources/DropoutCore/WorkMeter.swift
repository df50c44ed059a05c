/// Measures one evaluation of a batched computation, so that `expect`, `variance`, `mc`,
/// `outcomes` and `samples` can refuse a request over ``Limits/maxWork`` before starting and
/// pick a chunk of worlds whose tensors fit ``Limits/maxBatchElements``.
///
/// Every size check (``Limits/elementCount(_:worlds:_:)``) reports to the meter in effect, so
/// the count covers the steps inside composite operations too.
public final class WorkMeter: @unchecked Sendable {
    /// The meter in effect for the current evaluation, if any; task-local, so concurrent
    /// evaluations never mix their counts.
    @TaskLocal public static var current: WorkMeter?

    /// Elements produced per world, summed over operations (multiply-adds for products).
    public private(set) var workPerWorld = 0.0
    /// The largest tensor one world needed, in elements.
    public private(set) var largestPerWorld = 0

    /// A meter with nothing counted.
    public init() {}

    /// Counts one operation producing `elements` elements per world.
    public func record(elements: Int) {
        workPerWorld += Double(elements)
        largestPerWorld = Swift.max(largestPerWorld, elements)
    }

    /// Counts extra work per world that produced no tensor of its own (a product's multiply-adds).
    public func record(work: Double) {
        workPerWorld += work
    }

    /// Runs `body` with this meter counting.
    public func measuring<T>(_ body: () throws -> T) rethrows -> T {
        try WorkMeter.$current.withValue(self) { try body() }
    }
}
