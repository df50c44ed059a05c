import Testing

@testable import Notebook

/// Evaluates answer or key text as the session would, with `pi` and `e` predefined.
private func value(_ text: String) throws -> Tensor {
    try Session().tensorQuietly(text)
}

/// One row of the judge's table: the key (as an expression), what the learner typed, the
/// exercise's rules, and the verdict a teacher would give.
struct JudgeCase: Sendable, CustomTestStringConvertible {
    var key: String
    var typed: String
    var rules = JudgingRules()
    var mistakes: [(String, String)] = []
    var verdict: Verdict

    var testDescription: String { "\(typed) for \(key)" }
}

private let lesson07Key = "sqrt(2.75) / sqrt(2 * pi)"
private let exactRules = JudgingRules(exact: true)

let judgeCases: [JudgeCase] = [
    // Issue 13's cases: lesson 02's 32/3.
    JudgeCase(key: "32/3", typed: "10.67", verdict: .rightToDigits(4)),
    JudgeCase(key: "32/3", typed: "10.6667", verdict: .rightToDigits(6)),
    JudgeCase(key: "32/3", typed: "10.66666667", verdict: .rightToDigits(10)),
    JudgeCase(key: "32/3", typed: "32/3", verdict: .exact),
    JudgeCase(key: "32/3", typed: "8 / 0.75", verdict: .exact),
    JudgeCase(key: "32/3", typed: "10.7", verdict: .rightToDigits(3)),
    JudgeCase(key: "32/3", typed: "10.6", verdict: .wrong(agreeing: 2)),
    JudgeCase(key: "32/3", typed: "11", verdict: .tooFewDigits(agreeing: 2, needed: 3)),
    JudgeCase(
        key: "32/3", typed: "10.7", rules: JudgingRules(digits: 4),
        verdict: .tooFewDigits(agreeing: 3, needed: 4)),
    JudgeCase(key: "32/3", typed: "9.67", verdict: .wrong(agreeing: 0)),
    JudgeCase(key: "32/3", typed: "-10.67", verdict: .wrong(agreeing: 0)),
    // Lesson 07: the closed form at mean 0, from the hint's phi(0) of about 0.3989.
    JudgeCase(key: lesson07Key, typed: "0.6616", verdict: .rightToDigits(4)),
    JudgeCase(key: lesson07Key, typed: "0.66157093", verdict: .rightToDigits(8)),
    JudgeCase(key: lesson07Key, typed: "0.6615", verdict: .rightToDigits(3)),
    JudgeCase(key: lesson07Key, typed: "sqrt(2.75) * 1/sqrt(2*pi)", verdict: .exact),
    JudgeCase(key: lesson07Key, typed: "1.6583 * 0.3989", verdict: .expressionOff(agreeing: 3)),
    JudgeCase(key: lesson07Key, typed: "0.66", verdict: .tooFewDigits(agreeing: 2, needed: 3)),
    // Equal values always pass, whatever their notation.
    JudgeCase(key: "12", typed: "12", verdict: .exact),
    JudgeCase(key: "12", typed: "12.0", verdict: .exact),
    JudgeCase(key: "12", typed: "1.2e1", verdict: .exact),
    JudgeCase(key: "0.1 + 0.2", typed: "0.3", verdict: .exact),
    JudgeCase(key: "[1, 2]", typed: "[1, 2]", verdict: .exact),
    JudgeCase(key: "[25]", typed: "25", verdict: .exact),
    JudgeCase(key: "25", typed: "[25]", verdict: .exact),
    JudgeCase(key: "0", typed: "0", verdict: .exact),
    JudgeCase(key: "0", typed: "0.001", verdict: .wrong(agreeing: 0)),
    JudgeCase(key: "9", typed: "0", verdict: .wrong(agreeing: 0)),
    // Digits are counted as a teacher counts them.
    JudgeCase(key: "0.140625", typed: "0.1406", verdict: .rightToDigits(4)),
    JudgeCase(key: "0.140625", typed: "0.141", verdict: .rightToDigits(3)),
    JudgeCase(key: "0.140625", typed: "0.14", verdict: .tooFewDigits(agreeing: 2, needed: 3)),
    JudgeCase(key: "0.140625", typed: "0.15", verdict: .wrong(agreeing: 1)),
    JudgeCase(key: "9.996", typed: "10.0", verdict: .rightToDigits(3)),
    JudgeCase(key: "-0.7791939", typed: "-0.779", verdict: .rightToDigits(3)),
    JudgeCase(key: "-0.7791939", typed: "0.779", verdict: .wrong(agreeing: 0)),
    JudgeCase(key: "0.0295", typed: "0.0295", verdict: .exact),
    JudgeCase(key: "967/32768", typed: "0.0295", verdict: .rightToDigits(3)),
    JudgeCase(key: "967/32768", typed: "0.03", verdict: .tooFewDigits(agreeing: 1, needed: 3)),
    // Shapes.
    JudgeCase(key: "6", typed: "[6, 6, 6]", verdict: .expectedNumber(givenShape: [3])),
    JudgeCase(
        key: "[[1, 2, 3], [4, 5, 6]]", typed: "[1, 2, 3]", verdict: .wrongShape(expected: [2, 3], given: [3])),
    JudgeCase(key: "[[1, 2, 3], [4, 5, 6]]", typed: "1", verdict: .wrongShape(expected: [2, 3], given: [])),
    // Element by element, each literal by its own digits.
    JudgeCase(
        key: "[0.5, 1/3]", typed: "[0.5, 0.333]",
        verdict: .elementwise([
            ElementVerdict(index: [0], verdict: .exact),
            ElementVerdict(index: [1], verdict: .rightToDigits(3)),
        ])),
    JudgeCase(
        key: "[0.5, 1/3]", typed: "[0.5, 0.33]",
        verdict: .elementwise([
            ElementVerdict(index: [0], verdict: .exact),
            ElementVerdict(index: [1], verdict: .tooFewDigits(agreeing: 2, needed: 3)),
        ])),
    JudgeCase(key: "[0.5, 1/3]", typed: "[0.5, 1/3]", verdict: .exact),
    JudgeCase(
        key: "[[1, 2], [3, 4.25]]", typed: "[[1, 2], [3, 4.2]]",
        verdict: .elementwise([
            ElementVerdict(index: [0, 0], verdict: .exact), ElementVerdict(index: [0, 1], verdict: .exact),
            ElementVerdict(index: [1, 0], verdict: .exact),
            ElementVerdict(index: [1, 1], verdict: .tooFewDigits(agreeing: 2, needed: 3)),
        ])),
    // exact: true wants the value itself, not a rounding of it.
    JudgeCase(key: "32/3", typed: "10.67", rules: exactRules, verdict: .notExact(agreeing: 4)),
    JudgeCase(key: "32/3", typed: "32/3", rules: exactRules, verdict: .exact),
    JudgeCase(key: "12", typed: "12", rules: exactRules, verdict: .exact),
    JudgeCase(key: "12", typed: "11", rules: exactRules, verdict: .wrong(agreeing: 1)),
    JudgeCase(key: "12", typed: "9", rules: exactRules, verdict: .wrong(agreeing: 0)),
    JudgeCase(key: "12", typed: "9", verdict: .wrong(agreeing: 0)),
    // An explicit tolerance accepts anything within it.
    JudgeCase(key: "1", typed: "1.04", rules: JudgingRules(tolerance: 0.05), verdict: .withinTolerance),
    JudgeCase(key: "1", typed: "1.06", rules: JudgingRules(tolerance: 0.05), verdict: .wrong(agreeing: 1)),
    // Foreseen mistakes get their own feedback, by the same rules as the key.
    JudgeCase(
        key: "8 / 0.75", typed: "32", mistakes: [("8 / 0.25", "that divides by p")],
        verdict: .anticipatedMistake("that divides by p")),
    JudgeCase(
        key: "8 / 0.75", typed: "32.0", mistakes: [("8 / 0.25", "that divides by p")],
        verdict: .anticipatedMistake("that divides by p")),
    JudgeCase(
        key: "8 / 0.75", typed: "10.67", mistakes: [("8 / 0.25", "that divides by p")],
        verdict: .rightToDigits(4)),
    JudgeCase(
        key: "0", typed: "0.5439", rules: exactRules,
        mistakes: [("0.27194704 / 0.5", "no gradient reaches it")],
        verdict: .anticipatedMistake("no gradient reaches it")),
    JudgeCase(
        key: "8 / 0.75", typed: "31", mistakes: [("8 / 0.25", "that divides by p")],
        verdict: .wrong(agreeing: 0)),
]

@Suite struct AnswerJudgeTests {
    @Test(arguments: judgeCases)
    func judgesAsATeacherWould(_ row: JudgeCase) throws {
        let mistakes = try row.mistakes.map { AnticipatedMistake(value: try value($0.0), feedback: $0.1) }
        let verdict = AnswerJudge.judge(
            typed: row.typed, given: try value(row.typed), key: try value(row.key), rules: row.rules,
            mistakes: mistakes)
        #expect(verdict == row.verdict)
    }

    @Test func acceptedVerdictsAreTheRightOnes() {
        #expect(Verdict.exact.isAccepted)
        #expect(Verdict.rightToDigits(3).isAccepted)
        #expect(Verdict.withinTolerance.isAccepted)
        #expect(!Verdict.tooFewDigits(agreeing: 2, needed: 3).isAccepted)
        #expect(!Verdict.anticipatedMistake("x").isAccepted)
        #expect(!Verdict.elementwise([ElementVerdict(index: [0], verdict: .wrong(agreeing: 0))]).isAccepted)
        #expect(Verdict.elementwise([ElementVerdict(index: [0], verdict: .rightToDigits(4))]).isAccepted)
    }

    @Test(arguments: [
        ("10.67", 4), ("0.0295", 3), ("1.50e-3", 3), ("12", 2), ("0", 1), ("0.000", 1), ("100", 3), (".5", 1),
        ("5.", 1), ("10.60", 4), ("-0.779", 3),
    ])
    func countsSignificantDigits(_ literal: String, _ digits: Int) {
        #expect(SignificantDigits.count(inLiteral: literal) == digits)
    }

    @Test func agreementIsMeasuredAtTheKeysDigits() {
        #expect(SignificantDigits.agreement(of: 10.6, with: 32.0 / 3) == 2)
        #expect(SignificantDigits.agreement(of: 0.13, with: 0.125) == 2)
        #expect(SignificantDigits.agreement(of: 0.12, with: 0.125) == 2)
        #expect(SignificantDigits.agreement(of: 1000, with: 999.6) == 3)
        #expect(SignificantDigits.agreement(of: 999.6, with: 999.6 + 1e-9) == 11)
        #expect(SignificantDigits.agreement(of: 1, with: 0) == 0)
        #expect(SignificantDigits.agreement(of: 9, with: 12) == 0)
        #expect(SignificantDigits.agreement(of: 10.0, with: 9.996) == 3)
        #expect(SignificantDigits.agreement(of: 0.1, with: 0.09996) == 3)
        #expect(SignificantDigits.leadingExponent(of: 1000) == 3)
        #expect(SignificantDigits.leadingExponent(of: 0.001) == -3)
        #expect(SignificantDigits.leadingExponent(of: 0.00099999) == -4)
    }

    @Test func messagesSayWhichCaseApplied() {
        #expect(Verdict.rightToDigits(4).message == "right to 4 digits")
        #expect(Verdict.tooFewDigits(agreeing: 2, needed: 3).message == "agrees to 2 digits; give at least 3")
        #expect(Verdict.wrong(agreeing: 0).message == "not quite")
        #expect(Verdict.wrong(agreeing: 2).message == "not quite: only the first 2 digits agree")
        #expect(Verdict.expectedNumber(givenShape: [3]).message == "expected a number, you gave shape [3]")
        #expect(
            Verdict.wrongShape(expected: [2, 3], given: [3]).message
                == "expected shape [2, 3], you gave shape [3]")
        #expect(
            Verdict.wrongShape(expected: [2, 3], given: []).message
                == "expected shape [2, 3], you gave a number")
        #expect(Verdict.anticipatedMistake("that divides by p").message == "that divides by p")
        #expect(Verdict.exact.message == "correct")
        let mixed = Verdict.elementwise([
            ElementVerdict(index: [0], verdict: .exact),
            ElementVerdict(index: [1], verdict: .tooFewDigits(agreeing: 2, needed: 3)),
        ])
        #expect(mixed.message == "1 of 2 elements are off: [1] agrees to 2 digits; give at least 3")
        let right = Verdict.elementwise([
            ElementVerdict(index: [0], verdict: .rightToDigits(5)),
            ElementVerdict(index: [1], verdict: .rightToDigits(3)),
        ])
        #expect(right.message == "right (every element to at least 3 digits)")
    }

    @Test func answerFormsRecordTheTypedDigits() {
        #expect(AnswerForm("10.67") == .literal(digits: 4))
        #expect(AnswerForm("-0.5") == .literal(digits: 1))
        #expect(AnswerForm("[[0.5, 1/3], [2, -0.25]]") == .list([1, nil, 1, 2]))
        #expect(AnswerForm("32/3") == .expression)
        #expect(AnswerForm("pi") == .expression)
        #expect(AnswerForm("(1") == .expression)
    }

    @Test func piAndEArePredefinedAndCanBeReassigned() throws {
        var session = Session()
        #expect(try session.tensorQuietly("pi").scalars == [Double.pi])
        #expect(try session.tensorQuietly("e").scalars == [2.718281828459045])
        _ = session.execute("pi = 0.65")
        #expect(try session.tensorQuietly("pi").scalars == [0.65])
    }
}
