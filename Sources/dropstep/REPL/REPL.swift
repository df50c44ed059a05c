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
    /// The language lessons open in (`--lang`, else the locale's).
    var language: Language = .en
    /// Whether any statement or command failed (a piped session then exits 1).
    var hadError = false
    /// Text the next line starts out holding (what `:edit` brought back from the editor).
    var pendingInput: String?
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

    /// The terminal's width; piped, `$COLUMNS` or 80.
    var width: Int { Terminal.width(ofDescriptor: isInteractive ? STDOUT_FILENO : -1) }

    /// The terminal's height in lines (a fixed text taller than this is cut).
    var height: Int { Terminal.height(ofDescriptor: isInteractive ? STDOUT_FILENO : -1) }

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
        var block = InputBlock()
        while true {
            let prompt = Prompt(session: session, isContinuation: !block.isEmpty, usesColor: usesColor).text
            Output.flush()
            let initialText = pendingInput ?? block.nextIndent
            pendingInput = nil
            switch reader.readLine(prompt: prompt, initialText: initialText) {
            case .endOfInput:
                quit()
                return
            case .interrupted:
                block.reset()
                continue
            case .line(let line):
                guard case .complete(let inputs) = block.add(line) else { continue }
                for input in inputs {
                    reader.addToHistory(input)
                    guard submit(input) else { return }
                }
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
            if reply.isError { hadError = true }
            let text = renderer.render(reply)
            if !text.isEmpty { Output.line(text) }
        }
        saveProgress()
        return true
    }

    // MARK: Lessons and progress

    func load(_ name: String) {
        var lesson: Lesson
        do {
            lesson = try library.find(name)
        } catch {
            Output.line(style.red("error: ") + "\(error)")
            hadError = true
            return
        }
        // The learner's language: its twin when there is one, else English with a note.
        if language != .en {
            if let twin = library.translation(of: lesson, in: language) {
                lesson = twin
            } else if Translations.language(of: lesson.path) == nil {
                Output.line(style.dim("(这一课还没有中文版，先用英文版。No Chinese version of this lesson yet.)"))
            }
        }
        saveProgress()
        session.load(lesson)
        let steps = session.steps.count
        Output.line(
            wrap(
                style.bold("# \(lesson.title)") + style.dim("  (\(lesson.id), \(steps) steps)"), width: width
            )
            .joined(separator: "\n"))
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
            let text = "Resumed: " + removingANSIEscapes(from: renderer.render(.notice(.movedTo(report))))
            Output.line(
                wrap(text + " :reset starts over.", width: width).map(style.dim).joined(separator: "\n"))
        } else {
            Output.line(style.dim("Press Enter to run the first step."))
        }
    }

    func saveProgress() {
        guard let progress = session.progress else { return }
        ProgressStore.save(progress, in: paths)
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
