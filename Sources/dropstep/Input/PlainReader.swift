/// Reads lines without editing, prompts or history, for when stdin or stdout is not a terminal.
///
/// Scripts pipe commands in and read only results back, so nothing but the program's own output
/// may reach stdout.
final class PlainReader: LineReader {
    /// Creates a reader over standard input.
    init() {}

    /// Reads one line from standard input; `prompt` is ignored.
    func readLine(prompt: String) -> ReadResult {
        // A program driving us through pipes waits for the previous answer before sending more.
        Output.flush()
        guard let text = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(text)
    }

    /// Does nothing: piped input has no history.
    func addToHistory(_ line: String) {}

    /// Does nothing: piped input has no history.
    func saveHistory() {}
}
