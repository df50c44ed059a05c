/// A problem in a lesson file, located at a 1-based line and column.
public struct LessonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in a short lowercase phrase such as `unclosed ```dropstep block opened here`.
    public var message: String
    /// The lesson file's path as given to the parser.
    public var path: String
    /// The 1-based line the problem is reported at.
    public var line: Int
    /// The 1-based column (in characters) the problem is reported at.
    public var column: Int

    /// Creates an error.
    public init(message: String, path: String, line: Int, column: Int) {
        self.message = message
        self.path = path
        self.line = line
        self.column = column
    }

    /// The compiler-style rendering `path:line:column: message`, which editors can jump to.
    public var description: String { "\(path):\(line):\(column): \(message)" }
}
