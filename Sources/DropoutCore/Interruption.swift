/// How long computations notice Ctrl-C: a poll the caller installs for the duration of a
/// computation, read by the core's long loops every few tens of thousands of elements.
///
/// The poll is task-local rather than global so that concurrent evaluations (tests run in
/// parallel) each answer only their own interrupt.
public enum Interruption {
    /// The poll in effect; `nil` outside an interruptible computation.
    @TaskLocal public static var poll: (@Sendable () -> Bool)?

    /// How many elements (or multiply-adds) a loop handles between two polls: a few
    /// hundred microseconds of work, so an interrupt is answered well within 200 ms.
    public static let stride = 1 << 16

    /// Whether the current computation was asked to stop.
    @inline(__always)
    public static var isRequested: Bool { poll?() ?? false }

    /// Throws ``CoreError/interrupted`` when the current computation was asked to stop.
    @inline(__always)
    public static func check() throws {
        if isRequested { throw CoreError.interrupted }
    }

    /// Runs `body` with `poll` as the interrupt poll.
    public static func polling<T>(_ poll: @escaping @Sendable () -> Bool, _ body: () throws -> T) rethrows
        -> T
    {
        try $poll.withValue(poll) { try body() }
    }
}
