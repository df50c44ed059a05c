/// Lines from a non-terminal: no prompt, no history.
final class PlainReader: LineReader {
    func readLine(prompt: String) -> ReadResult {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }
    func addToHistory(_ line: String) {}
    func saveHistory() {}
}
