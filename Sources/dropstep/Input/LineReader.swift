/// What reading one line gave.
enum ReadResult: Equatable {
    case line(String)
    case interrupted
    case endOfInput
}

/// Where the REPL's lines come from.
protocol LineReader: AnyObject {
    func readLine(prompt: String) -> ReadResult
    func addToHistory(_ line: String)
    func saveHistory()
}
