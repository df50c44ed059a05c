import Testing

@testable import Notebook

/// A lesson using every block kind, with its line numbers in comments where tests rely on them.
let goodLesson = """
    ---
    id: 02-inverted
    title: "Inverted dropout"
    summary: Why we scale
    ---
    # Inverted dropout

    Intro prose.

    ```dropstep
    x = [1, 2]
    y = x * 2
    ```

    ```output
    [2 4]
    ```

    Between.

    ```python
    print("not a cell")
    ```

    ~~~~dropstep
    a = 1
    ~~~~

    ```exercise
    question: What is
      two times two?
    answer: 4
    exact: true
    hint: Multiply.
    ```

    ```exercise
    question: Q
    answer: [[1, 2],
      [3, 4]]
    ```

    Trailing prose.

    """

@Suite struct LessonParserTests {
    @Test func parsesEveryBlockKind() throws {
        let lesson = try LessonParser.parse(goodLesson, path: "lessons/02.md")
        #expect(lesson.id == "02-inverted")
        #expect(lesson.title == "Inverted dropout")
        #expect(lesson.path == "lessons/02.md")
        #expect(lesson.metadata == ["summary": "Why we scale"])
        let expected: [Lesson.Block] = [
            .prose(Lesson.Prose(markdown: "# Inverted dropout\n\nIntro prose.", line: 6)),
            .cell(
                Lesson.Cell(
                    code: "x = [1, 2]\ny = x * 2", codeLine: 11, fenceRange: 10...13,
                    output: Lesson.RecordedOutput(text: "[2 4]", line: 16, fenceRange: 15...17))),
            .prose(Lesson.Prose(markdown: "Between.\n\n```python\nprint(\"not a cell\")\n```", line: 19)),
            .cell(Lesson.Cell(code: "a = 1", codeLine: 26, fenceRange: 25...27)),
            .exercise(
                Lesson.Exercise(
                    question: "What is two times two?", answer: "4", exact: true, hint: "Multiply.",
                    line: 29,
                    fieldLines: ["question": 30, "answer": 32, "exact": 33, "hint": 34],
                    fenceRange: 29...35)),
            .exercise(
                Lesson.Exercise(
                    question: "Q", answer: "[[1, 2], [3, 4]]", line: 37,
                    fieldLines: ["question": 38, "answer": 39],
                    fenceRange: 37...41)),
            .prose(Lesson.Prose(markdown: "Trailing prose.", line: 43)),
        ]
        #expect(lesson.blocks == expected)
        #expect(lesson.exercises[1].tolerance == nil)
        #expect(lesson.exercises[1].digits == 3)
        #expect(lesson.exercises[1].exact == false)
    }

    @Test func stepsCarryTheProseBeforeThem() throws {
        let lesson = try LessonParser.parse(goodLesson, path: "a.md")
        let steps = lesson.steps
        #expect(steps.count == 4)
        #expect(steps.map(\.prose.count) == [1, 1, 0, 0])
        #expect(steps.map(\.index) == [0, 1, 0, 1])
        #expect(steps[1].prose.first?.line == 19)
        guard case .cell(let cell) = steps[1].kind else {
            Issue.record("second step should be a cell")
            return
        }
        #expect(cell.code == "a = 1")
        #expect(lesson.trailingProse.map(\.markdown) == ["Trailing prose."])
        #expect(lesson.cells.count == 2)
        #expect(lesson.exercises.map(\.answer) == ["4", "[[1, 2], [3, 4]]"])
    }

    @Test func acceptsCRLFAndByteOrderMarkAndIndentedFences() throws {
        let text =
            "\u{FEFF}---\r\nid: a\r\ntitle: 'T'\r\n---\r\n  ```dropstep\r\n    x = 1\r\n  y\r\n  ```\r\n"
        let lesson = try LessonParser.parse(text, path: "a.md")
        #expect(lesson.title == "T")
        #expect(lesson.cells == [Lesson.Cell(code: "  x = 1\ny", codeLine: 6, fenceRange: 5...8)])
    }

    @Test func emptyOutputBlockAndEmptyCell() throws {
        let text = "---\nid: a\ntitle: T\n---\n```dropstep\n```\n```output\n```\n"
        let lesson = try LessonParser.parse(text, path: "a.md")
        let output = Lesson.RecordedOutput(text: "", line: 8, fenceRange: 7...8)
        #expect(lesson.cells == [Lesson.Cell(code: "", codeLine: 6, fenceRange: 5...6, output: output)])
    }

    @Test func longerFenceHoldsShorterFences() throws {
        let text = "---\nid: a\ntitle: T\n---\n````output-doc\n```dropstep\n```\n````\n"
        let lesson = try LessonParser.parse(text, path: "a.md")
        #expect(lesson.cells.isEmpty)
        #expect(lesson.blocks.count == 1)
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var text: String
        var error: String
        var testDescription: String { error }
    }

    static let header = "---\nid: a\ntitle: T\n---\n"

    static let malformed: [Malformed] = [
        Malformed(
            text: "# No front matter\n",
            error:
                "x.md:1:1: missing front matter: a lesson starts with a '---' line, then 'id:' and 'title:'"),
        Malformed(
            text: "",
            error:
                "x.md:1:1: missing front matter: a lesson starts with a '---' line, then 'id:' and 'title:'"),
        Malformed(
            text: "---\nid: a\ntitle: T\n",
            error: "x.md:1:1: unterminated front matter: no closing '---' line"),
        Malformed(text: "---\ntitle: T\n---\n", error: "x.md:3:1: front matter has no 'id' field"),
        Malformed(text: "---\nid: a\n\n---\n", error: "x.md:4:1: front matter has no 'title' field"),
        Malformed(
            text: "---\nid: a\njust words\n---\n",
            error: "x.md:3:1: bad front matter line; expected 'key: value'"),
        Malformed(
            text: "---\nid: a\n title: T\n---\n",
            error: "x.md:3:1: bad front matter line; expected 'key: value'"),
        Malformed(text: "---\nid: a\ntitle:\n---\n", error: "x.md:3:7: front matter field 'title' is empty"),
        Malformed(
            text: "---\nid: a\nid: b\ntitle: T\n---\n",
            error: "x.md:3:1: duplicate front matter field 'id' (first given on line 2)"),
        Malformed(
            text: "---\nid: my lesson\ntitle: T\n---\n",
            error: "x.md:2:5: lesson id 'my lesson' contains ' '; use letters, digits, '-', '_' and '.'"),
        Malformed(
            text: header + "\n```dropstep\nx = 1\n", error: "x.md:6:1: unclosed ```dropstep block opened here"
        ),
        Malformed(
            text: header + "  ~~~~python\nx\n~~~\n", error: "x.md:5:3: unclosed ~~~~python block opened here"),
        Malformed(text: header + "```\ncode\n", error: "x.md:5:1: unclosed ``` block opened here"),
        Malformed(
            text: header + "Text.\n\n```output\n1\n```\n",
            error: "x.md:7:1: output block must directly follow a ```dropstep cell"),
        Malformed(
            text: header + "```dropstep\nx\n```\nprose\n```output\n1\n```\n",
            error: "x.md:9:1: output block must directly follow a ```dropstep cell"),
        Malformed(
            text: header + "```dropstep\nx\n```\n```output\n1\n```\n\n```output\n2\n```\n",
            error: "x.md:12:1: second output block for the cell on line 5; its output is already on line 8"),
        Malformed(
            text: header + "```exercise\nquestion: Why?\n```\n",
            error: "x.md:5:1: exercise block is missing 'answer'"),
        Malformed(
            text: header + "```exercise\nanswer: 1\n```\n",
            error: "x.md:5:1: exercise block is missing 'question'"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanwser: 1\n```\n",
            error: "x.md:7:1: unknown exercise field 'anwser'; did you mean 'answer'?"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\ncolour: red\n```\n",
            error:
                "x.md:8:1: unknown exercise field 'colour'; expected one of question, answer, key, digits, exact, tolerance, mistake, hint"
        ),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\ntolerance: 0\n```\n",
            error: "x.md:8:12: tolerance must be above 0; write 'exact: true' for an exact answer"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\ndigits: 0\n```\n",
            error: "x.md:8:9: digits must be a whole number from 1 to 15, got '0'"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\ndigits: 3.5\n```\n",
            error: "x.md:8:9: digits must be a whole number from 1 to 15, got '3.5'"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\nexact: yes\n```\n",
            error: "x.md:8:8: exact must be 'true' or 'false', got 'yes'"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\nexact: true\ndigits: 4\n```\n",
            error: "x.md:9:9: 'exact: true' and 'digits' contradict each other; keep one"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\nmistake: 2 because\n```\n",
            error: "x.md:8:10: mistake must read 'wrong answer -> feedback', got '2 because'"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\nmistake: 2 ->  \n```\n",
            error: "x.md:8:10: mistake must read 'wrong answer -> feedback', got '2 ->'"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\nkey: [1, [2]]\n```\n",
            error:
                "x.md:8:6: key must be a number or a list of numbers: ragged list: its rows have different shapes"
        ),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\nkey: 1/3\n```\n",
            error: "x.md:8:6: key must be a number or a list of numbers: '1/3' is not a number"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\nkey: [1, 2\n```\n",
            error: "x.md:8:6: key must be a number or a list of numbers: unclosed '['"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\ntolerance: small\n```\n",
            error: "x.md:8:12: tolerance must be a non-negative number, got 'small'"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\ntolerance: -1\n```\n",
            error: "x.md:8:12: tolerance must be a non-negative number, got '-1'"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer:\n```\n",
            error: "x.md:7:8: exercise field 'answer' is empty"),
        Malformed(
            text: header + "```exercise\nquestion: Q\nanswer: 1\nanswer: 2\n```\n",
            error: "x.md:8:1: duplicate exercise field 'answer' (first given on line 7)"),
        Malformed(
            text: header + "```exercise\n  question: Q\n```\n",
            error: "x.md:6:3: indented line outside a field; expected 'key: value'"),
        Malformed(
            text: header + "```exercise\nWhat is 2 + 2?\n```\n",
            error: "x.md:6:1: expected 'key: value' in exercise block, got 'What is 2 + 2?'"),
        Malformed(
            text: header + "```exercize\nquestion: Q\n```\n",
            error: "x.md:5:4: unknown block kind 'exercize'; did you mean 'exercise'?"),
        Malformed(
            text: header + "```dropstep\nx\n```\n\n``` ouput\n1\n```\n",
            error: "x.md:9:5: unknown block kind 'ouput'; did you mean 'output'?"),
        Malformed(
            text: header + "```dropstep-foo\nx\n```\n",
            error: "x.md:5:4: unknown block kind 'dropstep-foo'; did you mean 'dropstep'?"),
        Malformed(
            text: header + "```Dropstep\nx\n```\n",
            error: "x.md:5:4: unknown block kind 'Dropstep'; did you mean 'dropstep'?"),
        Malformed(
            text: header + "```dropstp\nx\n```\n",
            error: "x.md:5:4: unknown block kind 'dropstp'; did you mean 'dropstep'?"),
    ]

    @Test(arguments: malformed) func reportsMalformedLessons(_ example: Malformed) {
        #expect(throws: LessonError.self) { try LessonParser.parse(example.text, path: "x.md") }
        do {
            _ = try LessonParser.parse(example.text, path: "x.md")
        } catch {
            #expect(error.description == example.error)
        }
    }

    @Test func readsTheJudgingFields() throws {
        let text =
            Self.header + """
                ```exercise
                question: Q
                answer: dropout([8.], p=0.25, mask=[1])[0]
                key: 10.666666666666666
                digits: 4
                mistake: 8 / 0.25 -> that divides by p;
                  kept units are divided by q
                mistake: 8 * 0.75 -> that multiplies by q
                hint: H
                ```

                ```exercise
                question: Q2
                answer: x
                key: [[1, 2],
                      [3, 4.5]]
                exact: true
                ```

                ```exercise
                question: Q3
                answer: y
                tolerance: 0.01
                key: -0
                ```
                """
        let exercises = try LessonParser.parse(text, path: "x.md").exercises
        #expect(exercises.count == 3)
        #expect(exercises[0].digits == 4)
        #expect(exercises[0].exact == false)
        #expect(exercises[0].key == Lesson.RecordedKey(value: Tensor(32.0 / 3), lines: 8...8))
        #expect(
            exercises[0].mistakes == [
                Lesson.Mistake(
                    answer: "8 / 0.25", feedback: "that divides by p; kept units are divided by q", line: 10),
                Lesson.Mistake(answer: "8 * 0.75", feedback: "that multiplies by q", line: 12),
            ])
        #expect(exercises[0].fieldLines["mistake"] == 10)
        #expect(exercises[1].exact)
        #expect(
            exercises[1].key == Lesson.RecordedKey(value: Tensor(rows: [[1, 2], [3, 4.5]]), lines: 19...20))
        #expect(exercises[2].tolerance == 0.01)
        #expect(exercises[2].key?.value.shape == [])
    }

    @Test(arguments: [
        Tensor(12), Tensor(-0.0), Tensor([25]), Tensor(32.0 / 3), Tensor([1e-5, 1e300, -2.5]),
        Tensor(rows: [[1, 2], [3, 4]]), Tensor(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6]),
        Tensor(shape: [0], scalars: []),
    ])
    func keyTextReadsBackExactly(_ tensor: Tensor) throws {
        let text = KeyText.lines(for: tensor).joined(separator: " ")
        let read = try KeyText.parse(text).get()
        #expect(read == tensor)
        #expect(read.shape == tensor.shape)
        #expect(read.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
    }

    @Test func keyTextIsShortAndReadable() {
        #expect(KeyText.lines(for: Tensor(12)) == ["12"])
        #expect(KeyText.lines(for: Tensor(0.1)) == ["0.1"])
        #expect(KeyText.lines(for: Tensor([0.5, 2])) == ["[0.5, 2]"])
        #expect(KeyText.lines(for: Tensor(rows: [[1, 2], [3, 4]])) == ["[[1, 2],", "[3, 4]]"])
    }

    @Test func ordinaryLanguagesAreProse() throws {
        for language in ["python", "text", "json", "bash", "console", "input", "out", ""] {
            let lesson = try LessonParser.parse(Self.header + "```\(language)\nx\n```\n", path: "a.md")
            #expect(lesson.cells.isEmpty, "```\(language) should be prose")
        }
    }

    @Test func randomMutationsNeverCrash() {
        var random = SplitMix64(seed: 0x5EED)
        let fragments = [
            "```", "~~~", "````", "```dropstep", "```output", "```exercise", "---", "\n", "\r\n", "  ", "\t",
            ":",
            "question:", "answer: 1", "tolerance: x", "hint:", "id: a", "title: t", "漢字", "é", "\u{301}", "`",
            "\u{FEFF}", "#", "> ", "- ",
        ]
        var parsed = 0
        for _ in 0..<2000 {
            var lines = goodLesson.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<(1 + random.next(below: 4)) {
                let at = random.next(below: lines.count)
                switch random.next(below: 5) {
                case 0: lines.remove(at: at)
                case 1: lines.insert(lines[random.next(below: lines.count)], at: at)
                case 2: lines[at] = fragments[random.next(below: fragments.count)]
                case 3:
                    var characters = Array(lines[at])
                    let position = characters.isEmpty ? 0 : random.next(below: characters.count + 1)
                    characters.insert(
                        contentsOf: fragments[random.next(below: fragments.count)], at: position)
                    lines[at] = String(characters)
                default: lines[at] = String(lines[at].shuffled(using: &random))
                }
                if lines.isEmpty { lines = [""] }
            }
            let text = lines.joined(separator: "\n")
            let lineCount = max(1, sourceLines(of: text).count)
            do {
                let lesson = try LessonParser.parse(text, path: "f.md")
                parsed += 1
                checkUpdateRoundTrip(text, lesson, random: &random)
            } catch {
                #expect((1...lineCount).contains(error.line), "\(error)")
                #expect(error.column >= 1, "\(error)")
            }
        }
        #expect(parsed > 100)
    }

    @Test func randomTextNeverCrashes() {
        var random = SplitMix64(seed: 42)
        let pieces = [
            "---\n", "id: x\n", "title: y\n", "```", "~~~", "dropstep", "output", "exercise", "exercize",
            "\n", "\r\n",
            " ", "question: q\n", "answer: 1\n", "tolerance: 1e-3\n", ":", "`", "~", "\u{FEFF}", "漢",
            "\u{301}", "\r",
        ]
        for _ in 0..<3000 {
            let text = (0..<random.next(below: 40)).map { _ in pieces[random.next(below: pieces.count)] }
                .joined()
            do {
                let lesson = try LessonParser.parse(text, path: "r.md")
                checkUpdateRoundTrip(text, lesson, random: &random)
            } catch {
                #expect(error.line >= 1 && error.column >= 1)
                #expect(error.description.hasPrefix("r.md:\(error.line):\(error.column): "))
            }
        }
    }

    /// Updating outputs and parsing again must give back exactly the outputs written.
    func checkUpdateRoundTrip(_ text: String, _ lesson: Lesson, random: inout SplitMix64) {
        let samples = ["", "1", "a  \nb\n\n", "```\nx", "~~~", "   ```` ", "漢字\tz"]
        var outputs: [Int: String] = [:]
        for index in lesson.cells.indices where random.next(below: 2) == 0 {
            outputs[index] = samples[random.next(below: samples.count)]
        }
        let updated = OutputUpdater.updatingOutputs(in: text, lesson: lesson, outputs: outputs)
        guard let reparsed = try? LessonParser.parse(updated, path: "f.md") else {
            Issue.record("updated lesson no longer parses:\n\(updated)")
            return
        }
        #expect(reparsed.cells.count == lesson.cells.count)
        for (index, cell) in reparsed.cells.enumerated() where index < lesson.cells.count {
            #expect(cell.code == lesson.cells[index].code)
            if let output = outputs[index] {
                let expected = normalizedOutputLines(output)
                #expect(cell.output?.text == (expected.isEmpty ? nil : expected.joined(separator: "\n")))
            } else {
                #expect(cell.output?.text == lesson.cells[index].output?.text)
            }
        }
        #expect(OutputUpdater.updatingOutputs(in: updated, lesson: reparsed, outputs: outputs) == updated)
    }
}

/// A small deterministic generator, so a failing fuzz case reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }
}
