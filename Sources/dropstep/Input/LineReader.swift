/// What one call to `LineReader.readLine(prompt:initialText:)` produced.
enum ReadResult: Equatable {
    /// A complete line, without its newline; a pasted block (or one back from the editor)
    /// arrives as one line with `\n` inside.
    case line(String)
    /// Ctrl-C while editing: the partial line (and any continuation) is to be dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// A source of input lines for the REPL: the libedit editor on a terminal, plain reads otherwise.
protocol LineReader: AnyObject {
    /// Shows `prompt` (which may hold ANSI colour codes) and reads one line, which starts out
    /// holding `initialText` (an indentation, or text back from the editor) as if typed.
    func readLine(prompt: String, initialText: String) -> ReadResult
    /// Records a line the user entered, so Up and Ctrl-R can find it.
    func addToHistory(_ line: String)
    /// Writes the history file, if there is one.
    func saveHistory()
    /// The history, oldest first (for `:history` and `:edit`).
    var historyEntries: [String] { get }
}

extension LineReader {
    /// Reads one line that starts out empty.
    func readLine(prompt: String) -> ReadResult { readLine(prompt: prompt, initialText: "") }
}
