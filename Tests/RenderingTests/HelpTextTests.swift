import LessonScript
import Notebook
import Testing

@testable import Rendering

/// `:help` fits the terminal: signatures break between parameters, prose between words,
/// and a text taller than the screen says how to see the rest.
@Suite struct HelpTextTests {
    @Test func aLongSignatureBreaksAfterCommasAndAlignsAfterTheParenthesis() {
        let lines = HelpText(width: 60).signature(Builtins.table["dropout"]!.usage)
        #expect(
            lines == [
                "dropout(x, p=0.5, mode=\"upscale_in_train\",",
                "        training=<current mode>, axis=none, mask=none)",
            ])
        #expect(HelpText(width: 80).signature("f(a, b)") == ["f(a, b)"])
        // Narrow: later lines are indented by four, and nothing is wider than the width.
        let narrow = HelpText(width: 24).signature("dropconnect_infer(v, W, p=0.5, activation=\"relu\")")
        #expect(narrow.allSatisfy { displayWidth(of: $0) <= 24 }, "\(narrow)")
        #expect(narrow.dropFirst().allSatisfy { $0.hasPrefix("    ") })
        #expect(
            narrow.joined(separator: " ").split(separator: " ").joined(separator: " ")
                == "dropconnect_infer(v, W, p=0.5, activation=\"relu\")")
    }

    @Test func detailsAreParagraphsWrappedAtWordBoundaries() {
        #expect(
            HelpText.paragraphs(of: "One sentence broken in\nthe source.\nA second: here.\nthird")
                == ["One sentence broken in the source.", "A second: here.", "third"])
        let lines = HelpText(width: 50).builtin(Builtins.table["dropout"]!)
        #expect(lines.allSatisfy { displayWidth(of: $0) <= 50 }, "\(lines)")
        // "shape" in "the mask is shared along the others" is never split as sh/ape.
        let words = Set(lines.joined(separator: " ").split(separator: " ").map(String.init))
        #expect(words.contains("row-major.") && words.contains("listed") && !words.contains("sh"))
    }

    @Test func acceptedStringsAreListedUnlessTheDetailsNameThem() {
        let plot = HelpText(width: 80).builtin(Builtins.table["plot"]!)
        #expect(!plot.contains { $0.contains("kind: one of") })
        let expect = HelpText(width: 80).builtin(Builtins.table["expect"]!)
        #expect(!expect.contains { $0.contains("one of") })
        #expect(
            Builtins.table["dropout"]!.parameters.first { $0.name == "mode" }!.choices
                == ["upscale_in_train", "downscale_in_infer"])
    }

    @Test func theOverviewFitsTheWidth() {
        for width in [40, 60, 80, 120] {
            let lines = HelpText(width: width).overview()
            #expect(
                lines.allSatisfy { displayWidth(of: $0) <= width },
                "\(lines.filter { displayWidth(of: $0) > width })")
            #expect(lines.contains { $0.contains(":history [N]") })
        }
    }

    @Test func aTallTextIsCutWithAWayToSeeAll() {
        let lines = (1...30).map { "line \($0)" }
        let cut = HelpText(width: 80).fitting(lines, rows: 10, more: ":help dropout --all")
        #expect(cut.count == 10)
        #expect(cut.last == "more: :help dropout --all (21 more lines)")
        #expect(HelpText(width: 80).fitting(lines, rows: 30, more: "x") == lines)
    }

    @Test func anUnknownNameSuggestsOnceWithoutDoubledPunctuation() {
        #expect(
            HelpText().unknown("dropot", suggestion: "dropout") == [
                "No help for 'dropot'; did you mean 'dropout'?"
            ])
        #expect(HelpText().unknown("zzz", suggestion: nil) == ["No help for 'zzz'."])
    }
}

/// Lists and columns pad by the columns text takes, so wide (Chinese) text lines up.
@Suite struct WidthTests {
    @Test func lessonListsWrapBesideTheirIds() {
        let entries = [
            LessonList.Entry(id: "00-tour", title: "A tour", note: "(6 steps, 1 exercise)"),
            LessonList.Entry(
                id: "10-variational-and-embedding",
                title: "One mask per sequence: variational, locked and embedding dropout",
                note: "(9 steps, 2 exercises)"),
        ]
        let lines = LessonList.lines(entries, width: 80)
        #expect(lines[0] == "00-tour                       A tour  (6 steps, 1 exercise)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.last!.hasPrefix(String(repeating: " ", count: 30)))
        #expect(lines.last!.hasSuffix("  (9 steps, 2 exercises)"))
        // Too narrow for a column: titles go under the ids.
        let narrow = LessonList.lines(entries, width: 40)
        #expect(narrow[0] == "00-tour" && narrow[1] == "    A tour  (6 steps, 1 exercise)")
        #expect(narrow.allSatisfy { $0.count <= 40 })
    }

    @Test func chineseLabelsLineUp() {
        let chart = barChart(labels: ["训练", "val"], values: [1, 2], width: 4)
        let bars = chart.split(separator: "\n").map { String($0) }
        let positions = bars.map { displayWidth(of: String($0.prefix { $0 != "│" })) }
        #expect(positions[0] == positions[1], "\(chart)")
        let renderer = EventRenderer(settings: DisplaySettings())
        #expect(renderer.assignment("丢弃", "[[1]\n [2]]") == "丢弃 = [[1]\n        [2]]")
    }
}
