/// Monte Carlo runs drawn in numpy's loop order (`samples` and `mc`).
///
/// `for i in range(n): expr` in numpy draws run 0's values site after site, then run 1's, and
/// so on. The runs here are still evaluated a chunk of worlds at a time, but a dry run first
/// lists the draws one run makes, and a ``WorldOrderSource`` then hands each chunk the values
/// numpy's loop would have drawn for it.
extension Expectation {
    /// The default number of runs `samples` evaluates together.
    public static let sampleChunkSize = 8192

    /// The requests one run of `computation` makes, found by running it once on a copy of
    /// `source`: nothing is drawn from `source` itself.
    public static func drawPlan(_ computation: Computation, source: NumpySource) throws -> [DrawRequest] {
        var copy = source
        // One world, so the dry run takes the batched path the real runs take.
        copy.worlds = 1
        var recorder: any RandomSource = RecordingSource(copy)
        _ = try computation(&recorder)
        guard let recorded = recorder as? RecordingSource else {
            throw CoreError("the expression replaced its random source; it cannot be sampled")
        }
        return recorded.recorded.map(\.request)
    }

    /// The values of `worlds` consecutive runs of `computation`, batched, drawn from `source`
    /// as numpy's loop would draw them.
    ///
    /// - Parameter plan: The requests one run makes, from ``drawPlan(_:source:)``.
    /// - Throws: ``CoreError`` when a run draws differently from the plan.
    public static func evaluateInWorldOrder(
        worlds: Int, plan: [DrawRequest], source: inout NumpySource, _ computation: Computation
    ) throws -> Tensor {
        var generator = source.generator
        var random: any RandomSource = try WorldOrderSource(plan: plan, worlds: worlds, generator: &generator)
        let values = try computation(&random)
        guard let used = random as? WorldOrderSource, used.isExhausted else {
            throw CoreError(
                "the expression made fewer draws than its first run; every run must make the same draws")
        }
        source.generator = generator
        return values.isBatched ? values : try values.broadcast(toWorlds: worlds)
    }

    /// `count` runs of `computation` stacked along a new first axis, drawn as
    /// `np.stack([expr for i in range(count)])` draws them, `chunkSize` runs evaluated at once.
    ///
    /// - Throws: ``CoreError`` when the stacked result would exceed ``Limits/maxElements``.
    public static func samples(
        count: Int, chunkSize: Int = sampleChunkSize, source: inout NumpySource, _ computation: Computation
    ) throws -> Tensor {
        guard count >= 1 else { throw CoreError("samples: n must be at least 1, got \(count)") }
        let plan = try drawPlan(computation, source: source)
        var scalars = [Double]()
        var shape = Shape([])
        var done = 0
        while done < count {
            let worlds = Swift.min(Swift.max(1, chunkSize), count - done)
            let batch = try evaluateInWorldOrder(worlds: worlds, plan: plan, source: &source, computation)
            if done == 0 {
                shape = batch.shape
                let (total, overflow) = shape.elementCount.multipliedReportingOverflow(by: count)
                try Limits.checkSize(overflow ? -1 : total, "samples")
                scalars.reserveCapacity(total)
            }
            scalars += batch.scalars
            done += worlds
        }
        return Tensor(shape: Shape([count] + shape.dims), scalars: scalars)
    }
}
