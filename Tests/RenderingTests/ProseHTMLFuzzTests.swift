import Testing

@testable import Rendering

/// Pieces of Markdown and of its mistakes, so random prose reaches every path of Ink and of
/// ``InkInput``: a lesson's prose goes through them in `export` and in the REPL's `:export`,
/// where a crash would lose the learner's session.
private let fragments = [
    "#", "## ", "### ", "-", "- ", "---", "***", "___", "* ", "+ ", "1. ", "2) ", ">", "> ", "|", "| a |",
    "|---|", "`", "``", "```", "~~~", "    ", "  ", "\t", " ", "\n", "\n\n", "\\", "*", "**", "_", "__", "[",
    "]", "(", ")", "![", "<", ">", "<b>", "</b>", "<!--", "-->", "&", "&amp;", "&#", ";", "!", "=", "===",
    "word", "x_1", "dropout", "日本", "é", "\u{301}", "\r\n", "http://a.b/c_d", "<https://e.f>", ":", "'", "\"",
]

@Suite struct ProseHTMLFuzzTests {
    @Test func anyProseRendersWithoutCrashingAndWithoutRawMarkup() {
        var random = SplitMix64(seed: 0x1A7E_0018)
        for _ in 0..<1000 {
            var markdown = ""
            for _ in 0..<(1 + random.next(below: 40)) {
                markdown += fragments[random.next(below: fragments.count)]
            }
            var prose = ProseHTML()
            let html = prose.render(markdown)
            // Whatever the text, it never becomes markup of its own.
            #expect(!html.contains("<b>") && !html.contains("<!--"), "\(markdown.debugDescription)")
            #expect(prose.headings.allSatisfy { html.contains("id=\"\($0.id)\"") })
        }
    }
}
