import DropoutCore
import LessonScript
import Notebook

/// The number of terminal columns `text` occupies.
///
/// East Asian wide and fullwidth characters (CJK ideographs, kana, Hangul, fullwidth forms,
/// wide punctuation such as `。，、：；（）`) and emoji count 2; combining marks, zero-width
/// and control characters and ANSI escape sequences count 0; everything else counts 1.
public func displayWidth(of text: String) -> Int {
    textPieces(of: text).reduce(0) { total, piece in
        if case .character(let character) = piece { return total + characterWidth(character) }
        return total
    }
}

/// `text` with its ANSI escape sequences (colours, cursor moves, hyperlinks) removed.
public func removingANSIEscapes(from text: String) -> String {
    var result = ""
    for case .character(let character) in textPieces(of: text) { result.append(character) }
    return result
}

/// Wraps `text` into lines no wider than `width` columns, counting columns as `displayWidth` does.
///
/// Lines break at spaces and between wide (CJK) characters, which are written without spaces,
/// except before closing punctuation such as `。` or `）` and after opening punctuation such
/// as `（`. A word longer than a line is broken between characters, never inside an escape
/// sequence, and no visible character is lost: only the spaces at a break are dropped.
/// `\n` in `text` forces a break. A style that is open across a break is closed at the end
/// of the line and reopened after the next line's indent, so indents stay unstyled.
///
/// - Parameters:
///   - text: The text, possibly holding ANSI escape sequences.
///   - width: The number of columns available, indents included.
///   - indent: Put before the first line.
///   - subsequentIndent: Put before every later line; `indent` when nil.
/// - Returns: The lines, without trailing whitespace; no lines for empty text.
public func wrap(_ text: String, width: Int, indent: String = "", subsequentIndent: String? = nil) -> [String]
{
    var builder = LineBuilder(width: width, firstIndent: indent, indent: subsequentIndent ?? indent)
    for (number, line) in sourceLines(of: text).enumerated() {
        if number > 0 { builder.emit(isFinal: false) }
        for unit in wrapUnits(of: line.content) { builder.add(unit) }
    }
    builder.finish()
    return builder.lines.map { trimmedTrailing($0.replacing(nonBreakingSpace, with: " ")) }
}

/// A visible character, or an escape sequence that takes no room on screen.
enum TextPiece: Equatable {
    case character(Character)
    case escape(String)
}

/// Splits terminal text into characters and whole escape sequences (CSI such as colours,
/// OSC such as hyperlinks, and two-character escapes).
func textPieces(of text: String) -> [TextPiece] {
    let chars = Array(text)
    var pieces: [TextPiece] = []
    var index = 0
    while index < chars.count {
        guard chars[index] == "\u{1B}" else {
            pieces.append(.character(chars[index]))
            index += 1
            continue
        }
        var end = index + 1
        if end < chars.count, chars[end] == "[" {
            end += 1
            while end < chars.count {
                let value = chars[end].unicodeScalars.first?.value ?? 0
                end += 1
                if (0x40...0x7E).contains(value) { break }
            }
        } else if end < chars.count, chars[end] == "]" {
            end += 1
            while end < chars.count {
                if chars[end] == "\u{7}" {
                    end += 1
                    break
                }
                if chars[end] == "\u{1B}", end + 1 < chars.count, chars[end + 1] == "\\" {
                    end += 2
                    break
                }
                end += 1
            }
        } else if end < chars.count {
            end += 1
        }
        pieces.append(.escape(String(chars[index..<end])))
        index = end
    }
    return pieces
}

// MARK: Wrapping

/// A run of text that is never broken across lines unless it is longer than a whole line.
private struct WrapUnit {
    var pieces: [TextPiece] = []
    var width = 0
    /// The spaces before the unit; dropped when the unit starts a line.
    var space = ""
}

/// Characters a line may not start with (kinsoku): closing punctuation stays with its word.
private let noBreakBefore = Set("、。，．：；？！）」』】〕〉》〗〙〛”’・ー～…ゝゞ々,.;:!?)]}%")
/// Characters a line may not end with: opening punctuation stays with what it opens.
private let noBreakAfter = Set("（「『【〔〈《〖〘〚“‘([{")

/// Whether a line may break between two adjacent visible characters of one word.
private func canBreak(between previous: Character, and next: Character) -> Bool {
    guard characterWidth(previous) == 2 || characterWidth(next) == 2 else { return false }
    return !noBreakBefore.contains(next) && !noBreakAfter.contains(previous)
}

/// Splits one line into units at spaces and at CJK break opportunities; an escape joins the
/// character before it, or the unit after it when it follows a space.
private func wrapUnits(of line: String) -> [WrapUnit] {
    var units: [WrapUnit] = []
    var current = WrapUnit()
    var held: [TextPiece] = []
    var previous: Character?
    func flush() {
        if !current.pieces.isEmpty { units.append(current) }
        current = WrapUnit()
    }
    for piece in textPieces(of: line) {
        switch piece {
        case .escape:
            if previous == nil { held.append(piece) } else { current.pieces.append(piece) }
        case .character(let character) where isBlankCharacter(character):
            let space = current.pieces.isEmpty ? current.space : ""
            flush()
            current.space = space + " "
            previous = nil
        case .character(let character):
            if let previous, canBreak(between: previous, and: character) { flush() }
            current.pieces += held + [piece]
            held = []
            current.width += characterWidth(character)
            previous = character
        }
    }
    flush()
    if !held.isEmpty { units.append(WrapUnit(pieces: held, width: 0, space: current.space)) }
    return units
}

/// Fills lines greedily, unit by unit.
private struct LineBuilder {
    let width: Int
    let firstIndent: String
    let indent: String
    var lines: [String] = []
    var content = ""
    var contentWidth = 0
    var hasContent = false
    /// SGR sequences in effect, replayed after a break so a style survives the indent.
    var activeStyles: [String] = []
    /// The styles replayed at the start of the current line.
    var replayed = ""

    init(width: Int, firstIndent: String, indent: String) {
        self.width = width
        self.firstIndent = firstIndent
        self.indent = indent
    }

    var prefix: String { lines.isEmpty ? firstIndent : indent }
    var available: Int { max(1, width - displayWidth(of: prefix)) }

    mutating func add(_ unit: WrapUnit) {
        // A unit of escapes alone hugs the text before it: no space, no break.
        let space = hasContent && unit.width > 0 ? unit.space : ""
        if hasContent, unit.width > 0, contentWidth + space.count + unit.width > available {
            emit(isFinal: false)
        } else {
            content += space
            contentWidth += space.count
        }
        let fits = contentWidth + unit.width <= available
        for piece in unit.pieces {
            if !fits, case .character(let character) = piece, hasContent,
                contentWidth + characterWidth(character) > available
            {
                emit(isFinal: false)
            }
            append(piece)
        }
    }

    mutating func append(_ piece: TextPiece) {
        switch piece {
        case .character(let character):
            content.append(character)
            contentWidth += characterWidth(character)
            hasContent = true
        case .escape(let escape):
            content += escape
            track(escape)
        }
    }

    mutating func emit(isFinal: Bool) {
        var line = prefix + content
        if hasContent, !isFinal, !activeStyles.isEmpty { line += "\u{1B}[0m" }
        lines.append(hasContent ? line : trimmedTrailing(line))
        replayed = isFinal ? "" : activeStyles.joined()
        content = replayed
        contentWidth = 0
        hasContent = false
    }

    mutating func finish() {
        if hasContent || lines.isEmpty && !content.isEmpty {
            emit(isFinal: true)
        } else if content.count > replayed.count {
            // Escapes after the last visible character belong at the end of the last line.
            lines[lines.count - 1] += content.dropFirst(replayed.count)
        }
    }

    /// Keeps `activeStyles` in step with an SGR sequence: a reset clears it, a closing code
    /// (22, 23, 24, 27, 39, 49) removes the openers it ends, anything else is added.
    mutating func track(_ escape: String) {
        guard escape.hasPrefix("\u{1B}["), escape.hasSuffix("m") else { return }
        let parameters = escape.dropFirst(2).dropLast()
        let code = Int(parameters.split(separator: ";").first ?? "0") ?? -1
        let closed: (Int) -> Bool
        switch code {
        case 0: closed = { _ in true }
        case 22: closed = { $0 == 1 || $0 == 2 }
        case 23, 24, 27: closed = { $0 == code - 20 }
        case 39: closed = { (30...38).contains($0) || (90...97).contains($0) }
        case 49: closed = { (40...48).contains($0) || (100...107).contains($0) }
        default:
            activeStyles.append(escape)
            return
        }
        activeStyles.removeAll { style in
            closed(Int(style.dropFirst(2).dropLast().split(separator: ";").first ?? "") ?? -1)
        }
    }
}
