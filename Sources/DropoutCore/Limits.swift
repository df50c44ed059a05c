/// The limits that keep a computation small enough to stay interactive and within memory.
///
/// Every operation computes the size of its result (times the worlds of a batch) with these
/// checks before it allocates anything, so a request over a limit is an error, never a failed
/// allocation. `docs/limits.md` lists them for learners.
public enum Limits {
    /// The largest tensor, in elements, any operation may create (64 Mi doubles, 512 MiB).
    public static let maxElements = 1 << 26
    /// The most multiply-adds one matrix product may take (about ten seconds here), so no single
    /// operation outlives Ctrl-C for long.
    public static let maxMultiplyAdds = 8e9
    /// The most Bernoulli draws `expect` and `variance` will enumerate (2^24 outcomes).
    public static let maxEnumeratedDraws = 24
    /// The elements one tensor of a batch of worlds is shrunk to when the usual chunk of worlds
    /// would exceed ``maxElements``.
    ///
    /// `expect`, `variance`, `mc`, `outcomes` and `samples` evaluate a few thousand worlds at
    /// once (all of them for `samples`); when one world's tensors are so large that the chunk
    /// would pass ``maxElements``, the chunk shrinks until every tensor holds at most this many
    /// elements (64 MiB). The chunk is internal and never appears in a message. Chunks that fit
    /// are left as they are, so results never change for computations that fit.
    public static let maxBatchElements = 1 << 23
    /// The most work one `expect`, `variance`, `outcomes`, `mc` or `samples` may do: worlds times
    /// the elements each world's evaluation produces, summed over its operations (10 to 40
    /// seconds here, depending on the operations). Larger requests are refused before they start.
    public static let maxWork = 1e10
    /// The memory the values kept for `backward` and `explain` may hold (1 GiB); beyond it the
    /// history of the largest variables is released, with a note.
    public static let maxRecordedBytes = 1 << 30

    /// Throws when a tensor of `count` elements would exceed ``maxElements``.
    public static func checkSize(_ count: Int, _ operation: String) throws {
        if count > maxElements || count < 0 {
            throw CoreError(
                "\(operation): a tensor of \(count) elements exceeds the limit of \(maxElements) elements"
            )
        }
    }

    /// The number of elements a result of per-world `shape` over `worlds` worlds holds, checked
    /// against the limits before anything is allocated.
    ///
    /// - Throws: ``CoreError`` when one world's tensor exceeds ``maxElements``;
    ///   ``BatchTooLarge`` when only the worlds together exceed it (the batching engines catch
    ///   it and retry with fewer worlds).
    @discardableResult
    public static func elementCount(_ shape: Shape, worlds: Int?, _ operation: String) throws -> Int {
        var perWorld = 1
        for extent in shape.dims {
            let (product, overflow) = perWorld.multipliedReportingOverflow(by: extent)
            guard !overflow, extent >= 0 else {
                throw CoreError(
                    "\(operation): a tensor of shape \(shape) exceeds the limit of \(maxElements) elements")
            }
            perWorld = product
        }
        guard perWorld <= maxElements else {
            throw CoreError(
                "\(operation): a tensor of shape \(shape) (\(perWorld) elements) exceeds the limit of \(maxElements) elements"
            )
        }
        WorkMeter.current?.record(elements: perWorld)
        guard let worlds else { return perWorld }
        let (total, overflow) = perWorld.multipliedReportingOverflow(by: worlds)
        if worlds > 1 && (overflow || total > maxElements) {
            throw BatchTooLarge(elementsPerWorld: perWorld)
        }
        return total
    }

    /// A large count written short for messages: `8053868986368` as `8.1e12`; small counts as they are.
    public static func approximate(_ x: Double) -> String {
        guard x.isFinite, Swift.abs(x) >= 1e7 else { return Explanation.number(x) }
        var exponent = 0
        var mantissa = Swift.abs(x)
        while mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        mantissa = (mantissa * 10).rounded() / 10
        if mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let digits = mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(mantissa)
        return (x < 0 ? "-" : "") + digits + "e" + String(exponent)
    }

    /// The number of worlds a batch may hold when one world's largest tensor has `elementsPerWorld`
    /// elements: `preferred` when they fit in ``maxElements``, else as many as fit in
    /// ``maxBatchElements`` (at least one).
    public static func worlds(fitting elementsPerWorld: Int, preferred: Int) -> Int {
        let perWorld = Swift.max(1, elementsPerWorld)
        if preferred <= maxElements / perWorld { return Swift.max(1, preferred) }
        return Swift.max(1, Swift.min(preferred, maxBatchElements / perWorld))
    }
}

/// Thrown when a batch of worlds would make a tensor larger than ``Limits/maxElements``
/// although one world's tensor fits: the batching engines catch it and retry with fewer worlds.
public struct BatchTooLarge: Error, Sendable, Equatable {
    /// The elements one world's tensor needs.
    public var elementsPerWorld: Int

    /// Creates the signal for a tensor of `elementsPerWorld` elements per world.
    public init(elementsPerWorld: Int) {
        self.elementsPerWorld = elementsPerWorld
    }
}
