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
            }
        case .export: export(to: argument)
        case .help: help(argument)
        default: break
        }
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
                    "  [\(Swift.min(progress.position, lesson.steps.count))/\(lesson.steps.count) done, \(progress.solved.count)/\(lesson.exercises.count) solved]"
            }
            let padding = String(repeating: " ", count: idWidth - lesson.id.count)
            Output.line(lesson.id + padding + "  " + lesson.title + style.dim(status))
        }
    }

    func help(_ topic: String) {
        let width = self.width
        if topic.isEmpty {
            Output.line(style.bold("Commands") + " (anything else is code, run in the lesson's state):")
            let usageWidth = SessionCommand.allCases.map(\.usage.count).max() ?? 0
            for command in SessionCommand.allCases {
                let padding = String(repeating: " ", count: usageWidth - command.usage.count)
                let lines = wrap(
                    command.summary, width: width, indent: "  " + command.usage + padding + "  ",
                    subsequentIndent: String(repeating: " ", count: usageWidth + 4))
                for line in lines { Output.line(line) }
            }
            for line in wrap(
                "Positions count steps done: [2/6] means steps 1 and 2 have run and step 3 is next; :goto N runs steps 1 to N.",
                width: width)
            {
                Output.line(style.dim(line))
            }
            Output.line(style.bold("Functions") + " (:help NAME for one):")
            for group in Builtins.groups {
                let names = Builtins.group(group).map(\.name).joined(separator: ", ")
                for line in wrap(
                    names, width: width, indent: "  \(group): ",
                    subsequentIndent: String(repeating: " ", count: group.count + 4))
                {
                    Output.line(line)
                }
            }
            return
        }
        let name = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
        if let builtin = Builtins.table[name] {
            Output.line(style.bold(builtin.signature))
            for line in wrap(builtin.summary, width: width, indent: "  ") { Output.line(line) }
            for paragraph in builtin.details.split(separator: "\n") {
                for line in wrap(String(paragraph), width: width, indent: "  ") { Output.line(line) }
            }
        } else if let command = SessionCommand(word: name) {
            Output.line(command.usage + "  " + command.summary)
        } else {
            let suggestion = closestMatch(
                to: name, among: Builtins.names + SessionCommand.allCases.map(\.rawValue))
            Output.line("No help for '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "."))
        }
    }
}
