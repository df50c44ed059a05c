// TEMPORARY stand-in until the libedit reader lands.
final class LibeditReader: LineReader {
    let plain = PlainReader()
    init(historyPath: String?, completer: @escaping (String) -> [String]) {}
    func readLine(prompt: String) -> ReadResult {
        Output.write(prompt)
        Output.flush()
        return plain.readLine(prompt: prompt)
    }
    func addToHistory(_ line: String) {}
    func saveHistory() {}
}
