import Notebook
import Rendering

/// What a Tab press does to the line being edited, decided from pure text so it can be tested.
enum CompletionEdit: Equatable {
    /// Insert this text at the cursor: what the candidates' common prefix adds to the word.
    case insert(String)
    /// Delete `count` characters before the cursor and insert `text` (a candidate that does not
    /// extend the typed word, e.g. one that differs in case).
    case replace(count: Int, with: String)
    /// Show these candidates below the line; they share nothing beyond the typed word.
    case list([String])
    /// Nothing matches: ring the bell.
    case beep
    /// The word is already the only candidate.
    case none

    /// Decides the edit for `text` (the line left of the cursor) and the completer's candidates.
    init(text: String, candidates: [String]) {
        var seen = Set<String>()
        let unique = candidates.filter { seen.insert($0).inserted }
        let word = Self.word(endingAt: text)
        guard let first = unique.first else {
            self = .beep
            return
        }
        let common = unique.dropFirst().reduce(first) { Self.commonPrefix($0, $1) }
        if common.hasPrefix(word) {
            if common.count > word.count {
                self = .insert(String(common.dropFirst(word.count)))
            } else {
                self = unique.count == 1 ? .none : .list(unique)
            }
        } else if unique.count == 1 || common.count >= word.count {
            self = .replace(count: word.count, with: common)
        } else {
            self = .list(unique)
        }
    }

    /// The word being completed: the longest run of `[A-Za-z0-9_.:/-]` at the end of `text`.
    ///
    /// The set covers commands (`:lo`), lesson ids (`:load 0`), paths (`lessons/0`) and names.
    static func word(endingAt text: String) -> Substring {
        var start = text.endIndex
        while start > text.startIndex {
            let previous = text.index(before: start)
            guard isWordCharacter(text[previous]) else { break }
            start = previous
        }
        return text[start...]
    }

    /// Lays `candidates` out in columns, filled top to bottom, for a terminal `width` cells wide.
    static func columns(_ candidates: [String], width: Int) -> String {
        guard !candidates.isEmpty else { return "" }
        let widths = candidates.map(displayWidth)
        let cell = widths.max()! + 2
        let perRow = max(1, (width + 2) / cell)
        let rows = (candidates.count + perRow - 1) / perRow
        var lines = [String]()
        for row in 0..<rows {
            var line = ""
            for index in stride(from: row, to: candidates.count, by: rows) {
                if !line.isEmpty {
                    line += String(repeating: " ", count: cell - widths[index - rows])
                }
                line += candidates[index]
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The cells `text` takes on a terminal (the notebook's rule: wide characters take two).
    static func displayWidth(_ text: String) -> Int {
        Rendering.displayWidth(of: text)
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "_.:/-".utf8.contains(ascii)
        }
    }

    private static func commonPrefix(_ first: String, _ second: String) -> String {
        var end = first.startIndex
        var other = second.startIndex
        while end < first.endIndex, other < second.endIndex, first[end] == second[other] {
            end = first.index(after: end)
            other = second.index(after: other)
        }
        return String(first[..<end])
    }
}
