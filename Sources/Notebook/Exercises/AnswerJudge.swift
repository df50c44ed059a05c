/// How strictly an exercise judges: the `digits:`, `exact:` and `tolerance:` fields.
public struct JudgingRules: Sendable, Equatable {
    /// The fewest significant digits a decimal answer must get right.
    public var digits: Int
    /// Whether only the exact value passes.
    public var exact: Bool
    /// The largest absolute difference accepted from any answer, if the exercise gives one.
    public var tolerance: Double?

    /// Rules with the given settings (by default: 3 digits, decimals allowed, no tolerance).
    public init(digits: Int = Lesson.Exercise.defaultDigits, exact: Bool = false, tolerance: Double? = nil) {
        self.digits = digits
        self.exact = exact
        self.tolerance = tolerance
    }

    /// The rules an exercise block sets.
    public init(_ exercise: Lesson.Exercise) {
        self.init(digits: exercise.digits, exact: exercise.exact, tolerance: exercise.tolerance)
    }
}

/// A wrong answer an exercise foresees, evaluated: its value and the feedback for it.
public struct AnticipatedMistake: Sendable, Equatable {
    /// The mistaken value.
    public var value: Tensor
    /// What to tell the learner who gives it.
    public var feedback: String

    /// Creates an anticipated mistake.
    public init(value: Tensor, feedback: String) {
        self.value = value
        self.feedback = feedback
    }
}

/// Judges an answer to an exercise as a teacher judges a hand calculation.
///
/// A value equal to the key always passes. A decimal passes when it gets at least the
/// exercise's minimum of significant digits right (10.67 for 32/3: right to 4 digits; 10.6:
/// only 2 agree; 11: every digit right, but too few). A fraction or any other expression
/// (`32/3`, `1/sqrt(2*pi)`) is judged at full precision, within floating point rounding or
/// the exercise's tolerance. A tensor is judged element by element, each decimal element by
/// its own digits. The judge is pure: it returns a ``Verdict`` and never formats text.
public enum AnswerJudge {
    /// An expression passes within this relative difference when the exercise sets no
    /// tolerance: far below any hand rounding, far above the rounding of floating point.
    public static let expressionTolerance = 1e-9

    /// Judges `given`, the value of the typed text `typed`, against `key`.
    ///
    /// - Parameter mistakes: Foreseen wrong answers; a rejected answer that one of them would
    ///   accept (by the same rules) gets its feedback instead.
    public static func judge(
        typed: String, given: Tensor, key: Tensor, rules: JudgingRules = JudgingRules(),
        mistakes: [AnticipatedMistake] = []
    ) -> Verdict {
        let form = AnswerForm(typed)
        let verdict = judge(form: form, given: given, key: key, rules: rules)
        if verdict.isAccepted { return verdict }
        // A rounding of a foreseen slip is still that slip, even where the key must be exact.
        var slipRules = rules
        slipRules.exact = false
        for mistake in mistakes
        where judge(form: form, given: given, key: mistake.value, rules: slipRules).isAccepted {
            return .anticipatedMistake(mistake.feedback)
        }
        return verdict
    }

    static func judge(form: AnswerForm, given: Tensor, key: Tensor, rules: JudgingRules) -> Verdict {
        // A one-element tensor and a number differ only in notation: `[25]` answers 25.
        if key.elementCount == 1, given.elementCount == 1 {
            return judgeNumber(
                given.scalars[0], key.scalars[0], digits: form.elementDigits(count: 1)[0], rules)
        }
        if key.rank == 0 { return .expectedNumber(givenShape: given.shape.dims) }
        guard given.shape == key.shape else {
            return .wrongShape(expected: key.shape.dims, given: given.shape.dims)
        }
        let digits = form.elementDigits(count: key.elementCount)
        let strides = key.shape.strides
        let elements = key.scalars.indices.map { offset in
            var rest = offset
            let index = strides.map { stride -> Int in
                defer { rest %= stride }
                return rest / stride
            }
            return ElementVerdict(
                index: index,
                verdict: judgeNumber(
                    given.scalars[offset], key.scalars[offset], digits: digits[offset], rules))
        }
        return elements.allSatisfy({ $0.verdict == .exact }) ? .exact : .elementwise(elements)
    }

    /// One number: `digits` is how many significant digits it was typed with, `nil` when an
    /// expression computed it.
    static func judgeNumber(_ value: Double, _ key: Double, digits typed: Int?, _ rules: JudgingRules)
        -> Verdict
    {
        if SignificantDigits.same(value, key) { return .exact }
        let difference = Swift.abs(value - key)
        if let tolerance = rules.tolerance, difference <= tolerance { return .withinTolerance }
        let agreeing = SignificantDigits.agreement(
            of: value, with: key, upTo: typed ?? SignificantDigits.maxDigits)
        guard let typed else {
            if difference <= expressionTolerance * Swift.max(Swift.abs(value), Swift.abs(key)) {
                return rules.exact ? .exact : .withinTolerance
            }
            return agreeing >= rules.digits ? .expressionOff(agreeing: agreeing) : .wrong(agreeing: agreeing)
        }
        // A rounding of the key is not exact; a decimal with a wrong digit is simply wrong.
        if rules.exact {
            return agreeing == typed ? .notExact(agreeing: agreeing) : .wrong(agreeing: agreeing)
        }
        if agreeing >= rules.digits { return .rightToDigits(agreeing) }
        if agreeing == typed { return .tooFewDigits(agreeing: agreeing, needed: rules.digits) }
        return .wrong(agreeing: agreeing)
    }
}
