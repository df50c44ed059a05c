import ArgumentParser
import Notebook

/// `dropstep run LESSON`: the whole lesson, prose and outputs, without stopping.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a whole lesson with its prose and outputs.")

    @OptionGroup var global: GlobalOptions

    @ArgumentParser.Argument(help: "A lesson id (or prefix such as 02) or path.")
    var lesson: String

    func run() throws {
        let found: Lesson
        do {
            found = try LessonLibrary(global).find(lesson)
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(ExitStatus.failure)
        }
        let usesColor = global.color.isEnabled(forDescriptor: 1)
        let style: TerminalStyle = usesColor ? .ansi : .plain
        let prose = ProseRenderer(width: 80, style: style)
        var session = Session(options: RenderOptions(usesColor: usesColor))
        session.load(found)
        var failed = false
        while let output = session.next() {
            for block in output.prose { Output.line(prose.render(block.markdown)) }
            switch output.kind {
            case .exercise(let index, let exercise):
                let label = "Exercise \(index + 1): "
                let lines = wrap(label + exercise.question, width: 80)
                Output.line(style.bold(label) + String((lines.first ?? label).dropFirst(label.count)))
                for line in lines.dropFirst() { Output.line(line) }
                if let hint = exercise.hint { Output.line(style.dim("hint: " + hint)) }
                Output.line(style.dim(session.reveal() ?? "answer: \(exercise.answer)"))
                _ = session.answer(exercise.answer)
            default:
                for line in output.code.split(separator: "\n", omittingEmptySubsequences: false) {
                    Output.line(style.cyan(line.first == " " || line.first == "\t" ? "... " : ">>> ") + line)
                }
                if !output.fullText.isEmpty { Output.line(output.fullText) }
                failed = failed || output.error != nil
            }
            Output.line("")
        }
        for block in found.trailingProse { Output.line(prose.render(block.markdown)) }
        if failed { throw ExitCode(ExitStatus.failure) }
    }
}

/// `dropstep lessons`: the lessons and where they come from.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the lessons.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let library = LessonLibrary(global)
        var bad = false
        let width = 28
        for path in library.paths {
            do {
                let lesson = try library.load(path: path)
                Output.line(
                    lesson.id.padding(toLength: width) + " " + lesson.title
                        + "  (\(lesson.steps.count) steps, \(lesson.exercises.count) exercises)")
            } catch {
                Output.error("\(error)")
                bad = true
            }
        }
        if library.paths.isEmpty { Output.error("no lessons found in \(library.directory)") }
        if bad || library.paths.isEmpty { throw ExitCode(ExitStatus.failure) }
    }
}
