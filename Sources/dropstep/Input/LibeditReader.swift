@preconcurrency import CLineEdit

#if canImport(Glibc)
    import Glibc
#endif

/// Line editing on a terminal through libedit: emacs keys, history, Ctrl-R, Tab completion.
///
/// Ctrl-C is an editor key here, not a signal: the terminal's ISIG is off while a line is edited,
/// because a SIGINT handler alone misses Ctrl-C in pasted or fast-typed input. ISIG is back on
/// whenever `readLine(prompt:)` has returned, so Ctrl-C during evaluation reaches `Interrupt`.
///
/// Create it before starting other threads: it calls `setlocale`, which is not thread-safe.
final class LibeditReader: LineReader {
    private static let historySize: Int32 = 1000

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var historyPath: String?
    /// The last reason history could not be saved, so it is reported once, not after every line.
    private var historyProblem: String?
    private let completer: (String) -> [String]
    /// The prompt libedit shows; the prompt callback returns it, so it must outlive each call.
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    /// Set by the Ctrl-C key, because `el_gets` reports an interrupted empty line like Ctrl-D.
    private var wasInterrupted = false

    /// Starts libedit on the standard streams and loads history from `historyPath`, if given.
    ///
    /// - Parameters:
    ///   - historyPath: The history file; a missing one is fine, it is created by `saveHistory()`.
    ///   - completer: Given the text left of the cursor, the full words that could replace its last
    ///     word (`CompletionEdit.word(endingAt:)`).
    init(historyPath: String?, completer: @escaping (String) -> [String]) {
        // Without a locale libedit silently drops every non-ASCII character typed.
        setlocale(LC_CTYPE, "")
        guard let editLine = el_init("dropstep", cle_stdin(), cle_stdout(), cle_stderr()),
            let history = history_init()
        else { fatalError("libedit could not start (out of memory)") }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
        self.completer = completer
        cle_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        // The default is vi insert mode, where Ctrl-A types a literal ^A.
        cle_set_editor(editLine, "emacs")
        cle_set_prompt_esc(editLine, { editLine in LibeditReader.from(editLine)?.promptBuffer }, 1)
        // libedit's own handlers restore the terminal on SIGTERM/SIGHUP and track resizes; while
        // a line is edited it puts the handlers found (ours, for SIGINT) back afterwards.
        cle_set_signal(editLine, 1)
        // The size defaults to 0, which would silently drop every entry loaded.
        cle_history_setsize(history, Self.historySize)
        cle_history_setunique(history, 1)
        cle_set_history(editLine, history)
        if let historyPath {
            // A file in another format is kept aside rather than replaced by an empty history.
            let prepared = HistoryFile.prepare(historyPath)
            if let warning = prepared.warning { Output.error(warning) }
            if prepared.loads { cle_history_load(history, historyPath) }
            if !prepared.saves { self.historyPath = nil }
        }
        bindKeys()
    }

    deinit {
        // el_end puts the terminal back the way it found it.
        el_end(editLine)
        history_end(history)
        free(promptBuffer)
    }

    /// Shows `prompt` (ANSI colours allowed) and edits one line until Enter, Ctrl-C or Ctrl-D.
    func readLine(prompt: String) -> ReadResult {
        free(promptBuffer)
        promptBuffer = strdup(PromptMarkup.marked(prompt))
        wasInterrupted = false
        // libedit writes through the same FILE, but anything buffered must show before the prompt.
        Output.flush()
        var count: Int32 = 0
        let text = el_gets(editLine, &count)
        // Checked first: Ctrl-C on an empty line also gives NULL with count 0.
        if wasInterrupted { return .interrupted }
        // errno keeps an old EINTR across later successful calls, so look at count first.
        if count == -1 { return errno == EINTR ? .interrupted : .endOfInput }
        guard let text else {
            // libedit echoes ^D but leaves the cursor after it; what follows needs a fresh line.
            Output.write("\n")
            return .endOfInput
        }
        // Copied at once: libedit reuses the buffer.
        var line = String(cString: text)
        if line.utf8.last == UInt8(ascii: "\n") { line = String(line.utf8.dropLast())! }
        return .line(line)
    }

    /// Adds `line` to the history unless it is blank or repeats the previous entry, and saves
    /// the history file at once, so closing the terminal loses nothing.
    func addToHistory(_ line: String) {
        guard line.contains(where: { !$0.isWhitespace }) else { return }
        cle_history_enter(history, line)
        saveHistory()
    }

    /// Writes the history file atomically (`HistoryFile.save`); a failure is reported once.
    func saveHistory() {
        guard let historyPath else { return }
        let problem = HistoryFile.save(history, to: historyPath)
        if let problem, problem != historyProblem {
            Output.error("dropstep: cannot save history to '\(historyPath)': \(problem)")
        }
        historyProblem = problem
    }

    /// The reader registered as `editLine`'s client data, reached from C callbacks.
    private static func from(_ editLine: OpaquePointer?) -> LibeditReader? {
        guard let editLine, let pointer = cle_get_clientdata(editLine) else { return nil }
        return Unmanaged<LibeditReader>.fromOpaque(pointer).takeUnretainedValue()
    }

    private func bindKeys() {
        cle_add_function(editLine, "dropstep-complete", "Complete the word before the cursor") {
            editLine, _ in
            LibeditReader.from(editLine)?.complete() ?? UInt8(CC_ERROR)
        }
        cle_add_function(editLine, "dropstep-interrupt", "Drop the line being edited") {
            editLine, _ in
            LibeditReader.from(editLine)?.interrupt() ?? UInt8(CC_ERROR)
        }
        cle_bind(editLine, "^I", "dropstep-complete")
        cle_bind(editLine, "^C", "dropstep-interrupt")
        // With ISIG off the key reaches the editor instead of raising SIGINT.
        cle_setty(editLine, "-d", "-isig")
        // Ctrl-R is ed-redisplay by default.
        cle_bind(editLine, "^R", "em-inc-search-prev")
        // Bound by sequence too: `bind -k` follows termcap, which may not match what is sent.
        for sequence in ["\\e[A", "\\eOA"] { cle_bind(editLine, sequence, "ed-prev-history") }
        for sequence in ["\\e[B", "\\eOB"] { cle_bind(editLine, sequence, "ed-next-history") }
        // ~/.editrc (or $EDITRC) last, so learners can change any of the above.
        el_source(editLine, nil)
    }

    /// The text left of the cursor, and what is right of it, as libedit's UTF-8 buffer holds them.
    private func lineAroundCursor() -> (before: String, after: [UInt8]) {
        guard let line = el_line(editLine)?.pointee else { return ("", []) }
        let before = UnsafeRawBufferPointer(start: line.buffer, count: line.cursor - line.buffer)
        let after = UnsafeRawBufferPointer(start: line.cursor, count: line.lastchar - line.cursor)
        return (String(decoding: before, as: UTF8.self), Array(after))
    }

    /// Tab: inserts what the candidates agree on, lists them when they don't, beeps on none.
    private func complete() -> UInt8 {
        let text = lineAroundCursor().before
        switch CompletionEdit(text: text, candidates: completer(text)) {
        case .insert(let suffix):
            return el_insertstr(editLine, suffix) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
        case .replace(let count, let replacement):
            el_deletestr(editLine, Int32(count))
            return el_insertstr(editLine, replacement) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
        case .list(let candidates):
            // libedit redraws the prompt and the line below the list.
            Output.write("\n" + CompletionEdit.columns(candidates, width: terminalWidth()) + "\n")
            Output.flush()
            return UInt8(CC_REDISPLAY)
        case .beep:
            return UInt8(CC_REFRESH_BEEP)
        case .none:
            return UInt8(CC_NORM)
        }
    }

    /// Ctrl-C: shows `^C` after the whole line, as a shell does, and ends the line as dropped.
    private func interrupt() -> UInt8 {
        wasInterrupted = true
        // Reprinting the rest of the line moves the cursor to its end, so ^C is not written over it.
        let rest = lineAroundCursor().after
        if !rest.isEmpty { fwrite(rest, 1, rest.count, cle_stdout()) }
        Output.write("^C\n")
        Output.flush()
        return UInt8(CC_NEWLINE)
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
