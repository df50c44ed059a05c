import Foundation
import Testing

@testable import Notebook

@Suite struct TwinCheckerTests {
    let english = """
        ---
        id: 97-twin
        title: Twin
        ---
        Some prose.

        ```dropstep
        x = [1, 2]
        x * 3
        ```

        ```output
        >>> x = [1, 2]
        >>> x * 3
        [3 6]
        ```

        ```exercise
        question: What is x[1] * 3?
        answer: x[1] * 3
        key: 6
        mistake: x[1] + 3 -> that adds
        hint: Multiply.
        ```
        """

    func lesson(_ text: String, _ path: String) throws -> Lesson { try LessonParser.parse(text, path: path) }

    func chinese(_ english: String) -> String {
        english.replacing("title: Twin", with: "title: 双胞胎").replacing("Some prose.", with: "一些说明。\n\n更多说明。")
            .replacing("question: What is x[1] * 3?", with: "question: x[1] * 3 是多少？")
            .replacing("-> that adds", with: "-> 那是加法").replacing("hint: Multiply.", with: "hint: 相乘。")
    }

    @Test func translatedProseQuestionsAndFeedbackAreTwins() throws {
        let en = try lesson(english, "lessons/97-twin.md")
        let zh = try lesson(chinese(english), "lessons/zh/97-twin.md")
        #expect(TwinChecker.firstDifference(zh, from: en) == nil)
    }

    @Test func aChangedNumberInAnOutputIsReportedWithBothLines() throws {
        let en = try lesson(english, "lessons/97-twin.md")
        let drifted = chinese(english).replacing("[3 6]", with: "[3 7]")
        let zh = try lesson(drifted, "lessons/zh/97-twin.md")
        let difference = try #require(TwinChecker.firstDifference(zh, from: en))
        #expect(difference.message == "recorded output differs from the English cell's")
        #expect(difference.translatedLine == 15 && difference.originalLine == 13)
        #expect(
            difference.description
                == "lessons/zh/97-twin.md:15: recorded output differs from the English cell's (English: lessons/97-twin.md:13)"
        )
    }

    @Test func codeKeysMistakesAndIdsMustMatch() throws {
        let en = try lesson(english, "lessons/97-twin.md")
        for (change, message) in [
            (("x * 3\n```", "x * 4\n```"), "code differs from the English cell"),
            (("key: 6", "key: 7"), "recorded key differs"),
            (("mistake: x[1] + 3", "mistake: x[1] + 4"), "mistake expressions differ"),
            (("id: 97-twin", "id: 97-other"), "id '97-other' is not the English lesson's '97-twin'"),
        ] {
            let zh = try lesson(chinese(english).replacing(change.0, with: change.1), "lessons/zh/97-twin.md")
            #expect(TwinChecker.firstDifference(zh, from: en)?.message == message, "\(change)")
        }
    }
}
