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
    /// The text `range` points into, when it is not the text that was running: an error inside
    /// a function defined by an earlier cell carries that cell's text. `nil` means the running text.
    public var source: SourceFile?

    /// Creates an error with `message` at `range`.
    public init(_ message: String, at range: SourceRange, notes: [String] = [], source: SourceFile? = nil) {
        self.message = message
        self.range = range
        self.notes = notes
        self.source = source
    }

    /// The error as `line:column: message`.
    public var description: String { "\(range.start): \(message)" }
}
