/// A position in script text: 1-based line and column.
///
/// Columns count Unicode scalars (code points), as Python does, so a location is the same
/// whatever the terminal; ``displayWidth(of:)`` turns columns into screen cells.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a location at the given line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders locations by line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// The location as `line:column`, the form diagnostics print.
    public var description: String { "\(line):\(column)" }
}

/// A span of script text from `start` up to, not including, `end`.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The first character of the span.
    public var start: SourceLocation
    /// The location just past the last character of the span.
    public var end: SourceLocation

    /// Creates a range from `start` up to, not including, `end`.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// Creates an empty range at `location`, for errors that point between characters.
    public init(at location: SourceLocation) {
        self.init(start: location, end: location)
    }

    /// Creates the range that starts where `first` starts and ends where `last` ends.
    public init(from first: SourceRange, to last: SourceRange) {
        self.init(start: first.start, end: last.end)
    }

    /// A range at 1:1 of length zero, used where the position does not matter.
    public static let zero = SourceRange(at: SourceLocation(line: 1, column: 1))

    /// Whether the range covers no characters.
    public var isEmpty: Bool { start >= end }

    /// Whether `location` lies inside the range.
    public func contains(_ location: SourceLocation) -> Bool {
        start <= location && location < end
    }

    /// The range as `start-end`, e.g. `2:5-2:12`.
    public var description: String { "\(start)-\(end)" }

    /// Whether both ends of the range lie within `source`: on one of its lines, at most one
    /// column past that line's last character, the end not before the start.
    ///
    /// Every error the lexer, the parser and the evaluator report satisfies this for the text
    /// they were given; the fuzz target and the fuzz tests check it.
    public func isWithin(_ source: String) -> Bool {
        let lengths: [Int] = SourceText.lines(of: source).map(\.count)
        func fits(_ location: SourceLocation) -> Bool {
            guard location.line >= 1, location.line <= lengths.count else { return false }
            return location.column >= 1 && location.column <= lengths[location.line - 1] + 1
        }
        return start <= end && fits(start) && fits(end)
    }

    /// The text the range covers in `source`, clamped to the text that exists.
    ///
    /// The evaluator uses this to echo a statement's own source, e.g. in `--json` output.
    public func text(in source: String) -> Substring {
        let scalars = source.unicodeScalars
        let lower = SourceText.index(of: start, in: scalars)
        let upper = max(lower, SourceText.index(of: end, in: scalars))
        return Substring(scalars[lower..<upper])
    }
}

/// Line-oriented helpers shared by the lexer's conventions and the renderer.
///
/// A line break is `\n`, `\r\n` or a lone `\r`, exactly as the lexer counts lines.
public enum SourceText {
    /// The lines of `source` without their line breaks; always at least one (possibly empty) line.
    public static func lines(of source: String) -> [Substring.UnicodeScalarView] {
        let scalars = source.unicodeScalars
        var lines: [Substring.UnicodeScalarView] = []
        var lineStart = scalars.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                lines.append(scalars[lineStart..<index])
                index = scalars.index(after: index)
                if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                    index = scalars.index(after: index)
                }
                lineStart = index
            } else {
                index = scalars.index(after: index)
            }
        }
        lines.append(scalars[lineStart..<scalars.endIndex])
        return lines
    }

    /// The index of `location` in `scalars`, clamped to the end of its line and of the text.
    static func index(of location: SourceLocation, in scalars: String.UnicodeScalarView) -> String.Index {
        var line = 1
        var column = 1
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if line > location.line || (line == location.line && column >= location.column) {
                return index
            }
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                if line == location.line {
                    return index
                }
                index = scalars.index(after: index)
                if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                    index = scalars.index(after: index)
                }
                line += 1
                column = 1
            } else {
                index = scalars.index(after: index)
                column += 1
            }
        }
        return index
    }
}
