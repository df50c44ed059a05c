/// Reads lines without editing, prompts or history file, for when stdin or stdout is not a
/// terminal.
///
/// Scripts pipe commands in and read only results back, so nothing but the program's own output
/// may reach stdout.
final class PlainReader: LineReader {
    /// This run's inputs, so `:history` works in a piped session too.
    private(set) var historyEntries: [String] = []

    /// Creates a reader over standard input.
    init() {}

    /// Reads one line from standard input; `prompt` and `initialText` are ignored, because
    /// piped lines carry their own indentation.
    func readLine(prompt: String, initialText: String) -> ReadResult {
        // A program driving us through pipes waits for the previous answer before sending more.
        Output.flush()
        guard let text = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(text)
    }

    /// Remembers `line` for `:history` (nothing is written to disk).
    func addToHistory(_ line: String) {
        guard line.contains(where: { !$0.isWhitespace }), historyEntries.last != line else { return }
        historyEntries.append(line)
    }

    /// Does nothing: piped input has no history file.
    func saveHistory() {}
}
