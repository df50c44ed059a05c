/// Lesson Markdown rewritten so that Ink 0.6 reads it as CommonMark (and the terminal's
/// ``ProseRenderer``) does.
///
/// Ink renders the lessons' headings, paragraphs, lists, quotes, tables, emphasis, links and
/// fenced code well, but it differs from CommonMark in ways that the lessons run into:
///
/// - it has no indented code blocks (formulas in the lessons are indented by four spaces):
///   they become fenced blocks here;
/// - `_` inside a word opens emphasis (`upscale_in_train`): such underscores are escaped;
/// - a `<` that does not open a tag (`a<b`, `<https://...>`) starts raw HTML that swallows
///   the rest of the text: every `<` outside code becomes `&lt;` (autolinks become links), so
///   prose can never inject markup or a script into the page;
/// - a paragraph's line that starts with a code span starts a new paragraph, and a code span
///   cannot continue on the next line: a paragraph's lines are joined into one here (a soft
///   line break reads as a space in HTML anyway; a hard break is kept);
/// - it knows no `~~~` fences and writes a fence's info string into a class attribute as it
///   is: fences become backtick fences with a one-word, plain info string;
/// - a document that starts with `---` is read as metadata, which crashes Ink 0.6 when
///   nothing follows on that line, and it knows no `___` rule and no setext headings:
///   rules become `***`, and a line underlined with `===` or `---` becomes a `#`/`##` heading.
///
/// ``ProseSanitizer`` then keeps only the markup Markdown makes, whatever Ink does.
enum InkInput {
    /// `markdown` with those constructs rewritten; everything else is left as it is.
    static func prepare(_ markdown: String) -> String {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var output: [String] = []
        var paragraph: [String] = []
        var fence: (character: Character, count: Int)?
        var inList = false
        var afterBlank = true

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            output += escapeInline(paragraph.joined(separator: "\n"))
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            paragraph = []
        }

        var index = 0
        while index < lines.count {
            let line = lines[index]
            if let open = fence {
                if closesFence(line, open) {
                    fence = nil
                    output.append(String(repeating: "`", count: open.character == "`" ? open.count : 3))
                } else {
                    output.append(line)
                }
                index += 1
                continue
            }
            if let open = openingFence(line) {
                flushParagraph()
                fence = open
                // Ink knows only backtick fences, and writes the info string into a class as is.
                let info = line.drop(while: { $0 == " " }).drop(while: { $0 == open.character })
                    .drop(while: { $0 == " " }).prefix(while: { !$0.isWhitespace })
                    .filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_+#.".contains($0)) }
                output.append(String(repeating: "`", count: open.character == "`" ? open.count : 3) + info)
                afterBlank = false
                index += 1
                continue
            }
            if line.allSatisfy(\.isWhitespace) {
                flushParagraph()
                output.append("")
                afterBlank = true
                index += 1
                continue
            }
            if afterBlank && !inList && leadingSpaces(line) >= 4 {
                flushParagraph()
                var body: [String] = []
                while index < lines.count,
                    lines[index].allSatisfy(\.isWhitespace) || leadingSpaces(lines[index]) >= 4
                {
                    body.append(String(lines[index].dropFirst(Swift.min(4, leadingSpaces(lines[index])))))
                    index += 1
                }
                while body.last?.allSatisfy(\.isWhitespace) == true { body.removeLast() }
                let marker = String(repeating: "`", count: Swift.max(3, longestBacktickRun(body) + 1))
                output += [marker] + body + [marker, ""]
                afterBlank = true
                continue
            }
            if let level = setextLevel(line), let previous = paragraph.last, continuesText(previous),
                !isListItem(previous)
            {
                paragraph[paragraph.count - 1] =
                    String(repeating: "#", count: level) + " " + previous.drop(while: { $0 == " " })
                index += 1
                continue
            }
            if isThematicBreak(line) {
                flushParagraph()
                output.append("***")
                afterBlank = false
                index += 1
                continue
            }
            if isListItem(line) {
                inList = true
            } else if afterBlank && leadingSpaces(line) == 0 {
                inList = false
            }
            if let previous = paragraph.last, continuesText(previous), !startsBlock(line) {
                paragraph[paragraph.count - 1] = previous + " " + line.drop(while: { $0 == " " })
            } else {
                paragraph.append(line)
            }
            afterBlank = false
            index += 1
        }
        flushParagraph()
        return output.joined(separator: "\n")
    }

    /// Escapes `<` and in-word `_` outside code spans and link destinations, and joins a code
    /// span's lines.
    static func escapeInline(_ text: String) -> String {
        let chars = Array(text)
        var result = ""
        var index = 0
        while index < chars.count {
            let character = chars[index]
            switch character {
            case "\\" where index + 1 < chars.count && chars[index + 1] != "\n":
                result.append(character)
                result.append(chars[index + 1])
                index += 2
                continue
            case "`":
                let run = runLength(chars, from: index)
                if let close = closingBackticks(chars, from: index + run, count: run) {
                    let span = String(chars[index..<(close + run)])
                    result += span.split(separator: "\n").joined(separator: " ")
                    index = close + run
                } else {
                    result += String(repeating: "`", count: run)
                    index += run
                }
                continue
            case "]" where index + 1 < chars.count && chars[index + 1] == "(":
                // A link destination: copied as it is, so a URL keeps its underscores.
                if let close = chars[(index + 1)...].firstIndex(of: ")") {
                    result += String(chars[index...close])
                    index = close + 1
                    continue
                }
            case "<":
                if let close = chars[index...].firstIndex(of: ">"),
                    let url = Optional(String(chars[(index + 1)..<close])),
                    url.contains("://") || url.hasPrefix("mailto:"),
                    !url.contains(where: { $0.isWhitespace || $0 == "<" })
                {
                    result += "[\(url)](\(url))"
                    index = close + 1
                } else {
                    result += "&lt;"
                    index += 1
                }
                continue
            case "_":
                let before = index > 0 ? chars[index - 1] : " "
                let after = index + 1 < chars.count ? chars[index + 1] : " "
                if isWordCharacter(before) && isWordCharacter(after) {
                    result += "\\_"
                    index += 1
                    continue
                }
            default:
                break
            }
            result.append(character)
            index += 1
        }
        return result
    }

    /// Whether the line after `line` may continue its text: `line` is a paragraph's or a list
    /// item's, not a heading or a table row, and does not end in a hard break.
    private static func continuesText(_ line: String) -> Bool {
        let rest = line.drop(while: { $0 == " " })
        return !rest.hasPrefix("#") && !rest.hasPrefix("|") && !rest.hasPrefix(">") && !line.hasSuffix("  ")
            && !line.hasSuffix("\\")
    }

    /// Whether `line` starts a block of its own rather than continuing a paragraph.
    private static func startsBlock(_ line: String) -> Bool {
        let rest = line.drop(while: { $0 == " " })
        guard let first = rest.first else { return true }
        if isListItem(line) || "#>|".contains(first) { return true }
        let marks = rest.filter { !$0.isWhitespace }
        return marks.count >= 3 && "-*_=".contains(first) && marks.allSatisfy { $0 == first }
    }

    /// 1 for a `===` underline, 2 for a `---` one (`-` at least twice, so no empty list item).
    private static func setextLevel(_ line: String) -> Int? {
        guard leadingSpaces(line) < 4 else { return nil }
        var marks = line.drop(while: { $0 == " " })
        while marks.last == " " { marks = marks.dropLast() }
        guard let first = marks.first, marks.allSatisfy({ $0 == first }) else { return nil }
        if first == "=" { return 1 }
        return first == "-" && marks.count >= 2 ? 2 : nil
    }

    /// `***`, `---` or `___`, three or more, spaces allowed between.
    private static func isThematicBreak(_ line: String) -> Bool {
        guard leadingSpaces(line) < 4 else { return false }
        let marks = line.filter { !$0.isWhitespace }
        guard let first = marks.first, "-*_".contains(first) else { return false }
        return marks.count >= 3 && marks.allSatisfy { $0 == first }
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    private static func runLength(_ chars: [Character], from index: Int) -> Int {
        var end = index
        while end < chars.count && chars[end] == chars[index] { end += 1 }
        return end - index
    }

    /// The start of the next run of exactly `count` backticks, within the paragraph.
    private static func closingBackticks(_ chars: [Character], from start: Int, count: Int) -> Int? {
        var index = start
        while index < chars.count {
            if chars[index] == "`" {
                let run = runLength(chars, from: index)
                if run == count { return index }
                index += run
            } else {
                index += 1
            }
        }
        return nil
    }

    private static func leadingSpaces(_ line: String) -> Int {
        var count = 0
        for character in line {
            if character == " " {
                count += 1
            } else if character == "\t" {
                count += 4 - count % 4
            } else {
                break
            }
        }
        return count
    }

    private static func isListItem(_ line: String) -> Bool {
        let rest = line.drop(while: { $0 == " " })
        if let first = rest.first, "-*+".contains(first) {
            return rest.dropFirst().first == " "
        }
        let digits = rest.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 9 else { return false }
        let after = rest.dropFirst(digits.count)
        return (after.first == "." || after.first == ")") && after.dropFirst().first == " "
    }

    private static func openingFence(_ line: String) -> (character: Character, count: Int)? {
        guard leadingSpaces(line) < 4 else { return nil }
        let rest = line.drop(while: { $0 == " " })
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let count = rest.prefix(while: { $0 == first }).count
        guard count >= 3 else { return nil }
        if first == "`" && rest.dropFirst(count).contains("`") { return nil }
        return (first, count)
    }

    private static func closesFence(_ line: String, _ fence: (character: Character, count: Int)) -> Bool {
        guard leadingSpaces(line) < 4 else { return false }
        let rest = line.drop(while: { $0 == " " })
        let run = rest.prefix(while: { $0 == fence.character }).count
        return run >= fence.count && rest.dropFirst(run).allSatisfy(\.isWhitespace)
    }

    private static func longestBacktickRun(_ lines: [String]) -> Int {
        var longest = 0
        for line in lines {
            var current = 0
            for character in line {
                current = character == "`" ? current + 1 : 0
                longest = Swift.max(longest, current)
            }
        }
        return longest
    }
}
