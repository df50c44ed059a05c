import LessonScript

/// One physical line of a text, split so that concatenating `content + terminator` over all
/// lines restores the text byte for byte (the output updater relies on this).
public struct SourceLine {
    /// The line without its terminator (and without the `\r` of a `\r\n`).
    public var content: String
    /// `"\n"`, `"\r\n"`, or `""` for a last line without a newline.
    public var terminator: String
}

/// Splits `text` at `\n` and `\r\n`; a final newline does not start an extra empty line.
public func sourceLines(of text: String) -> [SourceLine] {
    var lines: [SourceLine] = []
    let utf8 = text.utf8
    var start = utf8.startIndex
    var index = utf8.startIndex
    while index < utf8.endIndex {
        if utf8[index] == UInt8(ascii: "\n") {
            var contentEnd = index
            if contentEnd > start, utf8[utf8.index(before: contentEnd)] == UInt8(ascii: "\r") {
                contentEnd = utf8.index(before: contentEnd)
            }
            let next = utf8.index(after: index)
            lines.append(
                SourceLine(
                    content: String(Substring(utf8[start..<contentEnd])),
                    terminator: String(Substring(utf8[contentEnd..<next]))))
            start = next
        }
        index = utf8.index(after: index)
    }
    if start < utf8.endIndex {
        lines.append(SourceLine(content: String(Substring(utf8[start...])), terminator: ""))
    }
    return lines
}

/// A CommonMark fence line (```` ``` ```` or `~~~`, three or more), with its info string.
public struct Fence {
    /// Spaces before the fence (0 to 3); the same number is removed from content lines.
    public var indent: Int
    /// `` ` `` or `~`.
    public var marker: Character
    /// How many markers open the block; the closing fence needs at least as many.
    public var length: Int
    /// Everything after the markers, trimmed.
    public var info: String
    /// The 1-based column where the info string starts.
    public var infoColumn: Int

    /// The first word of the info string, which names the block's kind (`dropstep`, `python`, ...).
    public var kind: String {
        String(info.prefix { $0 != " " && $0 != "\t" })
    }

    /// The fence's characters as written, e.g. ```` ``` ```` or `~~~~`.
    public var markers: String { String(repeating: marker, count: length) }

    /// Reads an opening fence, or returns nil when `line` is not one.
    public init?(opening line: String) {
        // Most lines are not fences; the first non-space byte says so without building arrays.
        guard let lead = line.utf8.first(where: { $0 != UInt8(ascii: " ") }),
            lead == UInt8(ascii: "`") || lead == UInt8(ascii: "~")
        else { return nil }
        let chars = Array(line)
        var start = 0
        while start < chars.count, chars[start] == " " { start += 1 }
        guard start <= 3, start < chars.count, chars[start] == "`" || chars[start] == "~" else { return nil }
        var end = start
        while end < chars.count, chars[end] == chars[start] { end += 1 }
        guard end - start >= 3 else { return nil }
        var infoStart = end
        while infoStart < chars.count, isBlankCharacter(chars[infoStart]) { infoStart += 1 }
        let info = trimmedTrailing(String(chars[infoStart...]))
        // CommonMark: a backtick fence's info string may not contain backticks (it is inline code).
        if chars[start] == "`", info.contains("`") { return nil }
        indent = start
        marker = chars[start]
        length = end - start
        self.info = info
        infoColumn = infoStart + 1
    }

    /// Whether `line` closes a block opened by this fence.
    public func isClosed(by line: String) -> Bool {
        guard line.utf8.first(where: { $0 != UInt8(ascii: " ") }) == marker.asciiValue else { return false }
        let chars = Array(line)
        var start = 0
        while start < chars.count, chars[start] == " " { start += 1 }
        guard start <= 3 else { return false }
        var end = start
        while end < chars.count, chars[end] == marker { end += 1 }
        return end - start >= length && chars[end...].allSatisfy(isBlankCharacter)
    }

    /// A content line with up to `indent` leading spaces removed, as CommonMark does.
    public func unindented(_ line: String) -> String {
        var removed = 0
        var result = Substring(line)
        while removed < indent, result.first == " " {
            result = result.dropFirst()
            removed += 1
        }
        return String(result)
    }

    /// The shortest run of `marker` that no line of `lines` could close early.
    static func safeLength(for lines: [String], marker: Character) -> Int {
        var longest = 0
        for line in lines {
            let run = line.drop { $0 == " " }.prefix { $0 == marker }.count
            if run >= 3 { longest = max(longest, run) }
        }
        return max(3, longest + 1)
    }
}

/// Whether `character` is a space or a tab.
public func isBlankCharacter(_ character: Character) -> Bool {
    character == " " || character == "\t"
}

/// Whether `text` holds nothing but spaces and tabs.
public func isBlank(_ text: some StringProtocol) -> Bool {
    text.allSatisfy(isBlankCharacter)
}

/// `text` without trailing spaces, tabs and carriage returns.
public func trimmedTrailing(_ text: some StringProtocol) -> String {
    var result = Substring(text)
    while let last = result.last, last == " " || last == "\t" || last == "\r" {
        result = result.dropLast()
    }
    return String(result)
}

/// `text` without leading and trailing spaces and tabs.
public func trimmed(_ text: some StringProtocol) -> String {
    trimmedTrailing(text.drop(while: isBlankCharacter))
}

/// Joins wrapped lines of text with spaces, except between two wide (CJK) characters, which
/// a Markdown reader of Chinese or Japanese expects to run together.
public func joinedSoftLines(_ lines: [String]) -> String {
    var result = ""
    for line in lines where !line.isEmpty {
        if let last = result.last, let first = line.first {
            if !(characterWidth(last) == 2 && characterWidth(first) == 2) { result += " " }
        }
        result += line
    }
    return result
}

/// The Levenshtein distance between two strings, counted in characters.
func levenshteinDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs)
    let b = Array(rhs)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The candidate closest to `word` within `maxDistance` edits, for "did you mean" hints.
func nearestCandidate(to word: String, in candidates: [String], maxDistance: Int = 2) -> String? {
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = levenshteinDistance(word.lowercased(), candidate)
        if distance <= maxDistance, distance < best?.distance ?? Int.max { best = (candidate, distance) }
    }
    return best?.name
}
