import DropoutCore
import Notebook
import Rendering

/// A lesson run from the start for the numpy export: its records and each exercise's answer.
struct NumpyRun {
    /// The lesson run.
    let lesson: Lesson
    /// Every step's record, exercises included.
    let steps: [StepRecord]
    /// Each exercise's answer as dropstep prints it, by its key.
    let answers: [String: String]

    /// Runs `lesson` through, answering each exercise with its own key.
    init(_ lesson: Lesson) {
        var session = Session()
        session.load(lesson)
        var steps = [StepRecord]()
        var answers = [String: String]()
        while let record = session.next() {
            steps.append(record)
            if case .exercise(_, let exercise) = record.kind {
                if let key = try? session.answerKey(for: exercise) {
                    answers[exercise.answer] = TensorFormatter().format(key)
                }
                _ = session.answer(exercise.answer)
            }
        }
        self.lesson = lesson
        self.steps = steps
        self.answers = answers
    }

    /// The run as a notebook or a script.
    func render(as format: ExportFormat, asserting: Bool) throws -> String {
        try NumpyRun.render(
            title: lesson.title, steps: steps, closing: lesson.trailingProse, as: format, asserting: asserting
        ) { answers[$0.answer] }
    }

    /// Records (a lesson's or a session's) as a notebook or a script.
    static func render(
        title: String, steps: [StepRecord], closing: [Lesson.Prose] = [], as format: ExportFormat,
        asserting: Bool, answer: @escaping (Lesson.Exercise) -> String? = { _ in nil }
    ) throws -> String {
        let document = try NumpyExport(asserting: asserting, answer: answer)
            .document(title: title, steps: steps, closing: closing)
        return format == .ipynb ? NotebookDocument.json(document) : PythonScript.text(document)
    }
}
