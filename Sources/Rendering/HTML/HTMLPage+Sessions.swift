import DropoutCore
import LessonScript
import Notebook

extension HTMLPage {
    /// A whole lesson run from start to end, as `dropstep run` prints it: every cell with its
    /// outputs, and each exercise with its answer key's value where the exercise stands.
    public static func lesson(_ lesson: Lesson) -> HTMLPage {
        var session = Session()
        session.load(lesson)
        var records: [StepRecord] = []
        var answers: [Int: ExerciseAnswer] = [:]
        while let record = session.next() {
            records.append(record)
            if case .exercise(let index, let exercise) = record.kind {
                answers[index] = ExerciseAnswer(value: try? session.answerKey(for: exercise))
                // Answered as `run` answers it, so the session goes on exactly as it does there.
                _ = session.answer(exercise.answer)
            }
        }
        return HTMLPage(
            title: lesson.title, kicker: "dropstep lesson \(lesson.id)", records: records,
            trailingProse: lesson.trailingProse, answers: answers)
    }

    /// What a learner ran in `session` (its transcript), with the settings they chose; each
    /// exercise reached shows whether they solved it or revealed its answer.
    ///
    /// Answer keys are not evaluated again: the session's state has moved on since, so the
    /// page shows each key's code only.
    public static func session(_ session: Session) -> HTMLPage {
        var answers: [Int: ExerciseAnswer] = [:]
        for record in session.transcript {
            guard case .exercise(let index, _) = record.kind else { continue }
            let outcome: ExerciseAnswer.Outcome? =
                session.solved.contains(index)
                ? .solved : session.revealed.contains(index) ? .revealed : nil
            answers[index] = ExerciseAnswer(value: nil, outcome: outcome)
        }
        let title = session.lesson.map { "Working through: \($0.title)" } ?? "A dropstep session"
        let kicker = session.lesson.map { "dropstep session in lesson \($0.id)" } ?? "dropstep session"
        return HTMLPage(
            title: title, kicker: kicker, records: session.transcript,
            trailingProse: session.isAtEnd ? (session.lesson?.trailingProse ?? []) : [], answers: answers,
            settings: session.display)
    }
}
