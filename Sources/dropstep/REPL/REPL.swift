import Notebook
import Rendering

#if canImport(Glibc)
    import Glibc
#endif

/// The interactive loop: reads lines, hands each complete input to ``Session/submit(_:)``, and
/// renders the replies. Commands that touch files or the terminal (`:load`, `:save`,
/// `:lessons`, `:help`, `:quit`) are carried out here; every lesson rule lives in the session.
final class REPL {
    var session: Session
    let reader: LineReader
    let library: LessonLibrary
    let paths: StatePaths
    let usesColor: Bool
    let isInteractive: Bool
    /// Whether any statement failed (a piped session then exits 1).
    var hadError = false
    var style: TerminalStyle { usesColor ? .ansi : .plain }

    init(reader: LineReader, library: LessonLibrary, paths: StatePaths, usesColor: Bool, isInteractive: Bool)
    {
        self.reader = reader
        self.library = library
        self.paths = paths
        self.usesColor = usesColor
        self.isInteractive = isInteractive
        self.session = Session()
        self.session.interrupt = Interrupt.check
    }

    /// The terminal's width, or 80.
    var width: Int {
        var size = winsize()
        if isInteractive, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 {
            return Int(size.ws_col)
        }
        if let columns = SystemFiles.environment("COLUMNS").flatMap(Int.init), columns >= 20 {
            return columns
        }
        return 80
    }

    /// The renderer for the session's settings at the terminal's width.
    var renderer: ReplyRenderer {
        ReplyRenderer(settings: session.display, style: style, width: width)
    }

    /// Runs until end of input or `:quit`.
    func run(opening lesson: String?) {
        if isInteractive {
            Output.line(
                wrap(
                    "dropstep: learn dropout by running it. :help for commands, :lessons to list lessons, Ctrl-D to leave.",
                    width: width
                ).joined(separator: "\n"))
        }
        if let lesson { load(lesson) }
        var buffer = [String]()
        while true {
            let prompt = Prompt(session: session, isContinuation: !buffer.isEmpty, usesColor: usesColor).text
            Output.flush()
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                quit()
                return
            case .interrupted:
                buffer = []
                continue
            case .line(let line):
                let isBlank = line.trimmingSpaces().isEmpty
                if buffer.isEmpty && (isBlank || line.trimmingSpaces().hasPrefix(":")) {
                    if !isBlank { reader.addToHistory(line) }
                    guard submit(line) else { return }
                    continue
                }
                buffer.append(line)
                let code = buffer.joined(separator: "\n")
                // A block ends with an empty line; brackets and trailing colons ask for more.
                if Parser.needsMoreInput(code) && !(isBlank && buffer.count > 1) { continue }
                buffer = []
                reader.addToHistory(code)
                guard submit(code) else { return }
            }
        }
    }

    /// Hands one input to the session and shows the replies; false when the learner leaves.
    func submit(_ input: String) -> Bool {
        Interrupt.clear()
        for reply in session.submit(input) {
            if case .frontEnd(let command, let argument) = reply {
                guard perform(command, argument) else {
                    quit()
                    return false
                }
                continue
            }
            if case .step(let record, _) = reply, record.error != nil { hadError = true }
            let text = renderer.render(reply)
            if !text.isEmpty { Output.line(text) }
        }
        saveProgress()
        return true
    }

    // MARK: Lessons and progress

    func load(_ name: String) {
        let lesson: Lesson
        do {
            lesson = try library.find(name)
        } catch {
            Output.line(style.red("error: ") + "\(error)")
            return
        }
        saveProgress()
        session.load(lesson)
        let steps = session.steps.count
        Output.line(style.bold("# \(lesson.title)") + style.dim("  (\(lesson.id), \(steps) steps)"))
        if let text = try? SystemFiles.read(paths.progress(forLesson: lesson.id)),
            let progress = Progress(parsing: text),
            progress.position > 0
        {
            let resumed = session.resume(progress)
            var report = session.positionReport
            report.failedCells = resumed.records.filter { $0.error != nil }.count
            if resumed.lessonChanged {
                Output.line(renderer.render(.notice(.lessonChanged(droppedSolved: resumed.droppedSolved))))
            }
            Output.line(
                style.dim("Resumed: ") + renderer.render(.notice(.movedTo(report)))
                    + style.dim(" :reset starts over."))
        } else {
            Output.line(style.dim("Press Enter to run the first step."))
        }
    }

    func saveProgress() {
        guard let progress = session.progress else { return }
        let path = paths.progress(forLesson: progress.lessonID)
        SystemFiles.makeDirectories(paths.directory)
        try? SystemFiles.writeAtomically(progress.serialized, to: path)
    }

    func quit() {
        saveProgress()
        reader.saveHistory()
        if isInteractive { Output.line("bye") }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return String(text)
    }
}
