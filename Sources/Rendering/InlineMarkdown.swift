import DropoutCore
import LessonScript
import Notebook

/// Renders Markdown's inline syntax (emphasis, code spans, links) for the terminal.
///
/// With styling on, markers become ANSI styles and disappear. With styling off, emphasis
/// and code keep their Markdown markers, which already read as emphasis in plain text.
/// Links read `text (url)` either way, and backslash escapes are resolved either way.
///
/// This is a pragmatic subset of CommonMark: `_` never opens or closes inside a word (so
/// `upscale_in_train` stays as it is), an opener needs a non-space after it and a closer a
/// non-space before it, and an unmatched run of markers is kept literally.
struct InlineRenderer {
    let style: TerminalStyle

    /// Renders one paragraph's text; `\n` passes through untouched.
    func render(_ text: String) -> String {
        let chars = Array(text)
        return render(chars, chars.indices)
    }

    private func render(_ chars: [Character], _ range: Range<Int>) -> String {
        var output = ""
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let character = chars[index]
            switch character {
            case "\\" where index + 1 < end && isEscapable(chars[index + 1]):
                output.append(chars[index + 1])
                index += 2
                continue
            case "`":
                let run = runLength(chars, at: index, end: end)
                if let closing = codeSpanEnd(chars, at: index, end: end) {
                    let content = codeContent(chars, (index + run)..<(closing - run))
                    let span = style.isEnabled ? style.code(content) : String(chars[index..<closing])
                    // A short code span never breaks across lines: `(1 - p)` split after `(1`
                    // would start the next line with `- p)`, which reads as a bullet.
                    output += content.count <= 24 ? span.replacing(" ", with: nonBreakingSpace) : span
                    index = closing
                } else {
                    output += String(chars[index..<(index + run)])
                    index += run
                }
                continue
            case "!" where index + 1 < end && chars[index + 1] == "[":
                if let link = link(chars, at: index + 1, end: end) {
                    output += renderLink(chars, link)
                    index = link.end
                    continue
                }
            case "[":
                if let link = link(chars, at: index, end: end) {
                    output += renderLink(chars, link)
                    index = link.end
                    continue
                }
            case "<":
                if let autolink = autolink(chars, at: index, end: end) {
                    output += style.underline(autolink.url)
                    index = autolink.end
                    continue
                }
            case "*", "_":
                let run = runLength(chars, at: index, end: end)
                if let emphasis = emphasis(chars, at: index, range: range) {
                    output += emphasis.text
                    index = emphasis.end
                } else {
                    output += String(chars[index..<(index + run)])
                    index += run
                }
                continue
            default:
                break
            }
            output.append(character)
            index += 1
        }
        return output
    }

    // MARK: Emphasis

    /// Emphasis opened at `index`: one marker italic, two bold, three both.
    private func emphasis(_ chars: [Character], at index: Int, range: Range<Int>) -> (text: String, end: Int)?
    {
        let marker = chars[index]
        let run = runLength(chars, at: index, end: range.upperBound)
        let count = min(run, 3)
        let contentStart = index + run
        guard contentStart < range.upperBound, !isWhitespace(chars[contentStart]) else { return nil }
        if marker == "_", index > range.lowerBound, isWordCharacter(chars[index - 1]) { return nil }
        guard run == count,
            let closer = closingRun(chars, from: contentStart, marker: marker, count: count, range: range)
        else { return nil }
        let inner = render(chars, contentStart..<closer)
        let markers = String(repeating: marker, count: count)
        guard style.isEnabled else { return (markers + inner + markers, closer + count) }
        switch count {
        case 1: return (style.italic(inner), closer + count)
        case 2: return (style.bold(inner), closer + count)
        default: return (style.bold(style.italic(inner)), closer + count)
        }
    }

    /// The start of the first run of exactly `count` markers that can close emphasis.
    private func closingRun(
        _ chars: [Character], from start: Int, marker: Character, count: Int, range: Range<Int>
    )
        -> Int?
    {
        var index = start
        while index < range.upperBound {
            let character = chars[index]
            if character == "\\" {
                index += 2
                continue
            }
            if character == "`", let closing = codeSpanEnd(chars, at: index, end: range.upperBound) {
                index = closing
                continue
            }
            guard character == marker else {
                index += 1
                continue
            }
            let run = runLength(chars, at: index, end: range.upperBound)
            let after = index + run
            let canClose =
                !isWhitespace(chars[index - 1])
                && (marker != "_" || after >= range.upperBound || !isWordCharacter(chars[after]))
            if canClose, run == count { return index }
            index = after
        }
        return nil
    }

    // MARK: Code spans

    /// The index after the run of backticks that closes a code span opened at `index`.
    private func codeSpanEnd(_ chars: [Character], at index: Int, end: Int) -> Int? {
        let run = runLength(chars, at: index, end: end)
        var search = index + run
        while search < end {
            if chars[search] == "`" {
                let closing = runLength(chars, at: search, end: end)
                if closing == run { return search + closing }
                search += closing
            } else {
                search += 1
            }
        }
        return nil
    }

    /// A code span's text: line breaks become spaces, and one space of padding each side goes.
    private func codeContent(_ chars: [Character], _ range: Range<Int>) -> String {
        var content = String(chars[range]).map { $0 == "\n" ? " " : $0 }
        if content.count >= 2, content.first == " ", content.last == " ",
            content.contains(where: { $0 != " " })
        {
            content = Array(content.dropFirst().dropLast())
        }
        return String(content)
    }

    // MARK: Links

    private struct Link {
        var isImage: Bool
        var label: Range<Int>
        var url: String
        var end: Int
    }

    /// An inline link `[label](url "title")` whose `[` is at `index`.
    private func link(_ chars: [Character], at index: Int, end: Int) -> Link? {
        var depth = 0
        var close = index
        while close < end {
            switch chars[close] {
            case "\\": close += 1
            case "`": if let after = codeSpanEnd(chars, at: close, end: end) { close = after - 1 }
            case "[": depth += 1
            case "]": depth -= 1
            default: break
            }
            if depth == 0 { break }
            close += 1
        }
        guard close + 1 < end, chars[close] == "]", chars[close + 1] == "(" else { return nil }
        var cursor = close + 2
        while cursor < end, isWhitespace(chars[cursor]) { cursor += 1 }
        var url = ""
        if cursor < end, chars[cursor] == "<" {
            guard let closeAngle = chars[cursor..<end].firstIndex(of: ">") else { return nil }
            url = String(chars[(cursor + 1)..<closeAngle])
            cursor = closeAngle + 1
        } else {
            var parentheses = 0
            while cursor < end, !isWhitespace(chars[cursor]) {
                if chars[cursor] == "(" { parentheses += 1 }
                if chars[cursor] == ")" {
                    if parentheses == 0 { break }
                    parentheses -= 1
                }
                url.append(chars[cursor])
                cursor += 1
            }
        }
        while cursor < end, isWhitespace(chars[cursor]) { cursor += 1 }
        // An optional title is read past but not shown.
        let titleClosers: [Character: Character] = ["\"": "\"", "'": "'", "(": ")"]
        if cursor < end, let closer = titleClosers[chars[cursor]] {
            guard let titleEnd = chars[(cursor + 1)..<end].firstIndex(of: closer) else { return nil }
            cursor = titleEnd + 1
            while cursor < end, isWhitespace(chars[cursor]) { cursor += 1 }
        }
        guard cursor < end, chars[cursor] == ")" else { return nil }
        let isImage = index > 0 && chars[index - 1] == "!"
        return Link(isImage: isImage, label: (index + 1)..<close, url: url, end: cursor + 1)
    }

    private func renderLink(_ chars: [Character], _ link: Link) -> String {
        let label = render(chars, link.label)
        if link.url.isEmpty { return label }
        if removingANSIEscapes(from: label) == link.url { return style.underline(label) }
        let shown = link.isImage && label.isEmpty ? "image" : label
        return style.underline(shown) + " " + style.dim("(\(link.url))")
    }

    /// An autolink `<https://...>` or `<someone@example.org>`, shown as its address.
    private func autolink(_ chars: [Character], at index: Int, end: Int) -> (url: String, end: Int)? {
        guard let close = chars[(index + 1)..<end].firstIndex(of: ">") else { return nil }
        let url = String(chars[(index + 1)..<close])
        guard !url.isEmpty, !url.contains(where: isWhitespace), url.contains(":") || url.contains("@") else {
            return nil
        }
        return (url, close + 1)
    }

    // MARK: Characters

    private func runLength(_ chars: [Character], at index: Int, end: Int) -> Int {
        var run = index
        while run < end, chars[run] == chars[index] { run += 1 }
        return run - index
    }

    private func isWhitespace(_ character: Character) -> Bool { character.isWhitespace }

    private func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }

    private func isEscapable(_ character: Character) -> Bool {
        character.isASCII && (character.isPunctuation || character.isSymbol)
    }
}

/// Joins the words of a short code span so that wrapping keeps them on one line; `wrap`
/// turns it back into a plain space.
let nonBreakingSpace = "\u{00A0}"
