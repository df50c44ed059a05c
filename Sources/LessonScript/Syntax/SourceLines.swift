/// Where each line of a source text starts, so that a range becomes text without rescanning
/// the text from its top (which made running a long program quadratic in its length).
///
/// Locations resolve exactly as ``SourceRange/text(in:)`` resolves them: columns past the end
/// of a line stop at its line break, lines past the end stop at the end of the text.
struct SourceLines {
    /// The text indexed.
    let text: String
    /// The text's Unicode scalars.
    let scalars: String.UnicodeScalarView
    /// The index where each line starts, line 1 first.
    let starts: [String.Index]

    /// Indexes `source` once.
    init(_ source: String) {
        text = source
        scalars = source.unicodeScalars
        var starts = [scalars.startIndex]
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                index = scalars.index(after: index)
                starts.append(index)
            } else if scalar == "\n" || scalar == "\r" {
                starts.append(index)
            }
        }
        self.starts = starts
    }

    /// The index of `location`, clamped to the end of its line and of the text.
    func index(of location: SourceLocation) -> String.Index {
        guard location.line >= 1 else { return scalars.startIndex }
        guard location.line <= starts.count else { return scalars.endIndex }
        var index = starts[location.line - 1]
        var column = 1
        while column < location.column, index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" { break }
            index = scalars.index(after: index)
            column += 1
        }
        return index
    }

    /// The text `range` covers.
    func text(_ range: SourceRange) -> Substring {
        let lower = index(of: range.start)
        let upper = Swift.max(lower, index(of: range.end))
        return Substring(scalars[lower..<upper])
    }
}
