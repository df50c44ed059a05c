import LessonScript
import Testing

@testable import DropoutCore
@testable import Rendering

@Suite struct ExplanationLayoutTests {
    @Test func longExplanationsBreakBeforeEqualsAndPlus() {
        let terms = (0..<12).map { "x[\($0)] * w[\($0)]" }
        let explanation = Explanation(
            target: "s", formula: Formula(terms.joined(separator: " + ")),
            numbers: Formula((0..<12).map { "\($0) * 1" }.joined(separator: " + ")), value: 66, inputs: [])
        #expect(
            explanation.lines(width: 60) == [
                "s = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + x[3] * w[3]",
                "    + x[4] * w[4] + x[5] * w[5] + x[6] * w[6] + x[7] * w[7]",
                "    + x[8] * w[8] + x[9] * w[9] + x[10] * w[10]",
                "    + x[11] * w[11]",
                "  = 0 * 1 + 1 * 1 + 2 * 1 + 3 * 1 + 4 * 1 + 5 * 1 + 6 * 1",
                "    + 7 * 1 + 8 * 1 + 9 * 1 + 10 * 1 + 11 * 1",
                "  = 66",
            ])
        #expect(explanation.lines(width: 1000) == [explanation.line])
    }
}

@Suite struct TimeGridTests {
    @Test func panelsOfDifferentLengthsLeaveRowsBlank() {
        let naive = Tensor(rows: [[1, 0], [0, 1], [1, 1]])
        let short = TimeGridPanel(title: "a longer title", steps: Tensor(rows: [[2, 0]]))
        #expect(
            timeGrid([TimeGridPanel(title: "m", steps: naive), short], filled: "#", empty: ".") == """
                      m      a longer title
                t=0   # .    # .
                t=1   . #
                t=2   # #
                """)
        #expect(
            timeGrid([TimeGridPanel(title: "one unit", steps: Tensor([1, 0]))])
                == "      one unit\nt=0   ■\nt=1   □")
    }
}
