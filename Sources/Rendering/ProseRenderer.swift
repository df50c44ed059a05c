import DropoutCore
import LessonScript
import Notebook

/// Renders a lesson's prose Markdown for the terminal, wrapped to a width.
///
/// Blocks are separated by one blank line, and no line has trailing whitespace.
///
/// | Markdown | styled | plain |
/// |---|---|---|
/// | `# H1`, `## H2` | bold colour (H1 underlined) | text underlined with `=` / `-` |
/// | `### H3` and deeper | bold | kept as `### H3` |
/// | paragraph | re-wrapped | re-wrapped |
/// | `- item`, `1. item` | `•` (then `◦`, `▪`) / `1.`, hanging indent | `-` / `1.`, hanging indent |
/// | `> quote` | `│ ` | `> ` |
/// | fenced or indented code | verbatim, indented by 4 | the same |
/// | `---` rule | `─` across the width | `-` across the width |
/// | `\| table \|` rows | verbatim | verbatim |
///
/// Inline syntax is rendered by `InlineRenderer`; soft line breaks join with a space, except
/// between two CJK characters, and a line ending in two spaces or `\` keeps its break.
public struct ProseRenderer: Sendable {
    /// The number of columns to wrap to.
    public var width: Int
    /// Whether and how to style the output.
    public var style: TerminalStyle

    /// Creates a renderer for the given width and style.
    public init(width: Int = 80, style: TerminalStyle = .plain) {
        self.width = width
        self.style = style
    }

    /// Renders `markdown` as terminal lines joined with `\n`, without a final newline.
    public func render(_ markdown: String) -> String {
        let lines = sourceLines(of: markdown).map { expandingLeadingTabs($0.content) }
        return renderBlocks(lines, width: max(1, width), depth: 0).joined(separator: "\n")
    }

    /// Renders a sequence of blocks, separated by blank lines unless `isTight` (the items of a
    /// tight list); `depth` is the list nesting level, which picks bullets.
    private func renderBlocks(_ lines: [String], width: Int, depth: Int, isTight: Bool = false) -> [String] {
        var blocks: [[String]] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if isBlank(line) {
                index += 1
            } else if let fence = Fence(opening: line) {
                var body: [String] = []
                index += 1
                while index < lines.count, !fence.isClosed(by: lines[index]) {
                    body.append(fence.unindented(lines[index]))
                    index += 1
                }
                index += 1
                blocks.append(codeBlock(body))
            } else if let heading = atxHeading(line) {
                blocks.append(renderHeading(heading.text, level: heading.level, width: width))
                index += 1
            } else if isThematicBreak(line) {
                let rule = String(repeating: style.isEnabled ? "─" : "-", count: width)
                blocks.append([style.dim(rule)])
                index += 1
            } else if isQuote(line) {
                blocks.append(renderQuote(lines, from: &index, width: width, depth: depth))
            } else if listMarker(line) != nil {
                blocks.append(renderList(lines, from: &index, width: width, depth: depth))
            } else if leadingSpaces(line) >= 4 {
                var body: [String] = []
                while index < lines.count, isBlank(lines[index]) || leadingSpaces(lines[index]) >= 4 {
                    body.append(String(lines[index].dropFirst(4)))
                    index += 1
                }
                while body.last.map(isBlank) == true { body.removeLast() }
                blocks.append(codeBlock(body))
            } else if trimmed(line).hasPrefix("|") {
                var rows: [String] = []
                while index < lines.count, trimmed(lines[index]).hasPrefix("|") {
                    rows.append(trimmedTrailing(lines[index]))
                    index += 1
                }
                blocks.append(rows)
            } else {
                blocks.append(renderParagraph(lines, from: &index, width: width))
            }
        }
        let separator = isTight ? [] : [""]
        return blocks.filter { !$0.isEmpty }.enumerated().flatMap {
            $0.offset == 0 ? $0.element : separator + $0.element
        }
    }

    // MARK: Leaf blocks

    private func renderHeading(_ text: String, level: Int, width: Int) -> [String] {
        let inline = InlineRenderer(style: style).render(text)
        if inline.isEmpty { return [] }
        if style.isEnabled { return wrap(style.heading(inline, level: level), width: width) }
        guard level <= 2 else {
            let marker = String(repeating: "#", count: level) + " "
            return wrap(
                inline, width: width, indent: marker,
                subsequentIndent: String(repeating: " ", count: level + 1))
        }
        let lines = wrap(inline, width: width)
        let underline = min(width, lines.map { displayWidth(of: $0) }.max() ?? 0)
        return lines + [String(repeating: level == 1 ? "=" : "-", count: underline)]
    }

    /// Collects a paragraph (ending at a blank line or a line that starts another block) and
    /// wraps it; a setext underline (`===` or `---`) turns it into a heading.
    private func renderParagraph(_ lines: [String], from index: inout Int, width: Int) -> [String] {
        var paragraph = [lines[index]]
        index += 1
        while index < lines.count, !isBlank(lines[index]) {
            if let level = setextLevel(lines[index]) {
                index += 1
                return renderHeading(joinedParagraph(paragraph), level: level, width: width)
            }
            if startsBlock(lines[index]) { break }
            paragraph.append(lines[index])
            index += 1
        }
        return wrap(InlineRenderer(style: style).render(joinedParagraph(paragraph)), width: width)
    }

    /// A paragraph's lines as one text: soft breaks joined, hard breaks kept as `\n`.
    private func joinedParagraph(_ lines: [String]) -> String {
        var groups: [[String]] = [[]]
        for (number, line) in lines.enumerated() {
            var text = trimmed(line)
            var isHardBreak = false
            if number < lines.count - 1 {
                if line.hasSuffix("  ") {
                    isHardBreak = true
                } else if text.hasSuffix("\\") && !text.hasSuffix("\\\\") {
                    isHardBreak = true
                    text.removeLast()
                }
            }
            groups[groups.count - 1].append(text)
            if isHardBreak { groups.append([]) }
        }
        return groups.map(joinedSoftLines).joined(separator: "\n")
    }

    private func codeBlock(_ body: [String]) -> [String] {
        body.map { isBlank($0) ? "" : "    " + trimmedTrailing($0) }
    }

    // MARK: Container blocks

    private func renderQuote(_ lines: [String], from index: inout Int, width: Int, depth: Int) -> [String] {
        var inner: [String] = []
        while index < lines.count {
            let line = lines[index]
            if isQuote(line) {
                var rest = line.drop(while: { $0 == " " }).dropFirst()
                if rest.first == " " { rest = rest.dropFirst() }
                inner.append(String(rest))
            } else if !isBlank(line), let last = inner.last, !isBlank(last), !startsBlock(line) {
                inner.append(line)  // a lazy continuation of the quoted paragraph
            } else {
                break
            }
            index += 1
        }
        let bar = style.isEnabled ? style.dim("│") : ">"
        return renderBlocks(inner, width: max(1, width - 2), depth: depth).map {
            $0.isEmpty ? bar : bar + " " + $0
        }
    }

    private func renderList(_ lines: [String], from index: inout Int, width: Int, depth: Int) -> [String] {
        guard let first = listMarker(lines[index]) else { return [] }
        var items: [[String]] = []
        var isLoose = false
        list: while index < lines.count, !isThematicBreak(lines[index]),
            let marker = listMarker(lines[index]),
            marker.isSameList(as: first)
        {
            var body = [marker.content]
            index += 1
            while index < lines.count {
                let line = lines[index]
                if isBlank(line) {
                    var next = index
                    while next < lines.count, isBlank(lines[next]) { next += 1 }
                    if next < lines.count, leadingSpaces(lines[next]) >= marker.contentOffset {
                        isLoose = true
                        body += Array(repeating: "", count: next - index)
                        index = next
                        continue
                    }
                    guard next < lines.count, !isThematicBreak(lines[next]),
                        let following = listMarker(lines[next]), following.isSameList(as: first)
                    else {
                        items.append(body)
                        break list
                    }
                    isLoose = true
                    index = next
                    break
                }
                if leadingSpaces(line) >= marker.contentOffset {
                    body.append(String(line.dropFirst(marker.contentOffset)))
                } else if listMarker(line) != nil || startsBlock(line) {
                    break
                } else {
                    body.append(trimmed(line))  // a lazy continuation of the item's paragraph
                }
                index += 1
            }
            items.append(body)
        }
        let markers = items.indices.map { number in
            guard first.isOrdered else {
                return style.isEnabled ? ["•", "◦", "▪"][depth % 3] : "-"
            }
            return "\(first.number + number)\(first.delimiter)"
        }
        let markerWidth = (markers.map { displayWidth(of: $0) }.max() ?? 1) + 1
        var output: [String] = []
        for (number, body) in items.enumerated() {
            if isLoose, number > 0 { output.append("") }
            let marker =
                String(repeating: " ", count: markerWidth - 1 - displayWidth(of: markers[number]))
                + markers[number] + " "
            let rendered = renderBlocks(
                body, width: max(1, width - markerWidth), depth: depth + 1, isTight: !isLoose)
            if rendered.isEmpty { output.append(trimmedTrailing(marker)) }
            for (lineNumber, line) in rendered.enumerated() {
                if lineNumber == 0 {
                    output.append(trimmedTrailing(marker + line))
                } else {
                    output.append(line.isEmpty ? "" : String(repeating: " ", count: markerWidth) + line)
                }
            }
        }
        return output
    }
}

// MARK: Line classification

/// A list item's marker line: `- text`, `* text`, `+ text`, `1. text` or `1) text`.
private struct ListMarker {
    var isOrdered: Bool
    var bullet: Character
    var number: Int
    var delimiter: Character
    /// Columns from the start of the line to the item's text; continuation lines indent this far.
    var contentOffset: Int
    var content: String

    func isSameList(as other: ListMarker) -> Bool {
        isOrdered == other.isOrdered && (isOrdered ? delimiter == other.delimiter : bullet == other.bullet)
    }
}

private func listMarker(_ line: String) -> ListMarker? {
    let chars = Array(line)
    let start = leadingSpaces(line)
    guard start <= 3, start < chars.count else { return nil }
    var markerEnd = start
    var number = 0
    if "-*+".contains(chars[start]) {
        markerEnd = start + 1
    } else {
        while markerEnd < chars.count, markerEnd - start < 9, let digit = chars[markerEnd].wholeNumberValue,
            chars[markerEnd].isASCII
        {
            number = number * 10 + digit
            markerEnd += 1
        }
        guard markerEnd > start, markerEnd < chars.count, chars[markerEnd] == "." || chars[markerEnd] == ")"
        else {
            return nil
        }
        markerEnd += 1
    }
    guard markerEnd == chars.count || chars[markerEnd] == " " else { return nil }
    var contentStart = markerEnd
    while contentStart < chars.count, chars[contentStart] == " " { contentStart += 1 }
    // CommonMark: more than four spaces after the marker means the text is indented code.
    if contentStart == chars.count || contentStart - markerEnd > 4 {
        contentStart = min(markerEnd + 1, chars.count)
    }
    let isOrdered = !"-*+".contains(chars[start])
    return ListMarker(
        isOrdered: isOrdered, bullet: chars[start], number: number, delimiter: chars[markerEnd - 1],
        contentOffset: contentStart, content: String(chars[contentStart...]))
}

/// `# Title` through `###### Title`, with an optional closing run of `#`.
private func atxHeading(_ line: String) -> (level: Int, text: String)? {
    let indent = leadingSpaces(line)
    guard indent <= 3 else { return nil }
    let rest = line.dropFirst(indent)
    let level = rest.prefix { $0 == "#" }.count
    guard (1...6).contains(level) else { return nil }
    let afterHashes = rest.dropFirst(level)
    guard afterHashes.isEmpty || isBlankCharacter(afterHashes.first ?? " ") else { return nil }
    var text = trimmed(afterHashes)
    let closing = text.reversed().prefix { $0 == "#" }.count
    if closing == text.count {
        text = ""
    } else if closing > 0, isBlankCharacter(text.dropLast(closing).last ?? "x") {
        text = trimmed(text.dropLast(closing))
    }
    return (level, text)
}

private func isThematicBreak(_ line: String) -> Bool {
    guard leadingSpaces(line) <= 3 else { return false }
    let marks = line.filter { !isBlankCharacter($0) }
    guard let mark = marks.first, "-*_".contains(mark) else { return false }
    return marks.count >= 3 && marks.allSatisfy { $0 == mark }
}

/// 1 for a `===` underline, 2 for `---`, nil otherwise.
private func setextLevel(_ line: String) -> Int? {
    guard leadingSpaces(line) <= 3 else { return nil }
    let marks = trimmed(line)
    guard let mark = marks.first, mark == "=" || mark == "-", marks.allSatisfy({ $0 == mark }) else {
        return nil
    }
    return mark == "=" ? 1 : 2
}

private func isQuote(_ line: String) -> Bool {
    leadingSpaces(line) <= 3 && line.drop { $0 == " " }.first == ">"
}

/// Whether `line` starts a block that ends a paragraph without a blank line in between.
private func startsBlock(_ line: String) -> Bool {
    if Fence(opening: line) != nil || atxHeading(line) != nil || isThematicBreak(line) || isQuote(line) {
        return true
    }
    guard let marker = listMarker(line), !marker.content.isEmpty else { return false }
    // As in CommonMark, only an ordered list starting at 1 may interrupt a paragraph.
    return !marker.isOrdered || marker.number == 1
}

private func leadingSpaces(_ line: String) -> Int {
    line.prefix { $0 == " " }.count
}

/// Leading tabs become spaces to the next multiple of four, so indentation can be counted.
private func expandingLeadingTabs(_ line: String) -> String {
    guard line.contains("\t") else { return line }
    var result = ""
    var rest = Substring(line)
    while let first = rest.first, isBlankCharacter(first) {
        result += first == " " ? " " : String(repeating: " ", count: 4 - result.count % 4)
        rest = rest.dropFirst()
    }
    return result + rest
}
