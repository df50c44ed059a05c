import LessonScript

/// Gathers what the learner enters into complete inputs for `Session.submit`, and says how
/// far the next line is indented (pure, so the rules are testable without a terminal).
///
/// - A line alone is complete unless it opens a block (`for t in range(3):`), leaves a
///   bracket open or ends with `\`; then lines gather until the code is complete, and a
///   blank or indent-only line closes an open block.
/// - Text with line breaks in it (a bracketed paste, a block recalled from history or back
///   from the editor) is one unit: its blank lines stay inside it, so they never reach the
///   session as Enter (which would run the next lesson step). Pasted `:command` lines are
///   carried out on their own, in order.
struct InputBlock {
    /// What one entered line (or pasted unit) completes.
    enum Outcome: Equatable {
        /// More lines are needed.
        case incomplete
        /// Inputs to hand to the session, in order.
        case complete([String])
    }

    /// The lines gathered so far.
    private(set) var lines: [String] = []

    /// Whether no block is being gathered.
    var isEmpty: Bool { lines.isEmpty }

    /// Drops what was gathered (Ctrl-C).
    mutating func reset() { lines = [] }

    /// Adds one entered line, or a unit of several.
    mutating func add(_ entered: String) -> Outcome {
        if entered.contains("\n") { return addUnit(entered) }
        let isBlank = entered.trimmingSpaces().isEmpty
        if lines.isEmpty && (isBlank || entered.trimmingSpaces().hasPrefix(":")) {
            return .complete([entered])
        }
        lines.append(entered)
        let code = lines.joined(separator: "\n")
        if Parser.needsMoreInput(code) && !(isBlank && lines.count > 1) { return .incomplete }
        // The blank line that closed a block is not part of it (nor of its history entry).
        while lines.count > 1, let last = lines.last, last.trimmingSpaces().isEmpty { lines.removeLast() }
        defer { lines = [] }
        return .complete([lines.joined(separator: "\n")])
    }

    /// A unit with line breaks: complete unless a bracket is left open or it ends asking for
    /// a block's body, so a pasted loop runs without an extra blank line.
    private mutating func addUnit(_ unit: String) -> Outcome {
        let pieces = Self.splitAtCommands(unit)
        // Nothing but blank lines is nothing (never an Enter); commands go one by one.
        if lines.isEmpty && (pieces.count != 1 || pieces[0].hasPrefix(":")) { return .complete(pieces) }
        lines.append(unit)
        let code = lines.joined(separator: "\n")
        // With a blank line after it, only an open bracket or a trailing `:` or `\` asks for more.
        if Parser.needsMoreInput(code + "\n") || code.trimmingSpaces().hasSuffix(":") { return .incomplete }
        lines = []
        return .complete([code])
    }

    /// The indentation the next line starts with: the last line's, one level deeper after a
    /// line ending in `:`.
    var nextIndent: String {
        guard let last = lines.last?.split(separator: "\n", omittingEmptySubsequences: false).last else {
            return ""
        }
        let indent = String(last.prefix { $0 == " " })
        return Self.opensBlock(String(last)) ? indent + "    " : indent
    }

    /// Whether `line` ends with `:` (before any comment): the next line is a block's body.
    static func opensBlock(_ line: String) -> Bool {
        var code = line
        if CallContext.openQuote(in: line) == nil, let hash = line.firstIndex(of: "#"),
            CallContext.openQuote(in: String(line[..<hash])) == nil
        {
            code = String(line[..<hash])
        }
        return code.trimmingSpaces().hasSuffix(":")
    }

    /// `text` cut into inputs at its `:command` lines: each command alone, the code between
    /// them as one input each; blank lines between pieces are dropped.
    static func splitAtCommands(_ text: String) -> [String] {
        var pieces = [String]()
        var code = [String]()
        func flushCode() {
            while let last = code.last, last.trimmingSpaces().isEmpty { code.removeLast() }
            if !code.isEmpty { pieces.append(code.joined(separator: "\n")) }
            code = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix(":") {
                flushCode()
                pieces.append(line)
            } else if !(code.isEmpty && line.trimmingSpaces().isEmpty) {
                code.append(line)
            }
        }
        flushCode()
        return pieces
    }
}
