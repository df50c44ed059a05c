import DropoutCore
import LessonScript
import Notebook
import Testing

@testable import Rendering

private let esc = "\u{1B}["

@Suite struct ProseRendererTests {
    func plain(_ markdown: String, width: Int = 30) -> String {
        ProseRenderer(width: width, style: .plain).render(markdown)
    }

    func styled(_ markdown: String, width: Int = 30) -> String {
        ProseRenderer(width: width, style: .ansi).render(markdown)
    }

    @Test func plainLessonProse() {
        let markdown = """
            # Inverted dropout

            Dropout keeps each unit with
            probability *q* and scales by `1/q`.

            - first item that is long enough to wrap
            - second

            1. one
            2. two
            """
        #expect(
            plain(markdown) == """
                Inverted dropout
                ================

                Dropout keeps each unit with
                probability *q* and scales by
                `1/q`.

                - first item that is long
                  enough to wrap
                - second

                1. one
                2. two
                """)
    }

    @Test func headingsInBothStyles() {
        #expect(
            plain("## Sub\n### Deep heading here", width: 12) == "Sub\n---\n\n### Deep\n    heading\n    here"
        )
        #expect(plain("Setext\n======") == "Setext\n======")
        #expect(styled("# Top") == "\(esc)1m\(esc)35m\(esc)4mTop\(esc)24m\(esc)39m\(esc)22m")
        #expect(styled("## Sub ##") == "\(esc)1m\(esc)35mSub\(esc)39m\(esc)22m")
        #expect(styled("### Deep") == "\(esc)1mDeep\(esc)22m")
    }

    @Test func inlineMarkupStyledAndPlain() {
        let markdown = "*a* _b_ **c** `d` upscale_in_train 2 * 3"
        #expect(plain(markdown, width: 60) == markdown)
        #expect(
            styled(markdown, width: 60)
                == "\(esc)3ma\(esc)23m \(esc)3mb\(esc)23m \(esc)1mc\(esc)22m \(esc)36md\(esc)39m upscale_in_train 2 * 3"
        )
        #expect(plain("`` a`b ``") == "`` a`b ``")
        #expect(styled("`` a`b ``") == "\(esc)36ma`b\(esc)39m")
        #expect(plain("\\*not emphasis\\* and **unclosed") == "*not emphasis* and **unclosed")
        #expect(styled("***both***") == "\(esc)1m\(esc)3mboth\(esc)23m\(esc)22m")
    }

    @Test func links() {
        #expect(
            plain("See [the docs](https://x.org \"Title\") now.", width: 60)
                == "See the docs (https://x.org) now.")
        #expect(
            plain("<https://x.org> and [https://y.org](https://y.org)", width: 60)
                == "https://x.org and https://y.org")
        #expect(plain("![mask grid](img/mask.png)", width: 60) == "mask grid (img/mask.png)")
        #expect(plain("[not a link] (x)", width: 60) == "[not a link] (x)")
        #expect(styled("[a](u)") == "\(esc)4ma\(esc)24m \(esc)2m(u)\(esc)22m")
    }

    @Test func quotesCodeRulesAndTables() {
        #expect(plain("> quoted text here\n> still", width: 12) == "> quoted\n> text here\n> still")
        #expect(plain("> a\n>\n> b") == "> a\n>\n> b")
        #expect(styled("> a") == "\(esc)2m│\(esc)22m a")
        #expect(plain("```python\nx = 1\n\n  y   \n```\nafter", width: 5) == "    x = 1\n\n      y\n\nafter")
        #expect(plain("Text\n\n    indented code\n\nmore") == "Text\n\n    indented code\n\nmore")
        #expect(plain("---", width: 5) == "-----")
        #expect(plain("a\n\n***\n\nb", width: 3) == "a\n\n---\n\nb")
        #expect(styled("___", width: 3) == "\(esc)2m───\(esc)22m")
        #expect(plain("| a | b |\n|---|---|\n| 1 | 2 |", width: 4) == "| a | b |\n|---|---|\n| 1 | 2 |")
    }

    @Test func lists() {
        #expect(styled("- a\n  - b\n- c") == "• a\n  ◦ b\n• c")
        #expect(plain("* a\n\n* b") == "- a\n\n- b")
        #expect(plain("9. nine\n10. ten") == " 9. nine\n10. ten")
        #expect(plain("3) x\n4) y") == "3) x\n4) y")
        #expect(plain("- a\nlazy line\n- b") == "- a lazy line\n- b")
        #expect(plain("- item\n\n  second paragraph\n- next") == "- item\n\n  second paragraph\n\n- next")
        #expect(plain("Text\n- list") == "Text\n\n- list")
        #expect(plain("- a\n- b\n\nafter") == "- a\n- b\n\nafter")
    }

    @Test func hardBreaksAndSoftBreaks() {
        #expect(plain("one  \ntwo\\\nthree\nfour") == "one\ntwo\nthree four")
        #expect(plain("第一行\n第二行\nEnglish\n中文") == "第一行第二行 English 中文")
    }

    @Test func cjkWrapsByDisplayWidth() {
        #expect(plain("中文句子很长需要换行。", width: 10) == "中文句子很\n长需要换\n行。")
        #expect(plain("（括号）内容", width: 6) == "（括\n号）内\n容")
        #expect(plain("Dropout 是一种正则化方法", width: 12) == "Dropout 是一\n种正则化方法")
    }

    @Test func longWordsAreBrokenNeverLost() {
        #expect(
            plain("see https://example.org/long/path", width: 10) == "see\nhttps://ex\nample.org/\nlong/path")
        #expect(plain("- https://example.org/long", width: 10) == "- https://\n  example.\n  org/long")
    }

    @Test func emptyAndBlankInput() {
        #expect(plain("") == "")
        #expect(plain("\n\n  \n") == "")
        #expect(plain("text", width: 0) == "t\ne\nx\nt")
    }

    @Test func randomMarkdownNeverCrashesAndKeepsEveryCharacter() {
        var random = SplitMix64(seed: 11)
        let pieces = [
            "# ", "## ", "- ", "1. ", "> ", "```", "~~~", "    ", "*", "**", "_", "`", "[", "](", ")", "<",
            ">", "\\",
            "\n", "\n\n", " ", "word", "漢字", "。", "（", "é", "---", "|", "https://example.org/x",
        ]
        for _ in 0..<1000 {
            let markdown = (0..<random.next(below: 30)).map { _ in pieces[random.next(below: pieces.count)] }
                .joined()
            let width = 1 + random.next(below: 30)
            let rendered = ProseRenderer(width: width, style: random.next(below: 2) == 0 ? .plain : .ansi)
                .render(markdown)
            for line in rendered.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(line.last != " ", "trailing space in \(markdown.debugDescription)")
            }
            // Fence info strings (```python) are the only text rendering drops on purpose; they
            // may sit inside a quote or list, so everything after a fence-like run is ignored.
            let shown = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                let cut = [line.firstRange(of: "```"), line.firstRange(of: "~~~")].compactMap {
                    $0?.lowerBound
                }.min()
                return String(line[..<(cut ?? line.endIndex)])
            }
            let words = shown.joined(separator: "\n").split { !$0.isLetter }.map(String.init)
            let visible = removingANSIEscapes(from: rendered).filter {
                !$0.isWhitespace && $0 != ">" && $0 != "│"
            }
            for word in words where !visible.contains(word) {
                Issue.record("lost \(word) from \(markdown.debugDescription): \(rendered.debugDescription)")
            }
        }
    }
}

@Suite struct DisplayWidthTests {
    @Test func widths() {
        #expect(displayWidth(of: "abc") == 3)
        #expect(displayWidth(of: "中文") == 4)
        #expect(displayWidth(of: "（）。，、：；") == 14)
        #expect(displayWidth(of: "한국어 ＡＢ") == 11)
        #expect(displayWidth(of: "e\u{301}") == 1)
        #expect(displayWidth(of: "a\u{200B}b") == 2)
        #expect(displayWidth(of: "\(esc)1mab\(esc)22m") == 2)
        #expect(displayWidth(of: "\u{1B}]8;;https://x\u{7}link\u{1B}]8;;\u{7}") == 4)
        #expect(displayWidth(of: "👍") == 2)
        #expect(displayWidth(of: "\t\u{7}") == 0)
        #expect(removingANSIEscapes(from: "\(esc)31mred\(esc)39m!") == "red!")
    }

    @Test func wrapsAtSpacesWithIndents() {
        #expect(
            wrap("one two three", width: 9, indent: "- ", subsequentIndent: "  ") == ["- one two", "  three"])
        #expect(wrap("aaaa bbbbbbbbbb cc", width: 4) == ["aaaa", "bbbb", "bbbb", "bb", "cc"])
        #expect(wrap("a\n\nb", width: 5, indent: "> ") == ["> a", ">", "> b"])
        #expect(wrap("", width: 5).isEmpty)
        #expect(wrap("  lead  and  gaps  ", width: 40) == ["lead  and  gaps"])
    }

    @Test func neverSplitsEscapesAndReopensStylesAfterABreak() {
        let bold = "\(esc)1mabcdefghij\(esc)22m"
        #expect(
            wrap(bold, width: 4) == ["\(esc)1mabcd\(esc)0m", "\(esc)1mefgh\(esc)0m", "\(esc)1mij\(esc)22m"])
        #expect(
            wrap("x \(esc)4mlink text\(esc)24m", width: 6, subsequentIndent: "  ")
                == ["x \(esc)4mlink\(esc)0m", "  \(esc)4mtext\(esc)24m"])
    }

    @Test func cjkBreaksBetweenCharactersButNotBeforeClosingPunctuation() {
        #expect(wrap("漢字漢字", width: 5) == ["漢字", "漢字"])
        #expect(wrap("漢字，漢字", width: 4) == ["漢", "字，", "漢字"])
        #expect(wrap("漢", width: 1) == ["漢"])
    }

    @Test func randomTextKeepsEveryCharacterAndFitsTheWidth() {
        var random = SplitMix64(seed: 3)
        let pieces = ["a", "bc", " ", "  ", "漢", "。", "（", "\(esc)1m", "\(esc)22m", "é", "\n", "-"]
        for _ in 0..<1000 {
            let text = (0..<random.next(below: 40)).map { _ in pieces[random.next(below: pieces.count)] }
                .joined()
            let width = 1 + random.next(below: 12)
            let lines = wrap(text, width: width, indent: "> ")
            let visible = removingANSIEscapes(from: lines.joined()).filter { !$0.isWhitespace && $0 != ">" }
            #expect(
                visible == removingANSIEscapes(from: text).filter { !$0.isWhitespace },
                "\(text.debugDescription)")
            for line in lines {
                let body = removingANSIEscapes(from: line).dropFirst(2)
                let widest = body.map { characterWidth($0) }.max() ?? 0
                #expect(displayWidth(of: String(body)) <= max(width - 2, 1, widest))
            }
        }
    }
}

@Suite struct CodeSpanWrappingTests {
    @Test func shortCodeSpansNeverBreakInside() {
        for width in 20...60 {
            let text =
                "Kept units are divided by the keep probability `(1 - p)` in training, never at test time."
            for style in [TerminalStyle.plain, .ansi] {
                let lines = ProseRenderer(width: width, style: style).render(text).split(separator: "\n")
                let plain = lines.map { removingANSIEscapes(from: String($0)) }
                #expect(!plain.contains { $0.hasPrefix("- p)") }, "width \(width): \(plain)")
                #expect(plain.allSatisfy { !$0.contains("\u{00A0}") })
                #expect(plain.allSatisfy { displayWidth(of: $0) <= width })
            }
        }
    }
}
