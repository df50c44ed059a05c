/// A problem the core found in what it was asked to do, phrased in the user's terms.
///
/// The core never knows where in a script a request came from; the language layer attaches
/// the line and column when it renders the error.
public struct CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One sentence naming what was expected or found, e.g. `@: shapes [2, 2] and [3] do not align`.
    public var message: String

    /// Creates an error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The limits that keep a computation small enough to stay interactive.
public enum Limits {
    /// The largest tensor, in elements, any operation may create (64 Mi doubles, 512 MiB).
    public static let maxElements = 1 << 26
    /// The most multiply-adds one matrix product may take (about ten seconds here), so no single
    /// operation outlives Ctrl-C for long.
    public static let maxMultiplyAdds = 8e9
    /// The most Bernoulli draws `expect` and `variance` will enumerate (2^24 outcomes).
    public static let maxEnumeratedDraws = 24

    /// Throws when a tensor of `count` elements would exceed ``maxElements``.
    public static func checkSize(_ count: Int, _ operation: String) throws {
        if count > maxElements || count < 0 {
            throw CoreError(
                "\(operation): a tensor of \(count) elements exceeds the limit of \(maxElements) elements"
            )
        }
    }
}
