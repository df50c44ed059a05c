/// What one call to `LineReader.readLine(prompt:)` produced.
enum ReadResult: Equatable {
    /// A complete line, without its newline.
    case line(String)
    /// Ctrl-C while editing: the partial line (and any continuation) is to be dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// A source of input lines for the REPL: the libedit editor on a terminal, plain reads otherwise.
protocol LineReader: AnyObject {
    /// Shows `prompt` (which may hold ANSI colour codes) and reads one line.
    func readLine(prompt: String) -> ReadResult
    /// Records a line the user entered, so Up and Ctrl-R can find it.
    func addToHistory(_ line: String)
    /// Writes the history file, if there is one.
    func saveHistory()
}
