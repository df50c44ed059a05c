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

    /// The error every interrupted computation ends with; the layers above recognise its message.
    public static let interrupted = CoreError("interrupted")
}
