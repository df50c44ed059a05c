@preconcurrency import CLineEdit
import Rendering

#if canImport(Glibc)
    import Glibc
#endif

/// Line editing on a terminal through libedit, with the habits of IPython and Julia: emacs
/// keys, history, Tab completion with signatures, bracketed paste, auto-indent, a readable
/// Ctrl-R, and the line in `$EDITOR` (the keys are listed in docs/repl.md).
///
/// Ctrl-C is an editor key here, not a signal: the terminal's ISIG is off while a line is edited,
/// because a SIGINT handler alone misses Ctrl-C in pasted or fast-typed input. ISIG is back on
/// whenever `readLine(prompt:initialText:)` has returned, so Ctrl-C during evaluation reaches
/// `Interrupt`.
///
/// Create it before starting other threads: it calls `setlocale`, which is not thread-safe.
final class LibeditReader: LineReader {
    private static let historySize: Int32 = 1000
    /// What a terminal sends around pasted text once bracketed paste is on.
    private static let pasteStart = "\u{1B}[200~"
    private static let pasteEnd = "\u{1B}[201~"
    private static let pasteEndScalars = pasteEnd.unicodeScalars.map(\.value)

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var historyPath: String?
    /// The last reason history could not be saved, so it is reported once, not after every line.
    private var historyProblem: String?
    private let completer: (String) -> Completion
    /// The prompt libedit shows; the prompt callback returns it, so it must outlive each call.
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    /// The prompt of the line being read, put back when a search ends.
    private var basePrompt = ""
    /// Set by the Ctrl-C key, because `el_gets` reports an interrupted empty line like Ctrl-D.
    private var wasInterrupted = false
    /// The auto-indent the line started with (a paste onto it keeps or replaces it).
    private var indentation = ""
    /// The Ctrl-R search in progress.
    private var search: HistorySearch?
    /// The terminal's modes outside editing, for the editor Ctrl-X Ctrl-E starts.
    private var cookedModes = termios()
    /// Whether the terminal understands bracketed paste (`TERM=dumb` does not).
    private let usesBracketedPaste = SystemFiles.environment("TERM") != "dumb"

    /// Starts libedit on the standard streams and loads history from `historyPath`, if given.
    ///
    /// - Parameters:
    ///   - historyPath: The history file; a missing one is fine, it is created by `saveHistory()`.
    ///   - completer: Given the text left of the cursor, the full words that could replace its last
    ///     word (`CompletionEdit.word(endingAt:)`) and the signature of the call it is in.
    init(historyPath: String?, completer: @escaping (String) -> Completion) {
        // Without a locale libedit silently drops every non-ASCII character typed.
        // The environment's locale, or, when it names one not installed here (zh_CN.UTF-8 on a
        // machine with only C.UTF-8) or a non-UTF-8 one, C.UTF-8: libedit then still reads
        // Chinese and other non-ASCII input as characters instead of dropping it.
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? ""
        if chosen.isEmpty || chosen == "C" || chosen == "POSIX" || !chosen.uppercased().contains("UTF") {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "C.utf8") }
        }
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
        setBracketedPaste(false)
        // el_end puts the terminal back the way it found it.
        el_end(editLine)
        history_end(history)
        free(promptBuffer)
    }

    /// Shows `prompt` (ANSI colours allowed) and edits one line until Enter, Ctrl-C or Ctrl-D.
    ///
    /// `initialText` is pushed as input before editing starts (`el_insertstr` would be undone
    /// by `el_gets`, which empties the buffer first); text with line breaks goes in as a paste.
    func readLine(prompt: String, initialText: String) -> ReadResult {
        basePrompt = PromptMarkup.marked(prompt)
        setPrompt(basePrompt)
        wasInterrupted = false
        search = nil
        indentation = ""
        // libedit writes through the same FILE, but anything buffered must show before the prompt.
        Output.flush()
        tcgetattr(STDIN_FILENO, &cookedModes)
        if initialText.contains("\n") {
            el_push(editLine, Self.pasteStart + initialText + Self.pasteEnd)
        } else if !initialText.isEmpty {
            indentation = initialText
            el_push(editLine, initialText)
        }
        setBracketedPaste(true)
        var count: Int32 = 0
        let text = el_gets(editLine, &count)
        // Off while the code runs and after leaving, or the shell gets pastes wrapped in markers.
        setBracketedPaste(false)
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

    /// The history, oldest first.
    var historyEntries: [String] {
        var entries = [String]()
        var entry = cle_history_first(history)
        while let pointer = entry {
            entries.append(String(cString: pointer))
            entry = cle_history_next(history)
        }
        return entries.reversed()
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
        bind("dropstep-complete", "Complete the word, or show the call's signature", to: ["^I"]) {
            editLine, _ in
            LibeditReader.from(editLine)?.complete() ?? UInt8(CC_ERROR)
        }
        bind("dropstep-interrupt", "Drop the line being edited", to: ["^C"]) { editLine, _ in
            LibeditReader.from(editLine)?.interrupt() ?? UInt8(CC_ERROR)
        }
        bind("dropstep-paste", "Insert bracketed pasted text as it is", to: ["\\e[200~"]) { editLine, _ in
            LibeditReader.from(editLine)?.paste() ?? UInt8(CC_ERROR)
        }
        bind("dropstep-backspace", "Delete a character, or one indentation level", to: ["^?", "^H"]) {
            editLine, _ in
            LibeditReader.from(editLine)?.backspace() ?? UInt8(CC_ERROR)
        }
        bind("dropstep-eof", "Leave on an empty (or indent-only) line, else delete", to: ["^D"]) {
            editLine, _ in
            LibeditReader.from(editLine)?.endOfInputOrDelete() ?? UInt8(CC_ERROR)
        }
        bind("dropstep-search", "Search history backwards as you type", to: ["^R"]) { editLine, _ in
            LibeditReader.from(editLine)?.searchStep() ?? UInt8(CC_ERROR)
        }
        bind("dropstep-signature", "Show the signature of the call at the cursor", to: ["\\eh"]) {
            editLine, _ in
            LibeditReader.from(editLine)?.showSignature() ?? UInt8(CC_ERROR)
        }
        bind("dropstep-edit", "Edit the line in $VISUAL or $EDITOR", to: ["^X^E"]) { editLine, _ in
            LibeditReader.from(editLine)?.editInEditor() ?? UInt8(CC_ERROR)
        }
        // With ISIG off the key reaches the editor instead of raising SIGINT.
        cle_setty(editLine, "-d", "-isig")
        // Edit mode maps CR and LF into each other, so a pasted CRLF would arrive as LF CR.
        cle_setty(editLine, "-d", "-inlcr")
        cle_setty(editLine, "-d", "-icrnl")
        // Bound by sequence too: `bind -k` follows termcap, which may not match what is sent.
        for sequence in ["\\e[A", "\\eOA"] { cle_bind(editLine, sequence, "ed-prev-history") }
        for sequence in ["\\e[B", "\\eOB"] { cle_bind(editLine, sequence, "ed-next-history") }
        // ~/.editrc (or $EDITRC) last, so learners can change any of the above.
        el_source(editLine, nil)
    }

    /// Registers a key function under `name` and binds it to `keys` (editrc syntax).
    private func bind(_ name: String, _ help: String, to keys: [String], _ function: cle_key_fn) {
        cle_add_function(editLine, name, help, function)
        for key in keys { cle_bind(editLine, key, name) }
    }

    // MARK: The buffer

    /// The text left of the cursor, and what is right of it, as libedit's UTF-8 buffer holds them.
    private func lineAroundCursor() -> (before: String, after: [UInt8]) {
        guard let line = el_line(editLine)?.pointee else { return ("", []) }
        let before = UnsafeRawBufferPointer(start: line.buffer, count: line.cursor - line.buffer)
        let after = UnsafeRawBufferPointer(start: line.cursor, count: line.lastchar - line.cursor)
        return (String(decoding: before, as: UTF8.self), Array(after))
    }

    /// The whole buffer.
    private var bufferText: String {
        let (before, after) = lineAroundCursor()
        return before + String(decoding: after, as: UTF8.self)
    }

    /// Replaces the whole buffer; the cursor goes `cursorOffset` scalars in, or to the end.
    ///
    /// `el_cursor` and `el_deletestr` count characters, so the wide view gives the counts.
    private func replaceBuffer(with text: String, cursorOffset: Int? = nil) {
        guard let line = el_wline(editLine)?.pointee else { return }
        let total = line.lastchar - line.buffer
        let cursor = line.cursor - line.buffer
        _ = el_cursor(editLine, Int32(total - cursor))
        if total > 0 { el_deletestr(editLine, Int32(total)) }
        if !text.isEmpty { _ = el_insertstr(editLine, text) }
        if let cursorOffset { _ = el_cursor(editLine, Int32(cursorOffset - text.unicodeScalars.count)) }
    }

    /// Prints `text` under the buffer, then draws the prompt and buffer again below it.
    ///
    /// `EL_REFRESH` draws from the cursor's row where `CC_REDISPLAY` would first move up by
    /// the rows it thinks the line takes, overwriting the text on a wrapped or multi-line buffer.
    private func showBelow(_ text: String) -> UInt8 {
        guard let output = cle_get_outfp(editLine) else { return UInt8(CC_ERROR) }
        // Past the rest of the buffer first, or the text would overwrite it.
        let rest = lineAroundCursor().after
        if !rest.isEmpty { fwrite(rest, 1, rest.count, output) }
        fputs("\n" + text + "\n", output)
        fflush(output)
        cle_refresh(editLine)
        return UInt8(CC_NORM)
    }

    private func setPrompt(_ prompt: String) {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
    }

    private func setBracketedPaste(_ isOn: Bool) {
        guard usesBracketedPaste else { return }
        Output.write(isOn ? "\u{1B}[?2004h" : "\u{1B}[?2004l")
        Output.flush()
    }

    // MARK: Keys

    /// Tab: inserts what the candidates agree on, lists them when they don't, beeps on none;
    /// inside a call, the signature shows above a list or alone when nothing completes.
    private func complete() -> UInt8 {
        let text = lineAroundCursor().before
        let completion = completer(text)
        let signature = completion.signature.map {
            HelpText(width: terminalWidth()).signature($0, indent: "  ").joined(separator: "\n")
        }
        switch CompletionEdit(text: text, candidates: completion.candidates) {
        case .insert(let suffix):
            return el_insertstr(editLine, suffix) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
        case .replace(let count, let replacement):
            el_deletestr(editLine, Int32(count))
            return el_insertstr(editLine, replacement) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
        case .list(let candidates):
            let list = CompletionEdit.columns(
                candidates.map { completion.listPrefix + $0 }, width: terminalWidth())
            return showBelow(signature.map { $0 + "\n" + list } ?? list)
        case .beep:
            return signature.map(showBelow) ?? UInt8(CC_REFRESH_BEEP)
        case .none:
            return signature.map(showBelow) ?? UInt8(CC_NORM)
        }
    }

    /// Meta-h: the signature and summary of the call the cursor is in.
    private func showSignature() -> UInt8 {
        let completion = completer(lineAroundCursor().before)
        guard let signature = completion.signature else { return UInt8(CC_REFRESH_BEEP) }
        let help = HelpText(width: terminalWidth())
        var lines = help.signature(signature, indent: "  ")
        if let summary = completion.summary { lines += wrap(summary, width: terminalWidth(), indent: "    ") }
        return showBelow(lines.joined(separator: "\n"))
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

    /// Ctrl-D: leaves on an empty line or one holding only the auto-indent; else deletes the
    /// character under the cursor, as libedit's own binding does.
    private func endOfInputOrDelete() -> UInt8 {
        let (before, after) = lineAroundCursor()
        if (before + String(decoding: after, as: UTF8.self)).allSatisfy({ $0 == " " }) {
            replaceBuffer(with: "")
            Output.write("^D")
            Output.flush()
            return UInt8(CC_EOF)
        }
        guard !after.isEmpty else { return UInt8(CC_ERROR) }
        _ = el_cursor(editLine, 1)
        el_deletestr(editLine, 1)
        return UInt8(CC_REFRESH)
    }

    /// Backspace: in the indentation of a line, back to the previous level of four spaces.
    private func backspace() -> UInt8 {
        let before = lineAroundCursor().before
        guard !before.isEmpty else { return UInt8(CC_ERROR) }
        let row = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        let count = !row.isEmpty && row.allSatisfy({ $0 == " " }) ? (row.count - 1) % 4 + 1 : 1
        el_deletestr(editLine, Int32(count))
        return UInt8(CC_REFRESH)
    }

    /// The start of a bracketed paste: reads the pasted characters as they are (no key runs,
    /// so a Tab or a line break inside is text) up to the end marker, and inserts them.
    private func paste() -> UInt8 {
        var scalars = [UInt32]()
        var character: wchar_t = 0
        while el_wgetc(editLine, &character) == 1 {
            scalars.append(UInt32(bitPattern: character))
            if scalars.count >= Self.pasteEndScalars.count
                && scalars.suffix(Self.pasteEndScalars.count).elementsEqual(Self.pasteEndScalars)
            {
                scalars.removeLast(Self.pasteEndScalars.count)
                break
            }
        }
        var text = PastedText.normalized(
            String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))))
        let (before, after) = lineAroundCursor()
        if !indentation.isEmpty, before == indentation, after.isEmpty {
            let placed = PastedText.placed(text, afterIndentation: indentation)
            if placed.replacesIndentation { el_deletestr(editLine, Int32(indentation.count)) }
            text = placed.text
        }
        if !text.isEmpty { _ = el_insertstr(editLine, text) }
        return UInt8(CC_REFRESH)
    }

    /// Ctrl-R and every key while searching: the search reads the next key itself, then
    /// pushes Ctrl-R back so libedit redraws (prompt and line) and calls it again.
    private func searchStep() -> UInt8 {
        guard var current = search else {
            search = HistorySearch(entries: historyEntries.reversed(), original: bufferText)
            return showSearch()
        }
        var key: wchar_t = 0
        guard el_wgetc(editLine, &key) == 1 else {
            endSearch()
            return UInt8(CC_EOF)
        }
        switch UInt32(bitPattern: key) {
        case 0x12:
            current.older()
        case 0x7F, 0x08:
            current.deleteBackward()
        case 0x07, 0x03:
            // Ctrl-G or Ctrl-C: back to the line as it was.
            endSearch()
            replaceBuffer(with: current.original)
            return UInt8(CC_REFRESH)
        case 0x0D, 0x0A:
            // Enter runs the line found.
            endSearch()
            el_push(editLine, "\r")
            return UInt8(CC_REFRESH)
        case 0x1B:
            // Escape keeps the line found for editing; an arrow key's sequence goes on to run.
            endSearch()
            if cle_input_pending(STDIN_FILENO, 30) != 0 { el_push(editLine, "\u{1B}") }
            return UInt8(CC_REFRESH)
        case 0..<0x20:
            // Another control key (Ctrl-A, Ctrl-E, ...) keeps the line found and acts on it.
            endSearch()
            el_wpush(editLine, [key, 0])
            return UInt8(CC_REFRESH)
        default:
            if let scalar = Unicode.Scalar(UInt32(bitPattern: key)) { current.type(String(scalar)) }
        }
        search = current
        replaceBuffer(with: current.line, cursorOffset: current.cursorOffset)
        return showSearch()
    }

    private func showSearch() -> UInt8 {
        guard let search else { return UInt8(CC_ERROR) }
        setPrompt(search.prompt)
        el_push(editLine, "\u{12}")
        return UInt8(CC_REFRESH)
    }

    private func endSearch() {
        search = nil
        setPrompt(basePrompt)
    }

    /// Ctrl-X Ctrl-E: the buffer in `$VISUAL` or `$EDITOR`; the edited text comes back for
    /// more editing (Enter runs it), and a failed editor (vim's `:cq`) leaves it unchanged.
    private func editInEditor() -> UInt8 {
        var editingModes = termios()
        tcgetattr(STDIN_FILENO, &editingModes)
        // The editor needs the terminal as the shell has it: echo, lines, signals.
        tcsetattr(STDIN_FILENO, TCSADRAIN, &cookedModes)
        setBracketedPaste(false)
        let edited = ExternalEditor.edit(bufferText)
        tcsetattr(STDIN_FILENO, TCSADRAIN, &editingModes)
        setBracketedPaste(true)
        if let edited { replaceBuffer(with: edited) }
        return UInt8(CC_REDISPLAY)
    }

    private func terminalWidth() -> Int { Terminal.width() }
}

/// Text as a terminal pastes it, made ready for the buffer.
enum PastedText {
    /// Line breaks as `\n` (terminals send CR, some CRLF), without the trailing ones, so
    /// pressing Enter after a paste does not add an empty line.
    static func normalized(_ text: String) -> String {
        var result = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        while result.hasSuffix("\n") { result.removeLast() }
        return result
    }

    /// A paste onto a line holding only the auto-indent: text that brings its own indentation
    /// replaces it; text starting at column 0 keeps it, and its later lines are indented as
    /// much, so a block copied from the left margin lands inside the block being typed.
    static func placed(_ text: String, afterIndentation indentation: String) -> (
        text: String, replacesIndentation: Bool
    ) {
        guard text.contains("\n") else { return (text, false) }
        if text.first == " " || text.first == "\t" { return (text, true) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indented = [String(lines[0])] + lines.dropFirst().map { $0.isEmpty ? "" : indentation + $0 }
        return (indented.joined(separator: "\n"), false)
    }
}
