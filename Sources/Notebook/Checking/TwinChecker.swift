/// Checks a translated lesson against its English twin: the same code, the same recorded
/// outputs and the same exercise keys, so that a translation can never compute a different
/// number. Only prose, titles, questions, hints and mistake feedback may differ.
public enum TwinChecker {
    /// One way the twins differ, located in both files.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        /// What differs.
        public var message: String
        /// The translated file and its line.
        public var translatedPath: String, translatedLine: Int
        /// The English file and its line.
        public var originalPath: String, originalLine: Int

        /// `zh.md:12: message (English: en.md:10)`.
        public var description: String {
            "\(translatedPath):\(translatedLine): \(message) (English: \(originalPath):\(originalLine))"
        }
    }

    /// The first difference between `translated` and its English `original`, or nil when
    /// they are twins.
    public static func firstDifference(_ translated: Lesson, from original: Lesson) -> Difference? {
        func at(_ message: String, _ line: Int, _ originalLine: Int) -> Difference {
            Difference(
                message: message, translatedPath: translated.path, translatedLine: line,
                originalPath: original.path, originalLine: originalLine)
        }
        guard translated.id == original.id else {
            return at("id '\(translated.id)' is not the English lesson's '\(original.id)'", 1, 1)
        }
        let mine = translated.blocks.filter(\.isMachineBlock)
        let theirs = original.blocks.filter(\.isMachineBlock)
        for (a, b) in zip(mine, theirs) {
            switch (a, b) {
            case (.cell(let x), .cell(let y)):
                if x.code != y.code {
                    return at("code differs from the English cell", x.codeLine, y.codeLine)
                }
                if x.output?.text != y.output?.text {
                    return at(
                        "recorded output differs from the English cell's", x.output?.line ?? x.codeLine,
                        y.output?.line ?? y.codeLine)
                }
            case (.exercise(let x), .exercise(let y)):
                let line = { (e: Lesson.Exercise, field: String) in e.fieldLines[field] ?? e.line }
                if x.answer != y.answer { return at("answer differs", line(x, "answer"), line(y, "answer")) }
                if x.key?.value != y.key?.value {
                    return at("recorded key differs", line(x, "key"), line(y, "key"))
                }
                if x.digits != y.digits || x.exact != y.exact || x.tolerance != y.tolerance {
                    return at("digits, exact or tolerance differ", x.line, y.line)
                }
                if x.mistakes.map(\.answer) != y.mistakes.map(\.answer) {
                    return at("mistake expressions differ", line(x, "mistake"), line(y, "mistake"))
                }
            case (.cell(let x), .exercise(let y)):
                return at("a cell where the English lesson has an exercise", x.codeLine, y.line)
            case (.exercise(let x), .cell(let y)):
                return at("an exercise where the English lesson has a cell", x.line, y.codeLine)
            default:
                continue
            }
        }
        if mine.count != theirs.count {
            let last = { (blocks: [Lesson.Block]) in blocks.last?.line ?? 1 }
            return at(
                "\(mine.count) cells and exercises, the English lesson has \(theirs.count)", last(mine),
                last(theirs))
        }
        return nil
    }
}

extension Lesson.Block {
    /// Whether the block is code or an exercise (what twins share), not prose.
    var isMachineBlock: Bool {
        if case .prose = self { return false }
        return true
    }

    /// The block's first line in its file.
    var line: Int {
        switch self {
        case .prose(let prose): prose.line
        case .cell(let cell): cell.codeLine
        case .exercise(let exercise): exercise.line
        }
    }
}
