import DropoutCore
import LessonScript

extension Session {
    /// Judges a learner's answer to the open exercise by the exercise's rules (digits typed,
    /// exact, tolerance, foreseen mistakes) against its recorded key.
    public mutating func answer(_ text: String) -> AnswerResult {
        guard let exercise = currentExercise, let index = openExercise else {
            return AnswerResult(isCorrect: false, message: "there is no open exercise; :next moves on")
        }
        let key: Tensor
        do {
            key = try answerKey(for: exercise)
        } catch {
            return AnswerResult(
                isCorrect: false, message: "this exercise's answer key does not evaluate: \(error)")
        }
        let verdict: Verdict
        do {
            verdict = try judge(text, for: exercise, key: key)
        } catch let error as ScriptError {
            return AnswerResult(isCorrect: false, message: "\(error.range.start): \(error.message)")
        } catch {
            return AnswerResult(isCorrect: false, message: "\(error)")
        }
        if verdict.isAccepted {
            takeSnapshot()
            solved.insert(index)
            openExercise = nil
            let value = TensorFormatter(precision: display.precision).format(key)
            return AnswerResult(isCorrect: true, message: "✓ \(verdict.message): \(value)")
        }
        var message = "✗ \(verdict.message)."
        if exercise.hint != nil { message += " Type :hint for a hint, or :reveal for the answer." }
        return AnswerResult(isCorrect: false, message: message)
    }
}
