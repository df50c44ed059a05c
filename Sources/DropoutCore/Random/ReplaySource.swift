/// Answers requests with draws recorded earlier, in order.
///
/// Gradient checks evaluate an expression once, record its draws, and replay them for every
/// perturbed evaluation, so every evaluation sees the same masks.
public struct ReplaySource: RandomSource {
    /// The recorded draws, in the order they will be handed out.
    public let recorded: [Draw]
    /// The next draw to hand out.
    public private(set) var position = 0

    /// A replayer of the given draws.
    public init(_ recorded: [Draw]) {
        self.recorded = recorded
    }

    public var worlds: Int? { nil }

    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        guard position < recorded.count else {
            throw CoreError("replay: the computation drew more than the \(recorded.count) recorded draws")
        }
        let next = recorded[position]
        guard next.request == request else {
            throw CoreError(
                "replay: the computation asked for \(request) but the recording has \(next.request)")
        }
        position += 1
        return next
    }
}

/// Passes requests to another source and remembers every draw, for replay.
public struct RecordingSource: RandomSource {
    /// The source that actually draws.
    public var base: any RandomSource
    /// Every draw made so far.
    public private(set) var recorded: [Draw] = []

    /// A recorder around `base`.
    public init(_ base: any RandomSource) {
        self.base = base
    }

    public var worlds: Int? { base.worlds }

    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        let result = try base.draw(request)
        recorded.append(result)
        return result
    }
}

/// Answers Bernoulli requests with masks the user gave, in order.
///
/// `dropout(x, mask=m)` takes its mask directly; this source serves computations that draw
/// several masks, e.g. to replay the masks read off a published example.
public struct GivenMasksSource: RandomSource {
    /// The masks, in the order requests will receive them.
    public let masks: [Tensor]
    /// The next mask to hand out.
    public private(set) var position = 0

    /// A source handing out `masks` in order.
    public init(_ masks: [Tensor]) {
        self.masks = masks
    }

    public var worlds: Int? { nil }

    public mutating func draw(_ request: DrawRequest) throws -> Draw {
        guard case .bernoulli(_, let shape) = request else {
            throw CoreError(
                "given masks: only mask draws can be given, but the computation asked for \(request)")
        }
        guard position < masks.count else {
            throw CoreError("given masks: the computation drew more than the \(masks.count) masks given")
        }
        let mask = masks[position]
        guard mask.isMask else {
            throw CoreError("given masks: mask \(position + 1) has values other than 0 and 1")
        }
        let fitted = try mask.broadcast(to: shape)
        position += 1
        return Draw(request: request, values: fitted)
    }
}
