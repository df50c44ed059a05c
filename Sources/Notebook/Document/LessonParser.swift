/// Reads lesson Markdown (docs/lessons.md) into a `Lesson`.
///
/// The format, line by line:
///
/// ```
/// lesson      = front-matter { prose-line | cell [ output ] | exercise | other-fence }
/// front-matter = "---" { "key: value" | "# comment" | blank } "---"   (id and title required)
/// cell        = fence "dropstep" ... closing fence
/// output      = fence "output" ... closing fence      (only blank lines since the cell)
/// exercise    = fence "exercise" { "key: value" [ indented continuation lines ] } closing fence
/// ```
///
/// Fences follow CommonMark: three or more backticks or tildes, indented at most three spaces,
/// closed by a run of the same character at least as long. Any other fenced block is prose.
public enum LessonParser {
    /// The block kinds a lesson may use; near misses of these are reported, not shown as prose.
    static let blockKinds = ["dropstep", "output", "exercise"]
    /// The fields an exercise block accepts.
    static let exerciseFields = ["question", "answer", "tolerance", "hint"]

    /// Parses a lesson, or throws the first problem found with its file, line and column.
    ///
    /// Every field of an exercise must have a value; `tolerance` defaults to
    /// `Lesson.Exercise.defaultTolerance`. An info string that starts with `dropstep`, or lies
    /// within two edits of a block kind (`exercize`, `ouput`), is an error rather than prose,
    /// because silently showing a mistyped cell as text would hide it from `dropstep check`.
    public static func parse(_ text: String, path: String) throws(LessonError) -> Lesson {
        var reader = LessonReader(lines: sourceLines(of: text).map(\.content), path: path)
        return try reader.parseLesson()
    }
}

/// The parser's state while it walks the file once from top to bottom.
private struct LessonReader {
    /// What the last block was, to decide whether an `output` block may attach to it.
    enum Attachment {
        case none
        case cell(blockIndex: Int)
        case output(cellLine: Int, outputLine: Int)
    }

    let lines: [String]
    let path: String
    var blocks: [Lesson.Block] = []
    var proseLines: [(number: Int, text: String)] = []
    var attachment = Attachment.none

    init(lines: [String], path: String) {
        self.lines = lines
        self.path = path
    }

    func error(_ message: String, line: Int, column: Int = 1) -> LessonError {
        LessonError(message: message, path: path, line: line, column: column)
    }

    mutating func parseLesson() throws(LessonError) -> Lesson {
        let frontMatter = try parseFrontMatter()
        var index = frontMatter.bodyStart
        while index < lines.count {
            let line = lines[index]
            guard let fence = Fence(opening: line) else {
                if !isBlank(line) { attachment = .none }
                proseLines.append((index + 1, line))
                index += 1
                continue
            }
            var close = index + 1
            while close < lines.count, !fence.isClosed(by: lines[close]) { close += 1 }
            guard close < lines.count else {
                throw error(
                    "unclosed \(fence.markers)\(fence.kind) block opened here", line: index + 1,
                    column: fence.indent + 1)
            }
            try addBlock(fence: fence, open: index, close: close)
            index = close + 1
        }
        flushProse()
        return Lesson(
            id: frontMatter.id, title: frontMatter.title, path: path, metadata: frontMatter.metadata,
            blocks: blocks)
    }

    // MARK: Front matter

    func parseFrontMatter() throws(LessonError) -> (
        id: String, title: String, metadata: [String: String], bodyStart: Int
    ) {
        let opener = lines.first.map {
            trimmedTrailing($0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0)
        }
        guard opener == "---" else {
            throw error(
                "missing front matter: a lesson starts with a '---' line, then 'id:' and 'title:'", line: 1)
        }
        guard let close = lines.indices.dropFirst().first(where: { trimmedTrailing(lines[$0]) == "---" })
        else {
            throw error("unterminated front matter: no closing '---' line", line: 1)
        }
        var fields: [String: String] = [:]
        var fieldLines: [String: Int] = [:]
        var valueColumns: [String: Int] = [:]
        for index in 1..<close {
            let line = lines[index]
            if isBlank(line) || line.hasPrefix("#") { continue }
            guard let field = keyValue(in: line) else {
                throw error("bad front matter line; expected 'key: value'", line: index + 1)
            }
            if let first = fieldLines[field.key] {
                throw error(
                    "duplicate front matter field '\(field.key)' (first given on line \(first))",
                    line: index + 1)
            }
            let value = unquoted(field.value)
            if value.isEmpty {
                throw error(
                    "front matter field '\(field.key)' is empty", line: index + 1, column: field.valueColumn)
            }
            fields[field.key] = value
            fieldLines[field.key] = index + 1
            valueColumns[field.key] = field.valueColumn
        }
        guard let id = fields.removeValue(forKey: "id") else {
            throw error("front matter has no 'id' field", line: close + 1)
        }
        if let bad = id.first(where: { !($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
            throw error(
                "lesson id '\(id)' contains '\(bad)'; use letters, digits, '-', '_' and '.'",
                line: fieldLines["id"] ?? 1, column: valueColumns["id"] ?? 1)
        }
        guard let title = fields.removeValue(forKey: "title") else {
            throw error("front matter has no 'title' field", line: close + 1)
        }
        return (id, title, fields, close + 1)
    }

    /// Strips one pair of matching quotes, which YAML-minded authors tend to add.
    func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first
        else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }

    // MARK: Blocks

    mutating func addBlock(fence: Fence, open: Int, close: Int) throws(LessonError) {
        let content = lines[(open + 1)..<close].map(fence.unindented)
        let range = (open + 1)...(close + 1)
        switch try blockKind(of: fence, line: open + 1) {
        case .some("dropstep"):
            flushProse()
            let code = content.joined(separator: "\n")
            blocks.append(.cell(Lesson.Cell(code: code, codeLine: open + 2, fenceRange: range)))
            attachment = .cell(blockIndex: blocks.count - 1)
        case .some("output"):
            try attachOutput(content: content, range: range, column: fence.indent + 1)
        case .some("exercise"):
            flushProse()
            blocks.append(
                .exercise(try parseExercise(content: content, range: range, column: fence.indent + 1)))
            attachment = .none
        default:
            proseLines.append(
                contentsOf: lines[open...close].enumerated().map { (open + $0.offset + 1, $0.element) })
            attachment = .none
        }
    }

    /// The lesson block kind a fence opens, nil for ordinary Markdown code, or an error for a near miss.
    func blockKind(of fence: Fence, line: Int) throws(LessonError) -> String? {
        let kind = fence.kind
        if LessonParser.blockKinds.contains(kind) { return kind }
        let lowered = kind.lowercased()
        let suggestion =
            lowered.hasPrefix("dropstep")
            ? "dropstep" : nearestCandidate(to: lowered, in: LessonParser.blockKinds)
        guard let suggestion else { return nil }
        throw error(
            "unknown block kind '\(kind)'; did you mean '\(suggestion)'?", line: line,
            column: fence.infoColumn)
    }

    mutating func attachOutput(content: [String], range: ClosedRange<Int>, column: Int) throws(LessonError) {
        switch attachment {
        case .cell(let blockIndex):
            guard case .cell(var cell) = blocks[blockIndex] else { return }
            // An empty block's "first content line" is its closing fence, where text would go.
            let output = Lesson.RecordedOutput(
                text: content.joined(separator: "\n"), line: range.lowerBound + 1, fenceRange: range)
            cell.output = output
            blocks[blockIndex] = .cell(cell)
            attachment = .output(cellLine: cell.fenceRange.lowerBound, outputLine: range.lowerBound)
            // The blank lines between a cell and its output are not prose.
            proseLines.removeAll()
        case .output(let cellLine, let outputLine):
            throw error(
                "second output block for the cell on line \(cellLine); its output is already on line \(outputLine)",
                line: range.lowerBound, column: column)
        case .none:
            throw error(
                "output block must directly follow a ```dropstep cell", line: range.lowerBound, column: column
            )
        }
    }

    mutating func flushProse() {
        defer { proseLines.removeAll() }
        guard let first = proseLines.firstIndex(where: { !isBlank($0.text) }),
            let last = proseLines.lastIndex(where: { !isBlank($0.text) })
        else { return }
        let markdown = proseLines[first...last].map(\.text).joined(separator: "\n")
        blocks.append(.prose(Lesson.Prose(markdown: markdown, line: proseLines[first].number)))
    }

    // MARK: Exercises

    func parseExercise(content: [String], range: ClosedRange<Int>, column: Int) throws(LessonError)
        -> Lesson.Exercise
    {
        let firstContentLine = range.lowerBound + 1
        var parts: [String: [String]] = [:]
        var fieldLines: [String: Int] = [:]
        var valueColumns: [String: Int] = [:]
        var current: String?
        for (offset, line) in content.enumerated() {
            let number = firstContentLine + offset
            if isBlank(line) { continue }
            if let first = line.first, isBlankCharacter(first) {
                guard let current else {
                    let indent = line.prefix(while: isBlankCharacter).count
                    throw error(
                        "indented line outside a field; expected 'key: value'", line: number,
                        column: indent + 1)
                }
                parts[current, default: []].append(trimmed(line))
                continue
            }
            guard let field = keyValue(in: line) else {
                throw error("expected 'key: value' in exercise block, got '\(trimmed(line))'", line: number)
            }
            guard LessonParser.exerciseFields.contains(field.key) else {
                let hint =
                    nearestCandidate(to: field.key, in: LessonParser.exerciseFields).map {
                        "; did you mean '\($0)'?"
                    }
                    ?? "; expected question, answer, tolerance or hint"
                throw error("unknown exercise field '\(field.key)'\(hint)", line: number)
            }
            if let first = fieldLines[field.key] {
                throw error(
                    "duplicate exercise field '\(field.key)' (first given on line \(first))", line: number)
            }
            fieldLines[field.key] = number
            valueColumns[field.key] = field.valueColumn
            parts[field.key] = [field.value]
            current = field.key
        }
        var values: [String: String] = [:]
        for (key, lines) in parts {
            let value = joinedSoftLines(lines)
            guard !value.isEmpty else {
                throw error(
                    "exercise field '\(key)' is empty", line: fieldLines[key] ?? range.lowerBound,
                    column: valueColumns[key] ?? 1)
            }
            values[key] = value
        }
        for required in ["question", "answer"] where values[required] == nil {
            throw error("exercise block is missing '\(required)'", line: range.lowerBound, column: column)
        }
        var tolerance = Lesson.Exercise.defaultTolerance
        if let text = values["tolerance"] {
            guard let number = Double(text), number.isFinite, number >= 0 else {
                throw error(
                    "tolerance must be a non-negative number, got '\(text)'",
                    line: fieldLines["tolerance"] ?? range.lowerBound, column: valueColumns["tolerance"] ?? 1)
            }
            tolerance = number
        }
        return Lesson.Exercise(
            question: values["question"] ?? "", answer: values["answer"] ?? "", tolerance: tolerance,
            hint: values["hint"], line: range.lowerBound, fieldLines: fieldLines, fenceRange: range)
    }
}

/// Splits `key: value` at the first colon; the key must be a plain word (letters, digits, `-`, `_`).
private func keyValue(in line: String) -> (key: String, value: String, valueColumn: Int)? {
    guard let colon = line.firstIndex(of: ":") else { return nil }
    let key = String(line[..<colon])
    guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
        return nil
    }
    let afterColon = line[line.index(after: colon)...]
    let leading = afterColon.prefix(while: isBlankCharacter).count
    return (key, trimmed(afterColon), key.count + 2 + leading)
}
