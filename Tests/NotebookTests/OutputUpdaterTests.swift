import Testing

@testable import Notebook

@Suite struct OutputUpdaterTests {
    static let header = "---\nid: a\ntitle: T\n---\n"

    func update(_ text: String, _ outputs: [Int: String]) throws -> String {
        let lesson = try LessonParser.parse(text, path: "a.md")
        return OutputUpdater.updatingOutputs(in: text, lesson: lesson, outputs: outputs)
    }

    @Test func replacesAnExistingBlockInPlace() throws {
        let text = Self.header + "Prose   \n\n```dropstep\nx\n```\n\n```output\nold\nlines\n```\n\nAfter.\t\n"
        let expected = Self.header + "Prose   \n\n```dropstep\nx\n```\n\n```output\nnew\n```\n\nAfter.\t\n"
        #expect(try update(text, [0: "new\n"]) == expected)
    }

    @Test func insertsABlockAfterTheCell() throws {
        let text = Self.header + "```dropstep\nx\n```\nNext line.\n"
        let expected = Self.header + "```dropstep\nx\n```\n\n```output\n1\n  2\n```\nNext line.\n"
        #expect(try update(text, [0: "1   \n  2\n\n\n"]) == expected)
    }

    @Test func removesABlockWhenTheOutputIsEmpty() throws {
        let without = Self.header + "```dropstep\nx\n```\n\nAfter.\n"
        let with = Self.header + "```dropstep\nx\n```\n\n```output\n1\n```\n\nAfter.\n"
        #expect(try update(with, [0: ""]) == without)
        #expect(try update(with, [0: "  \n\n"]) == without)
        #expect(try update(without, [0: ""]) == without)
        #expect(try update(without, [0: "1"]) == with)
    }

    @Test func keepsCRLFLineEndingsByteForByte() throws {
        let text = "---\r\nid: a\r\ntitle: T\r\n---\r\nA  \r\n```dropstep\r\nx\r\n```\r\n\r\nEnd\r\n"
        let expected =
            "---\r\nid: a\r\ntitle: T\r\n---\r\nA  \r\n```dropstep\r\nx\r\n```\r\n\r\n```output\r\n1\r\n2\r\n```\r\n\r\nEnd\r\n"
        let updated = try update(text, [0: "1\n2"])
        #expect(Array(updated.utf8) == Array(expected.utf8))
        #expect(Array(try update(updated, [0: "1\r\n2"]).utf8) == Array(expected.utf8))
        #expect(Array(try update(updated, [0: ""]).utf8) == Array(text.utf8))
    }

    @Test func keepsAMissingFinalNewline() throws {
        let text = Self.header + "```dropstep\nx\n```"
        let with = Self.header + "```dropstep\nx\n```\n\n```output\n1\n```"
        #expect(try update(text, [0: "1"]) == with)
        #expect(try update(with, [0: "2"]) == Self.header + "```dropstep\nx\n```\n\n```output\n2\n```")
        #expect(try update(with, [0: ""]) == text)
    }

    @Test func updatingTwiceChangesNothingMore() throws {
        let text = Self.header + "```dropstep\na\n```\n\n```output\nstale  \n```\n\n```dropstep\nb\n```\n"
        let outputs = [0: "one\ntwo  ", 1: "three\n"]
        let once = try update(text, outputs)
        #expect(try update(once, outputs) == once)
    }

    @Test func leavesMatchingBlocksUntouched() throws {
        let text = Self.header + "```dropstep\na\n```\n\n  ~~~~output   \n  1\n   2\n  ~~~~\n"
        #expect(try update(text, [0: "1\n 2"]) == text)
        #expect(
            try update(text, [0: "1\n 3"]) == Self.header
                + "```dropstep\na\n```\n\n  ~~~~output   \n  1\n   3\n  ~~~~\n")
    }

    @Test func lengthensTheFenceWhenOutputCouldCloseIt() throws {
        let text = Self.header + "```dropstep\na\n```\n\n```output\nold\n```\n"
        let expected = Self.header + "```dropstep\na\n```\n\n`````output\n```\n````\n`````\n"
        let updated = try update(text, [0: "```\n````"])
        #expect(updated == expected)
        let lesson = try LessonParser.parse(updated, path: "a.md")
        #expect(lesson.cells.first?.output?.text == "```\n````")
    }

    @Test func updatesSeveralCellsAndIgnoresUnknownIndices() throws {
        let text =
            Self.header
            + "```dropstep\na\n```\n\n```dropstep\nb\n```\n\n```output\nx\ny\n```\n\n```dropstep\nc\n```\n"
        let expected =
            Self.header
            + "```dropstep\na\n```\n\n```output\nA\n```\n\n```dropstep\nb\n```\n\n```dropstep\nc\n```\n\n```output\nC\nC\n```\n"
        #expect(try update(text, [0: "A", 1: "", 2: "C\nC", 7: "ignored", -1: "ignored"]) == expected)
    }

    @Test func emptyOutputsChangeNothing() throws {
        #expect(try update(goodLesson, [:]) == goodLesson)
    }

    func updateKeys(_ text: String, _ keys: [Int: Tensor], outputs: [Int: String] = [:]) throws -> String {
        let lesson = try LessonParser.parse(text, path: "a.md")
        return OutputUpdater.updatingOutputs(in: text, lesson: lesson, outputs: outputs, keys: keys)
    }

    @Test func insertsAKeyAfterTheAnswerAndItsContinuationLines() throws {
        let text = Self.header + "```exercise\nquestion: Q\nanswer: [1,\n  2]\nhint: H\n```\n"
        let expected =
            Self.header + "```exercise\nquestion: Q\nanswer: [1,\n  2]\nkey: [1, 2]\nhint: H\n```\n"
        let updated = try updateKeys(text, [0: Tensor([1, 2])])
        #expect(updated == expected)
        #expect(try LessonParser.parse(updated, path: "a.md").exercises[0].key?.value == Tensor([1, 2]))
        #expect(try updateKeys(updated, [0: Tensor([1, 2])]) == updated)
    }

    @Test func rewritesAKeyInPlaceKeepingCRLFAndIndent() throws {
        let text =
            Self.header.replacingOccurrences("\n", "\r\n")
            + "  ```exercise\r\n  question: Q\r\n  answer: m\r\n  key: [[1, 2],\r\n       [3, 4]]\r\n  ```\r\nEnd"
        let expected =
            Self.header.replacingOccurrences("\n", "\r\n")
            + "  ```exercise\r\n  question: Q\r\n  answer: m\r\n  key: 0.25\r\n  ```\r\nEnd"
        let updated = try updateKeys(text, [0: Tensor(0.25)])
        #expect(Array(updated.utf8) == Array(expected.utf8))
        let back = try updateKeys(updated, [0: Tensor(rows: [[1, 2], [3, 4]])])
        #expect(Array(back.utf8) == Array(text.utf8))
    }

    @Test func updatesKeysAndOutputsTogether() throws {
        let text =
            Self.header
            + "```dropstep\na\n```\n\n```exercise\nquestion: Q\nanswer: a\n```\n\n```dropstep\nb\n```\n"
        let expected =
            Self.header
            + "```dropstep\na\n```\n\n```output\n1\n```\n\n```exercise\nquestion: Q\nanswer: a\nkey: 1\n```\n\n"
            + "```dropstep\nb\n```\n\n```output\n2\n```\n"
        #expect(try updateKeys(text, [0: Tensor(1), 3: Tensor(9)], outputs: [0: "1", 1: "2"]) == expected)
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation in these tests).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
