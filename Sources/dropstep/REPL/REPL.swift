import Notebook

#if canImport(Glibc)
    import Glibc
#endif

/// The interactive loop: a thin shell over a ``Session`` (ARCHITECTURE idea 4).
///
/// Reads lines from a ``LineReader`` (libedit on a terminal, plain lines otherwise), runs
/// commands and code, and prints what the session returns.
final class REPL {
    var session: Session
    let reader: LineReader
    let library: LessonLibrary
    let paths: StatePaths
    let usesColor: Bool
    let isInteractive: Bool
    var style: TerminalStyle { usesColor ? .ansi : .plain }

    init(reader: LineReader, library: LessonLibrary, paths: StatePaths, usesColor: Bool, isInteractive: Bool)
    {
        self.reader = reader
        self.library = library
        self.paths = paths
        self.usesColor = usesColor
        self.isInteractive = isInteractive
        self.session = Session(options: RenderOptions(usesColor: usesColor))
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

    /// Runs until end of input or `:quit`.
    func run(opening lesson: String?) {
        if isInteractive {
            Output.line(
                style.bold("dropstep") + ": learn dropout by running it. "
                    + style.dim(":help for commands, :lessons to list lessons, Ctrl-D to leave."))
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
                if buffer.isEmpty && line.trimmingSpaces().isEmpty {
                    next()
                    continue
                }
                if buffer.isEmpty && line.trimmingSpaces().hasPrefix(":") {
                    reader.addToHistory(line)
                    if !command(line.trimmingSpaces()) {
                        quit()
                        return
                    }
                    continue
                }
                buffer.append(line)
                let code = buffer.joined(separator: "\n")
                // A block ends with an empty line; brackets and trailing colons ask for more.
                if Parser.needsMoreInput(code) && !(line.trimmingSpaces().isEmpty && buffer.count > 1) {
                    continue
                }
                buffer = []
                reader.addToHistory(code)
                evaluate(code)
            }
        }
    }

    // MARK: Running code and steps

    func evaluate(_ code: String) {
        Interrupt.clear()
        // While an exercise is open, a bare expression is an answer; statements still run as code.
        if session.openExercise != nil, (try? Parser.parseExpression(code)) != nil, !isAssignmentLike(code) {
            let result = session.answer(code)
            Output.line(result.isCorrect ? style.green(result.message) : style.yellow(result.message))
            // A lesson whose last step is this exercise closes once it is answered.
            if result.isCorrect && session.isAtEnd { closeLesson() }
            saveProgress()
            return
        }
        show(session.execute(code), showCode: false)
    }

    func isAssignmentLike(_ code: String) -> Bool {
        guard let statements = try? Parser.parse(code), statements.count == 1 else { return true }
        if case .expression = statements[0].kind { return false }
        return true
    }

    func next() {
        guard session.lesson != nil else {
            Output.line(style.dim("No lesson open. :lessons lists them, :load 00 opens the tour."))
            return
        }
        Interrupt.clear()
        let wasAtEnd = session.isAtEnd
        let isSkipping = session.openExercise != nil
        guard let output = session.next() else {
            if isSkipping { closeLesson() } else { endOfLesson() }
            return
        }
        show(output, showCode: true)
        announceEnd(ifReachedFrom: wasAtEnd)
        saveProgress()
    }

    func endOfLesson() {
        guard let lesson = session.lesson else { return }
        Output.line(
            style.dim(
                "End of \(lesson.id). \(session.solved.count) of \(lesson.exercises.count) exercises solved."
                    + " :lessons for the next one."))
    }

    /// Prints a step: its prose, its code, its output, its error.
    func show(_ output: StepOutput, showCode: Bool) {
        let renderer = ProseRenderer(width: Swift.min(width, 100), style: style)
        for prose in output.prose {
            Output.line(renderer.render(prose.markdown))
        }
        switch output.kind {
        case .exercise(let index, let exercise):
            let label = "Exercise \(index + 1): "
            let lines = wrap(label + exercise.question, width: Swift.min(width, 100))
            Output.line(
                style.bold(style.yellow(label)) + String((lines.first ?? label).dropFirst(label.count)))
            for line in lines.dropFirst() { Output.line(line) }
            Output.line(
                style.dim(
                    "Type a number, a tensor such as [1, 2], or an expression. :hint, :reveal, or Enter to skip."
                ))
            return
        default:
            break
        }
        if showCode {
            for line in output.code.split(separator: "\n", omittingEmptySubsequences: false) {
                Output.line(style.cyan(line.first == " " || line.first == "\t" ? "... " : ">>> ") + line)
            }
        }
        if !output.text.isEmpty { Output.line(output.text) }
        if let error = output.errorText { Output.line(error) }
    }

    /// After a move: when it reached the end of the lesson, the closing prose and a summary.
    ///
    /// When the last step is an exercise, they wait until it is answered or skipped, so that
    /// the summary does not appear between the question and the learner's answer.
    func announceEnd(ifReachedFrom wasAtEnd: Bool) {
        guard session.lesson != nil, !wasAtEnd, session.isAtEnd, session.openExercise == nil else { return }
        closeLesson()
    }

    /// The lesson's closing prose and the summary.
    func closeLesson() {
        guard let lesson = session.lesson else { return }
        let renderer = ProseRenderer(width: Swift.min(width, 100), style: style)
        for prose in lesson.trailingProse { Output.line(renderer.render(prose.markdown)) }
        endOfLesson()
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
        Output.line(
            style.bold("# \(lesson.title)") + style.dim("  (\(lesson.id), \(session.steps.count) steps)"))
        if let text = try? SystemFiles.read(paths.progress(forLesson: lesson.id)),
            let progress = Progress(parsing: text),
            progress.position > 0
        {
            let outputs = session.resume(progress)
            let failed = outputs.contains { $0.error != nil }
            Output.line(
                style.dim(
                    "Resumed at step \(Swift.min(session.position + 1, session.steps.count)) of \(session.steps.count)"
                        + (failed ? " (some cells failed while replaying)" : "") + ". :reset starts over."))
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
