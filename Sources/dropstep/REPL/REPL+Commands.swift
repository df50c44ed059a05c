import Notebook

extension REPL {
    /// Runs a `:command`; returns false to leave.
    func command(_ line: String) -> Bool {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        guard let word = parts.first, let command = REPLCommand(word: word) else {
            let word = parts.first ?? ""
            let suggestion = closestMatch(to: word, among: REPLCommand.allCases.map(\.rawValue))
            Output.line(
                style.red("error: ") + "unknown command ':\(word)'"
                    + (suggestion.map { "; did you mean ':\($0)'?" } ?? "") + " (:help lists them)")
            return true
        }
        let argument = parts.count > 1 ? parts[1].trimmingSpaces() : ""
        Interrupt.clear()
        switch command {
        case .quit: return false
        case .lessons: listLessons()
        case .load:
            if argument.isEmpty {
                Output.line("usage: :load ID|PATH (:lessons lists them)")
            } else {
                load(argument)
            }
        case .next: next()
        case .step:
            guard session.lesson != nil else { return noLesson() }
            let wasAtEnd = session.isAtEnd
            let isSkipping = session.openExercise != nil
            if let output = session.step() {
                show(output, showCode: true)
            } else if isSkipping {
                closeLesson()
            } else {
                endOfLesson()
            }
            announceEnd(ifReachedFrom: wasAtEnd)
            saveProgress()
        case .back:
            Output.line(
                session.back()
                    ? style.dim("Back to step \(session.position + 1) of \(session.steps.count).")
                    : "Nothing to undo.")
            saveProgress()
        case .run:
            guard session.lesson != nil else { return noLesson() }
            let wasAtEnd = session.isAtEnd
            let isSkipping = session.openExercise != nil
            let outputs = session.runToExercise()
            for output in outputs { show(output, showCode: true) }
            if outputs.isEmpty { isSkipping ? closeLesson() : endOfLesson() }
            announceEnd(ifReachedFrom: wasAtEnd)
            saveProgress()
        case .goto:
            guard session.lesson != nil else { return noLesson() }
            guard let n = Int(argument), n >= 1 else {
                Output.line("usage: :goto N (1 to \(session.steps.count + 1))")
                return true
            }
            let outputs = session.goto(n)
            let failed = outputs.filter { $0.error != nil }.count
            Output.line(
                style.dim(
                    "At step \(session.position + 1) of \(session.steps.count)"
                        + (failed > 0 ? "; \(failed) cells failed on the way" : "") + "."))
            saveProgress()
        case .where:
            if let lesson = session.lesson {
                Output.line(
                    "\(lesson.id): step \(Swift.min(session.position + 1, session.steps.count)) of \(session.steps.count), \(session.solved.count) of \(lesson.exercises.count) exercises solved, mode \(session.evaluator.environment.isTraining ? "train" : "eval")"
                )
            } else {
                Output.line(
                    "No lesson open (mode \(session.evaluator.environment.isTraining ? "train" : "eval")).")
            }
        case .reset:
            session.reset()
            Output.line(
                style.dim(session.lesson == nil ? "Variables cleared." : "Back to the start of the lesson."))
            saveProgress()
        case .vars: listVariables()
        case .show, .mask, .grad: showVariable(command, argument)
        case .trace:
            guard argument == "on" || argument == "off" else { return usage(command) }
            session.options.showsTrace = argument == "on"
        case .precision:
            guard let n = Int(argument), n >= 0, n <= 17 else { return usage(command) }
            session.options.precision = n
        case .format:
            guard argument == "decimal" || argument == "fraction" else { return usage(command) }
            session.options.usesFractions = argument == "fraction"
        case .seed:
            guard let n = UInt32(argument) else { return usage(command) }
            session.evaluator.environment.random = NumpySource(generator: NumpyGenerator(seed: n))
        case .mode:
            guard argument == "train" || argument == "eval" else { return usage(command) }
            session.evaluator.environment.isTraining = argument == "train"
            Output.line("mode: \(argument)")
        case .hint:
            if session.openExercise == nil {
                Output.line("No open exercise.")
            } else {
                Output.line(session.hint ?? "This exercise has no hint; :reveal shows the answer.")
            }
        case .reveal:
            Output.line(session.reveal() ?? "No open exercise.")
        case .save:
            guard !argument.isEmpty else { return usage(command) }
            do {
                try SystemFiles.writeAtomically(Transcript.markdown(of: session), to: argument)
                Output.line("Saved \(session.transcript.count) steps to \(argument).")
            } catch {
                Output.line(style.red("error: ") + "\(error)")
            }
        case .help: help(argument)
        }
        return true
    }

    func usage(_ command: REPLCommand) -> Bool {
        Output.line("usage: \(command.usage)")
        return true
    }

    func noLesson() -> Bool {
        Output.line("No lesson open. :lessons lists them, :load 00 opens the tour.")
        return true
    }

    func listLessons() {
        let lessons = library.lessons()
        guard !lessons.isEmpty else {
            Output.line("No lessons found in \(library.directory).")
            return
        }
        let idWidth = lessons.map(\.id.count).max() ?? 0
        for lesson in lessons {
            var status = ""
            if let text = try? SystemFiles.read(paths.progress(forLesson: lesson.id)),
                let progress = Progress(parsing: text)
            {
                status =
                    "  [\(Swift.min(progress.position, lesson.steps.count))/\(lesson.steps.count), \(progress.solved.count)/\(lesson.exercises.count) solved]"
            }
            Output.line(lesson.id.padding(toLength: idWidth) + "  " + lesson.title + style.dim(status))
        }
    }

    func listVariables() {
        let environment = session.evaluator.environment
        guard !environment.variables.isEmpty else {
            Output.line("No variables yet.")
            return
        }
        let renderer = EventRenderer(options: session.options)
        let width = environment.names.map(\.count).max() ?? 0
        for name in environment.names {
            let value = environment.variables[name]!
            let description: String
            switch value {
            case .tensor(let node):
                description = "\(node.value.shape)".padding(toLength: 10) + " " + renderer.preview(node.value)
            default:
                description = renderer.render(value)
            }
            Output.line(name.padding(toLength: width) + "  " + description)
        }
    }

    func showVariable(_ command: REPLCommand, _ name: String) {
        guard !name.isEmpty else {
            _ = usage(command)
            return
        }
        guard case .tensor(let node)? = session.evaluator.environment.variables[name] else {
            let suggestion = closestMatch(to: name, among: session.evaluator.environment.names)
            Output.line(
                style.red("error: ") + "no tensor variable '\(name)'"
                    + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
            return
        }
        let renderer = EventRenderer(options: session.options)
        switch command {
        case .mask:
            Output.line(maskGrid(node.value))
        case .grad:
            guard let gradient = session.evaluator.environment.lastGradients?[node] else {
                Output.line("No gradient for \(name): run backward(...) on something computed from it first.")
                return
            }
            Output.line(
                renderer.assignment(
                    "d/d\(name)", TensorFormatter(precision: session.options.precision).format(gradient)))
        default:
            var formatter = TensorFormatter(
                precision: session.options.precision,
                style: session.options.usesFractions ? .fraction : .decimal)
            formatter.threshold = 100_000
            Output.line(formatter.format(node.value))
        }
    }

    func help(_ topic: String) {
        if topic.isEmpty {
            Output.line(style.bold("Commands") + " (anything else is code, run in the lesson's state):")
            let width = REPLCommand.allCases.map(\.usage.count).max() ?? 0
            for command in REPLCommand.allCases {
                Output.line("  " + command.usage.padding(toLength: width) + "  " + command.summary)
            }
            Output.line(style.bold("Functions") + " (:help NAME for one):")
            for group in Builtins.groups {
                Output.line("  \(group): " + Builtins.group(group).map(\.name).joined(separator: ", "))
            }
            return
        }
        let name = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
        if let builtin = Builtins.table[name] {
            Output.line(style.bold(builtin.signature))
            Output.line("  " + builtin.summary)
            if !builtin.details.isEmpty {
                for line in builtin.details.split(separator: "\n") { Output.line("  " + line) }
            }
        } else if let command = REPLCommand(word: name) {
            Output.line(command.usage + "  " + command.summary)
        } else {
            let suggestion = closestMatch(
                to: name, among: Builtins.names + REPLCommand.allCases.map(\.rawValue))
            Output.line("No help for '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + ".")
        }
    }
}
