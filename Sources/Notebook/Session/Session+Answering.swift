import DropoutCore
import LessonScript

extension Session {
    /// Checks a learner's answer to the open exercise.
    public mutating func answer(_ text: String) -> AnswerResult {
        guard let exercise = currentExercise, let index = openExercise else {
            return AnswerResult(isCorrect: false, message: "there is no open exercise; :next moves on")
        }
        let given: Tensor
        do {
            given = try tensorQuietly(text)
        } catch let error as ScriptError {
            return AnswerResult(isCorrect: false, message: "\(error.range.start): \(error.message)")
        } catch {
            return AnswerResult(isCorrect: false, message: "\(error)")
        }
        let key: Tensor
        do {
            key = try answerKey(for: exercise)
        } catch {
            return AnswerResult(
                isCorrect: false, message: "this exercise's answer key does not evaluate: \(error)")
        }
        let report: CheckReport
        do {
            report = try Builtins.compare(given, key, tolerance: exercise.tolerance)
        } catch {
            return AnswerResult(isCorrect: false, message: "\(error)")
        }
        if report.passed {
            takeSnapshot()
            solved.insert(index)
            openExercise = nil
            return AnswerResult(
                isCorrect: true,
                message: "✓ correct: \(TensorFormatter(precision: display.precision).format(key))")
        }
        var message = "✗ not quite. "
        if let problem = report.shapeProblem {
            message += problem
        } else if key.elementCount == 1 {
            message += "Your answer is \(Explanation.number(given.scalars[0]))."
        } else {
            message +=
                "\(report.mismatches.count) of \(key.elementCount) elements differ, e.g. at ["
                + (report.mismatches.first?.index.map(String.init).joined(separator: ", ") ?? "") + "]"
        }
        if exercise.hint != nil { message += " Type :hint for a hint, or :reveal for the answer." }
        return AnswerResult(isCorrect: false, message: message)
    }
}
