extension Session {
    /// The exercise's key expression evaluated afresh in the current state, whatever was
    /// recorded (what `dropstep check` compares the recorded `key:` with).
    public func evaluatedKey(for exercise: Lesson.Exercise) throws -> Tensor {
        try tensorQuietly(exercise.answer)
    }

    /// The exercise's foreseen mistakes, evaluated in the current state. A mistake that does
    /// not evaluate is left out here; `dropstep check` reports it.
    public func anticipatedMistakes(for exercise: Lesson.Exercise) -> [AnticipatedMistake] {
        exercise.mistakes.compactMap { mistake in
            (try? tensorQuietly(mistake.answer)).map {
                AnticipatedMistake(value: $0, feedback: mistake.feedback)
            }
        }
    }

    /// Evaluates typed text in the current state (nothing changes) and judges it against `key`
    /// by the exercise's rules and foreseen mistakes.
    ///
    /// - Throws: ``ScriptError`` when the text does not evaluate to a number or a tensor.
    public func judge(_ text: String, for exercise: Lesson.Exercise, key: Tensor) throws -> Verdict {
        let given = try tensorQuietly(text)
        return AnswerJudge.judge(
            typed: text, given: given, key: key, rules: JudgingRules(exercise),
            mistakes: anticipatedMistakes(for: exercise))
    }
}
