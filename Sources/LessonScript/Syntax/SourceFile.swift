/// A program text and where it came from, so that a range found in it can be shown later,
/// after other text has run: an error inside a function points into the cell that defined it.
public struct SourceFile: Sendable, Equatable {
    /// The text itself; ranges inside it are 1-based lines and columns of this text.
    public var text: String
    /// The file locations name (a lesson's path), or `nil` for code the learner typed.
    public var name: String?
    /// The line of that file holding the text's first line (1 when the text is all of it).
    public var firstLine: Int

    /// A source text, optionally part of the named file from `firstLine` on.
    public init(_ text: String, name: String? = nil, firstLine: Int = 1) {
        self.text = text
        self.name = name
        self.firstLine = firstLine
    }
}
