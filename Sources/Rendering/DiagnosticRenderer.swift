import DropoutCore
import LessonScript
import Notebook

/// Draws a ``ScriptError`` under the line of source it points at, rustc style:
///
/// ```
/// error: unknown function 'dropoot'; did you mean 'dropout'?
///  --> 2:5
///   |
/// 2 | y = dropoot(x)
///   |     ^^^^^^^
/// ```
///
/// Tabs are shown as four spaces and control characters as `�`, and carets are measured in
/// terminal cells (``displayWidth(of:)``), so they line up under wide characters too.
public struct DiagnosticRenderer: Sendable {
    /// Whether to mark "error" and the carets in ANSI bold red.
    public var usesColor: Bool
    /// The file shown before the location, e.g. `lessons/01.md`; `nil` shows only `line:column`.
    public var fileName: String?
    /// Added to every line number shown, for scripts embedded in a larger file.
    public var lineOffset: Int

    /// Creates a renderer.
    ///
    /// - Parameters:
    ///   - color: Whether to use ANSI colour.
    ///   - fileName: The file named in the location line, if any.
    ///   - lineOffset: The number of lines of the file that precede the script.
    public init(color: Bool = false, fileName: String? = nil, lineOffset: Int = 0) {
        self.usesColor = color
        self.fileName = fileName
        self.lineOffset = lineOffset
    }

    /// The error drawn against `source`, the text it was found in, without a final newline.
    public func render(_ error: ScriptError, source: String) -> String {
        let lines = SourceText.lines(of: source)
        let start = error.range.start
        let line = lines.indices.contains(start.line - 1) ? Array(lines[start.line - 1]) : []
        let shownLine = start.line + lineOffset
        let padding = String(repeating: " ", count: String(shownLine).count)
        let file = fileName.map { "\($0):" } ?? ""

        // Clamp to the line so an error at the end of input still gets one caret after the text.
        let first = min(max(start.column, 1), line.count + 1) - 1
        let endColumn = error.range.end.line == start.line ? error.range.end.column - 1 : line.count
        let last = min(max(endColumn, first), line.count)
        let indent = line[..<first].reduce(0) { $0 + DiagnosticRenderer.cellWidth(of: $1) }
        let width = line[first..<last].reduce(0) { $0 + DiagnosticRenderer.cellWidth(of: $1) }
        let carets = String(repeating: "^", count: max(1, width))
        let shownText = line.map(DiagnosticRenderer.shown).joined()

        var output = [
            highlighted("error") + ": " + error.message,
            padding + "--> " + file + "\(shownLine):\(start.column)",
            padding + " |",
            "\(shownLine) |" + (shownText.isEmpty ? "" : " " + shownText),
            padding + " | " + String(repeating: " ", count: indent) + highlighted(carets),
        ]
        output += error.notes.map { padding + " = note: " + $0 }
        return output.joined(separator: "\n")
    }

    private func highlighted(_ text: String) -> String {
        usesColor ? "\u{1B}[1;31m" + text + "\u{1B}[0m" : text
    }

    /// How a source scalar is drawn: tabs expanded, control characters made visible and harmless.
    private static func shown(_ scalar: Unicode.Scalar) -> String {
        if scalar == "\t" {
            return "    "
        }
        if isControl(scalar) {
            return "\u{FFFD}"
        }
        return String(scalar)
    }

    private static func cellWidth(of scalar: Unicode.Scalar) -> Int {
        if scalar == "\t" {
            return 4
        }
        return isControl(scalar) ? 1 : displayWidth(of: scalar)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }
}
