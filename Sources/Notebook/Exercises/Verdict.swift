/// How an answer compares with an exercise's key: data for the learner's feedback, never text.
///
/// `Verdict+Message.swift` words each case in plain English.
public indirect enum Verdict: Sendable, Equatable {
    /// The answer is the key's value (up to floating point rounding): `12` for 12, `32/3` for 32/3.
    case exact
    /// A decimal that gets this many significant digits of the key right, at least the
    /// exercise's minimum: `10.67` for 32/3 is right to 4 digits.
    case rightToDigits(Int)
    /// Within the exercise's `tolerance:`, or an expression within floating point noise of it.
    case withinTolerance
    /// Every digit typed is right, but there are fewer than the exercise asks for: `11` for 32/3.
    case tooFewDigits(agreeing: Int, needed: Int)
    /// A rounded decimal where the exercise wants the exact value (`exact: true`).
    case notExact(agreeing: Int)
    /// An expression that comes close but is judged at full precision, and misses.
    case expressionOff(agreeing: Int)
    /// Wrong: only this many leading significant digits agree (0: none).
    case wrong(agreeing: Int)
    /// A tensor of another shape than the key's.
    case wrongShape(expected: [Int], given: [Int])
    /// A tensor where the key is a single number.
    case expectedNumber(givenShape: [Int])
    /// A tensor judged element by element: every element's own verdict, in row-major order.
    case elementwise([ElementVerdict])
    /// An answer the exercise foresaw as a classic slip, with the exercise's feedback for it.
    case anticipatedMistake(String)

    /// Whether the answer counts as right.
    public var isAccepted: Bool {
        switch self {
        case .exact, .rightToDigits, .withinTolerance: true
        case .elementwise(let elements): elements.allSatisfy(\.verdict.isAccepted)
        default: false
        }
    }
}

/// One element's verdict in an elementwise judgement.
public struct ElementVerdict: Sendable, Equatable {
    /// The element's index, e.g. `[1, 2]`.
    public var index: [Int]
    /// How that element compares with the key's.
    public var verdict: Verdict

    /// Creates an element verdict.
    public init(index: [Int], verdict: Verdict) {
        self.index = index
        self.verdict = verdict
    }
}
