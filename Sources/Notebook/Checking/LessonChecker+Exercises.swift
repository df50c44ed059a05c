#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LessonChecker {
    /// Whether a recorded key still holds the fresh value: the same shape, and every element
    /// equal up to a relative 1e-12, so that a last-bit difference in another platform's
    /// `exp` or `log` does not fail a lesson while any real change of the key does.
    public static func keysAgree(_ recorded: Tensor, _ fresh: Tensor) -> Bool {
        recorded.shape == fresh.shape
            && zip(recorded.scalars, fresh.scalars).allSatisfy { a, b in
                a == b || Swift.abs(a - b) <= 1e-12 * Swift.max(Swift.abs(a), Swift.abs(b))
            }
    }

    /// Checks one exercise in the state the lesson has reached: its key evaluates to a finite
    /// value that matches the recorded `key:` (else `keys[index]` gets the fresh value for
    /// `--update`), the key typed as an answer is accepted, and every foreseen mistake
    /// evaluates, is rejected, and earns its own feedback.
    static func checkExercise(
        _ exercise: Lesson.Exercise, index: Int, in session: Session, lesson: Lesson,
        keys: inout [Int: Tensor]
    ) -> [CheckFailure] {
        let answerLine = exercise.fieldLines["answer"] ?? exercise.line
        func failure(_ message: String, line: Int = answerLine, diff: String? = nil) -> CheckFailure {
            CheckFailure(path: lesson.path, line: line, message: message, diff: diff)
        }
        let fresh: Tensor
        do {
            fresh = try session.evaluatedKey(for: exercise)
        } catch let error as ScriptError {
            return [failure("answer key does not evaluate: \(error.message)")]
        } catch {
            return [failure("answer key does not evaluate: \(error)")]
        }
        guard fresh.elementCount > 0 else { return [failure("answer key has no elements")] }
        guard fresh.scalars.allSatisfy(\.isFinite) else {
            return [failure("answer key is not finite: \(fresh.scalars)")]
        }
        var failures: [CheckFailure] = []
        let freshText = "key: " + KeyText.lines(for: fresh).joined(separator: "\n     ")
        if let recorded = exercise.key {
            if !keysAgree(recorded.value, fresh) {
                keys[index] = fresh
                let recordedText = "key: " + KeyText.lines(for: recorded.value).joined(separator: "\n     ")
                failures.append(
                    failure(
                        "recorded key differs from the key's fresh value", line: recorded.lines.lowerBound,
                        diff: unifiedDiff(
                            expected: recordedText, actual: freshText,
                            expectedLabel: "\(lesson.path) (recorded)",
                            actualLabel: "\(lesson.path) (fresh)", startLine: recorded.lines.lowerBound)))
            }
        } else {
            keys[index] = fresh
            failures.append(
                failure(
                    "exercise has no recorded key; run dropstep check --update",
                    diff: "+" + freshText.split(separator: "\n").joined(separator: "\n+")))
        }
        // The key must pass as an answer to itself, through the learner's path.
        do {
            let verdict = try session.judge(exercise.answer, for: exercise, key: fresh)
            if !verdict.isAccepted { failures.append(failure("answer key is rejected: \(verdict.message)")) }
        } catch {
            failures.append(failure("answer key is rejected: \(error)"))
        }
        for mistake in exercise.mistakes {
            let verdict: Verdict
            do {
                verdict = try session.judge(mistake.answer, for: exercise, key: fresh)
            } catch let error as ScriptError {
                failures.append(failure("mistake does not evaluate: \(error.message)", line: mistake.line))
                continue
            } catch {
                failures.append(failure("mistake does not evaluate: \(error)", line: mistake.line))
                continue
            }
            if verdict.isAccepted {
                failures.append(
                    failure(
                        "mistake '\(mistake.answer)' is judged right: it agrees with the key",
                        line: mistake.line))
            } else if let value = try? session.tensorQuietly(mistake.answer),
                mistakeMatchesRoundedKey(value, key: fresh, digits: exercise.digits)
            {
                failures.append(
                    failure(
                        "mistake '\(mistake.answer)' is too close to the key: the key rounded to \(exercise.digits) digits would get its feedback",
                        line: mistake.line))
            } else if verdict != .anticipatedMistake(mistake.feedback) {
                failures.append(
                    failure(
                        "mistake '\(mistake.answer)' gets another feedback: \(verdict.message)",
                        line: mistake.line))
            }
        }
        return failures
    }

    /// Whether a learner who types the key rounded to `digits` significant digits, a right
    /// answer, would be told they made the mistake `value`.
    static func mistakeMatchesRoundedKey(_ value: Tensor, key: Tensor, digits: Int) -> Bool {
        let rounded = key.scalars.map { k -> Double in
            guard k != 0, k.isFinite else { return k }
            let unit = pow(10, Double(SignificantDigits.leadingExponent(of: k) - digits + 1))
            return (k / unit).rounded() * unit
        }
        let form: AnswerForm =
            key.rank == 0
            ? .literal(digits: digits) : .list([Int?](repeating: digits, count: key.elementCount))
        let verdict = AnswerJudge.judge(
            form: form, given: Tensor(shape: key.shape, scalars: rounded), key: value,
            rules: JudgingRules(digits: digits))
        return verdict.isAccepted
    }
}
