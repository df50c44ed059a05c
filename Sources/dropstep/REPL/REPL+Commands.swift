import Notebook
import Rendering

extension REPL {
    /// Carries out a command that touches files or the terminal; returns false to leave.
    func perform(_ command: SessionCommand, _ argument: String) -> Bool {
        switch command {
        case .quit: return false
        case .lessons: listLessons()
        case .load:
            if argument.isEmpty {
                Output.line("usage: :load ID|PATH (:lessons lists them)")
            } else {
                load(argument)
            }
        case .save:
            guard !argument.isEmpty else {
                Output.line("usage: \(command.usage)")
                return true
            }
            do {
                try SystemFiles.writeAtomically(Transcript.markdown(of: session), to: argument)
                Output.line("Saved \(session.transcript.count) steps to \(argument).")
            } catch {
                Output.line(style.red("error: ") + "\(error)")
                hadError = true
            }
        case .export: export(to: argument)
        case .history: listHistory(argument)
        case .edit: edit(argument)
        case .help: help(argument)
        default: break
        }
        return true
    }

    /// `:export FILE.html`: the session so far as a web page.
    func listLessons() {
        let lessons = library.lessons()
        guard !lessons.isEmpty else {
            Output.line("No lessons found in \(library.directory).")
            return
        }
        let entries = lessons.map { lesson -> LessonList.Entry in
            var status = ""
            if let text = try? SystemFiles.read(paths.progress(forLesson: lesson.id)),
                let progress = Progress(parsing: text)
            {
                // Marks for exercises the lesson no longer has are not counted.
                let exercises = Set(0..<lesson.exercises.count)
                let solved = progress.solved.intersection(exercises)
                let revealed = progress.revealed.intersection(exercises).subtracting(solved).count
                status = style.dim(
                    "[\(Swift.min(progress.position, lesson.steps.count))/\(lesson.steps.count) done, \(solved.count)/\(lesson.exercises.count) solved"
                        + (revealed > 0 ? ", \(revealed) revealed]" : "]"))
            }
            return LessonList.Entry(id: lesson.id, title: lesson.title, note: status)
        }
        for line in LessonList.lines(entries, width: width) { Output.line(line) }
    }

    /// `:help [NAME] [--all]`, also reached by `?NAME` and `help(NAME)`: taller than the
    /// screen, the text is cut with a line saying how to see all of it.
    func help(_ argument: String) {
        var words = argument.split(separator: " ").map(String.init)
        let showsAll = words.contains("--all")
        words.removeAll { $0 == "--all" }
        let topic = words.joined(separator: " ")
        let text = HelpText(style: style, width: width)
        var lines: [String]
        if topic.isEmpty {
            lines = text.overview()
        } else {
            lines = helpLines(on: topic, text)
        }
        if !showsAll && isInteractive {
            // Room for the line that asked and the next prompt.
            lines = text.fitting(
                lines, rows: height - 2, more: ":help \(topic.isEmpty ? "" : topic + " ")--all")
        }
        for line in lines { Output.line(line) }
    }

    /// Help on one name: a built-in, a command, a numpy spelling of a built-in, or a variable.
    func helpLines(on topic: String, _ text: HelpText) -> [String] {
        let name = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
        if case .function(.function(let function))? = session.evaluator.environment.variables[name] {
            return text.userFunction(function)
        } else if let builtin = Builtins.table[name] {
            return text.builtin(builtin)
        } else if let command = SessionCommand(word: name) {
            return text.command(command)
        } else if let builtin = Evaluator.builtinName(forNumpy: name).flatMap({ Builtins.table[$0] }) {
            return [style.dim("\(name) is \(builtin.name) here.")] + text.builtin(builtin)
        } else if let value = session.evaluator.environment.variables[name] {
            return [renderer.render(.value(title: name, value))]
        } else {
            let suggestion = closestMatch(
                to: name, among: Builtins.names + SessionCommand.allCases.map(\.rawValue))
            return text.unknown(name, suggestion: suggestion)
        }
    }
}
