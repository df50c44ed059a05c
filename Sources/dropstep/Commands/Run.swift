import ArgumentParser
import Notebook
import Rendering

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
            let library = LessonLibrary(global)
            let english = try library.find(lesson)
            found = library.translation(of: english, in: global.language) ?? english
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(ExitStatus.failure)
        }
        let usesColor = global.color.isEnabled(forDescriptor: 1)
        let style: TerminalStyle = usesColor ? .ansi : .plain
        let renderer = StepRenderer(style: style, width: 80)
        var session = Session()
        session.load(found)
        var failed = false
        while let record = session.next() {
            Output.line(renderer.render(record))
            if case .exercise(_, let exercise) = record.kind {
                // Printed whole, a lesson shows each exercise's hint and answer after its question.
                if let hint = exercise.hint {
                    Output.line(wrap("hint: " + hint, width: 80).map(style.dim).joined(separator: "\n"))
                }
                let reveal = ReplyRenderer(style: style, width: 80).answerLine(
                    key: exercise.answer, value: try? session.answerKey(for: exercise))
                Output.line(wrap(reveal, width: 80).map(style.dim).joined(separator: "\n"))
                _ = session.answer(exercise.answer)
            }
            failed = failed || record.error != nil
        }
        Output.line(renderer.prose(found.trailingProse).joined(separator: "\n"))
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
        var entries = [LessonList.Entry]()
        for path in library.paths {
            do {
                let lesson = try library.load(path: path)
                entries.append(
                    LessonList.Entry(
                        id: lesson.id, title: lesson.title,
                        note:
                            "(\(lesson.steps.count) steps, \(lesson.exercises.count) exercise\(lesson.exercises.count == 1 ? "" : "s"))"
                    ))
            } catch {
                Output.error("\(error)")
                bad = true
            }
        }
        for line in LessonList.lines(entries, width: Terminal.width(ofDescriptor: 1)) { Output.line(line) }
        if library.paths.isEmpty { Output.error("no lessons found in \(library.directory)") }
        if bad || library.paths.isEmpty { throw ExitCode(ExitStatus.failure) }
    }
}
