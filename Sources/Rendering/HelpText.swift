import LessonScript
import Notebook

/// The `:help` texts (also shown for `?NAME` and `help(NAME)`) as lines that fit a width.
///
/// Every line breaks at word boundaries: a signature after the comma between two
/// parameters, prose between words. Nothing here knows the screen's height; ``fitting(_:rows:more:)``
/// cuts a text that is taller.
public struct HelpText: Sendable {
    /// Colours (bold signatures, dim notes) or none.
    public var style: TerminalStyle
    /// The columns available.
    public var width: Int

    /// Help texts for a style and width.
    public init(style: TerminalStyle = .plain, width: Int = 80) {
        self.style = style
        self.width = width
    }

    /// A built-in: its signature, summary, details, and the strings its parameters accept.
    public func builtin(_ builtin: Builtin) -> [String] {
        var lines = signature(builtin.usage).map(style.bold)
        lines += wrap(builtin.summary, width: width, indent: "  ")
        for paragraph in Self.paragraphs(of: builtin.details) {
            lines += wrap(paragraph, width: width, indent: "  ")
        }
        let prose = builtin.usage + " " + builtin.summary + " " + builtin.details
        for parameter in builtin.parameters
        where !parameter.choices.isEmpty && !parameter.choices.allSatisfy({ prose.contains($0) }) {
            let values = parameter.choices.map { "\"\($0)\"" }.joined(separator: ", ")
            lines += wrap("\(parameter.name): one of \(values)", width: width, indent: "  ").map(style.dim)
        }
        return lines
    }

    /// The learner's own function: its signature, then the comment or docstring above its `def`.
    public func userFunction(_ function: UserFunction) -> [String] {
        var lines = signature(function.isLambda ? function.lambdaText : "\(function.signature)").map(
            style.bold)
        for paragraph in Self.paragraphs(of: function.help ?? "(no comment above its def)") {
            lines += wrap(paragraph, width: width, indent: "  ")
        }
        return lines
    }

    /// A command: its usage and summary, the summary's lines aligned after the usage.
    public func command(_ command: SessionCommand) -> [String] {
        wrap(command.summary, width: width, indent: command.usage + "  ", subsequentIndent: "    ")
    }

    /// The overview: every command with its summary, then the built-ins by group.
    public func overview() -> [String] {
        var lines = wrap(
            style.bold("Commands") + " (anything else is code, run in the lesson's state):", width: width)
        let usageWidth = SessionCommand.allCases.map { displayWidth(of: $0.usage) }.max() ?? 0
        // Summaries start after the widest usage unless that leaves too little room for them;
        // then each usage has a line of its own.
        let column = usageWidth + 4 <= width / 2 ? usageWidth + 4 : 6
        for command in SessionCommand.allCases {
            let usage = "  " + command.usage
            if displayWidth(of: usage) + 2 > column {
                lines.append(usage)
                lines += wrap(command.summary, width: width, indent: String(repeating: " ", count: column))
                continue
            }
            let padding = String(repeating: " ", count: column - displayWidth(of: usage))
            lines += wrap(
                command.summary, width: width, indent: usage + padding,
                subsequentIndent: String(repeating: " ", count: column))
        }
        lines += wrap(
            "Positions count steps done: [2/6] means steps 1 and 2 have run and step 3 is next; :goto N runs steps 1 to N.",
            width: width
        ).map(style.dim)
        lines += wrap(style.bold("Functions") + " (?NAME, help(NAME) or :help NAME for one):", width: width)
        for group in Builtins.groups {
            let names = Builtins.group(group).map(\.name).joined(separator: ", ")
            lines += wrap(
                names, width: width, indent: "  \(group): ",
                subsequentIndent: String(repeating: " ", count: 4))
        }
        return lines
    }

    /// `No help for 'dropot'; did you mean 'dropout'?`, the suggestion given once.
    public func unknown(_ name: String, suggestion: String?) -> [String] {
        wrap("No help for '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "."), width: width)
    }

    /// A signature on as many lines as the width needs, broken after the commas between
    /// parameters; later lines line up after the opening parenthesis (or are indented by four
    /// when that would leave too little room).
    public func signature(_ text: String, indent: String = "") -> [String] {
        let pieces = Self.parameterPieces(of: text)
        let open = text.firstIndex(of: "(").map { displayWidth(of: String(text[...$0])) } ?? 0
        let continuation =
            indent + String(repeating: " ", count: open + displayWidth(of: indent) <= width / 2 ? open : 4)
        var lines = [String]()
        var line = indent
        for piece in pieces {
            let candidate = line + piece
            if displayWidth(of: candidate.trimmingTrailingSpace()) <= width || line == indent
                || line == continuation
            {
                line = candidate
                continue
            }
            lines.append(line.trimmingTrailingSpace())
            line = continuation + piece
        }
        lines.append(line.trimmingTrailingSpace())
        // A single parameter wider than the line still breaks, at the word level.
        return lines.flatMap { displayWidth(of: $0) <= width ? [$0] : wrap($0, width: width) }
    }

    /// `dropout(x, ` `p=0.5, ` ... : the text cut after each comma outside brackets and strings.
    static func parameterPieces(of text: String) -> [String] {
        var pieces = [String]()
        var current = ""
        var depth = 0
        var quote: Character?
        var sawOpening = false
        for character in text {
            current.append(character)
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "(", "[", "{", "<":
                if sawOpening { depth += 1 } else if character == "(" { sawOpening = true }
            case ")", "]", "}", ">": depth = Swift.max(0, depth - 1)
            case " " where depth == 0 && sawOpening && current.hasSuffix(", "):
                pieces.append(current)
                current = ""
            default: break
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// The details' source lines joined into paragraphs: a line continues the one before it
    /// unless that one ends a sentence (`.`, `:`, `?`, `!`), so a sentence broken in the
    /// table's source is one paragraph again, wrapped to the screen.
    public static func paragraphs(of details: String) -> [String] {
        var paragraphs = [String]()
        var current = ""
        for rawLine in details.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: " \t")
            if line.isEmpty {
                if !current.isEmpty { paragraphs.append(current) }
                current = ""
                continue
            }
            current = current.isEmpty ? line : current + " " + line
            if let last = line.last, ".:?!".contains(last) {
                paragraphs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }

    /// `lines` when at most `rows` tall; otherwise the first lines and a last one saying how to
    /// see the rest (`more: :help dropout --all (12 lines)`).
    public func fitting(_ lines: [String], rows: Int, more: String) -> [String] {
        guard lines.count > rows, rows >= 2 else { return lines }
        let shown = Array(lines.prefix(rows - 1))
        let hidden = lines.count - shown.count
        return shown + [style.dim("more: \(more) (\(hidden) more line\(hidden == 1 ? "" : "s"))")]
    }
}

extension String {
    fileprivate func trimmingTrailingSpace() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(self).trimmingCharacters(in: set)
    }
}
