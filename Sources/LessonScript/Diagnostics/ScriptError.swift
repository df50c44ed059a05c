/// A problem in a script, at a place in its text: a syntax error or a run-time error.
///
/// Errors are data; ``DiagnosticRenderer`` draws them for the terminal, and the same values
/// feed `--json` output and tests.
public struct ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A short lowercase sentence naming what was expected or found, e.g. `expected ')' after arguments`.
    public var message: String
    /// The text the error points at; an empty range points between two characters.
    public var range: SourceRange
    /// Extra lines of help shown after the source excerpt.
    public var notes: [String]

    /// Creates an error with `message` at `range`.
    public init(_ message: String, at range: SourceRange, notes: [String] = []) {
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// The error as `line:column: message`.
    public var description: String { "\(range.start): \(message)" }
}
