import DropoutCore
import LessonScript
import Notebook

/// ANSI text styling that degrades to plain text when disabled (for pipes, `NO_COLOR`, tests).
///
/// Each style closes with its own reset code (bold with 22, colours with 39, ...) rather than
/// a full reset, so styles nest: a bold word inside a coloured line stays coloured after it.
public struct TerminalStyle: Sendable, Equatable {
    /// Whether escape sequences are emitted.
    public var isEnabled: Bool

    /// Creates a style that emits escapes only when `isEnabled` is true.
    public init(isEnabled: Bool) {
        self.isEnabled = isEnabled
    }

    /// No escapes at all.
    public static let plain = TerminalStyle(isEnabled: false)
    /// ANSI escapes, for a colour terminal.
    public static let ansi = TerminalStyle(isEnabled: true)

    /// Bold (increased intensity).
    public func bold(_ text: String) -> String { apply("1", "22", text) }
    /// Dim (decreased intensity), for secondary information.
    public func dim(_ text: String) -> String { apply("2", "22", text) }
    /// Italic, for emphasis.
    public func italic(_ text: String) -> String { apply("3", "23", text) }
    /// Underlined.
    public func underline(_ text: String) -> String { apply("4", "24", text) }
    /// Red foreground, for errors and removed lines.
    public func red(_ text: String) -> String { apply("31", "39", text) }
    /// Green foreground, for passes and added lines.
    public func green(_ text: String) -> String { apply("32", "39", text) }
    /// Yellow foreground, for warnings.
    public func yellow(_ text: String) -> String { apply("33", "39", text) }
    /// Blue foreground.
    public func blue(_ text: String) -> String { apply("34", "39", text) }
    /// Magenta foreground.
    public func magenta(_ text: String) -> String { apply("35", "39", text) }
    /// Cyan foreground.
    public func cyan(_ text: String) -> String { apply("36", "39", text) }

    /// A heading of the given Markdown level: 1 bold magenta underlined, 2 bold magenta, 3+ bold.
    public func heading(_ text: String, level: Int) -> String {
        switch level {
        case 1: return bold(magenta(underline(text)))
        case 2: return bold(magenta(text))
        default: return bold(text)
        }
    }

    /// Inline code in prose.
    public func code(_ text: String) -> String { cyan(text) }

    private func apply(_ open: String, _ close: String, _ text: String) -> String {
        guard isEnabled, !text.isEmpty else { return text }
        return "\u{1B}[\(open)m\(text)\u{1B}[\(close)m"
    }
}
