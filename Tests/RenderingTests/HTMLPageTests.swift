import DropoutCore
import Foundation
import LessonScript
import Notebook
import Testing

@testable import Rendering

/// A lesson with prose, a traced cell, a bare value, an exercise and tricky text.
private let sampleLesson = """
    ---
    id: 99-sample
    title: Sample <lesson> & more
    ---
    # Sample <lesson> & more

    Intro with `upscale_in_train` and upscale_in_train, a < b && c > d, and <script>alert(1)</script>.
    A code span `mask = (u <
    q)` across lines.

    ## First part

    ```dropstep
    seed(0)
    y = dropout([1., 2., 3., 4.], p=0.5)
    y
    ```

    A formula:

        E[y] = x

    ## First part

    ```dropstep
    "<b>&amp;</b>"
    [[1.5, -2.25], [3., 4.]]
    ```

    ```exercise
    question: Is 1 < 2 & 3 > 2? Give 1 for yes.
    answer: 1
    hint: Compare <both> sides.
    ```

    The end.
    """

private func samplePage() throws -> String {
    let lesson = try LessonParser.parse(sampleLesson, path: "sample.md")
    return HTMLPage.lesson(lesson).render()
}

/// The HTML of each `<div class="stmt...">`, in order (up to the next one).
private func statementChunks(_ html: String) -> [String] {
    html.split(separator: "<div class=\"stmt").dropFirst().map(String.init)
}

@Suite struct HTMLPageTests {
    @Test func eachStatementIsFollowedByItsOwnTraceThenTheNextStatementsValue() throws {
        let chunks = statementChunks(try samplePage())
        #expect(chunks.count == 5)
        // seed(0): no outputs.
        #expect(chunks[0].contains("<span class=\"f\">seed</span>"))
        #expect(!chunks[0].contains("class=\"out\""))
        // y = dropout(...): its code, then its trace (no value: it is an assignment).
        #expect(chunks[1].contains("y = <span class=\"f\">dropout</span>"))
        let code = try #require(chunks[1].range(of: "</pre>"))
        let trace = try #require(chunks[1].range(of: "class=\"trace\""))
        #expect(code.upperBound <= trace.lowerBound)
        #expect(chunks[1].contains("u = rand(4)"))
        #expect(chunks[1].contains("class=\"picture mask-grid\""))
        #expect(!chunks[1].contains("class=\"result\""))
        // y: its value, no trace.
        #expect(chunks[2].contains("<div class=\"result\"><div class=\"value tensor\">"))
        #expect(!chunks[2].contains("class=\"trace\""))
    }

    @Test func headingsAreLinkableAndListedOnce() throws {
        let html = try samplePage()
        #expect(html.contains("<h1>Sample &lt;lesson&gt; &amp; more</h1>"))
        #expect(html.contains("<h2 id=\"first-part\">First part"))
        #expect(html.contains("<h2 id=\"first-part-2\">First part"))
        #expect(html.contains("href=\"#first-part\""))
        #expect(html.contains("href=\"#first-part-2\""))
        let nav = try #require(html.range(of: "<nav class=\"contents\""))
        let main = try #require(html.range(of: "<main"))
        #expect(nav.lowerBound < main.lowerBound)
        // The title is the page's heading, not a second `# ` heading in the prose.
        #expect(html.components(separatedBy: "<h1").count == 2)
    }

    @Test func escapesCodeValuesAndProse() throws {
        let html = try samplePage()
        #expect(html.contains("<title>Sample &lt;lesson&gt; &amp; more</title>"))
        // Prose: markup in the text shows as text; nothing can inject a script.
        #expect(html.contains("a &lt; b &amp;&amp; c &gt; d"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        // An underscore inside a word is no emphasis, in code or not.
        #expect(html.contains("<code>upscale_in_train</code> and upscale_in_train"))
        #expect(!html.contains("<em>in</em>"))
        // A code span across lines stays one code span.
        #expect(html.contains("<code>mask = (u &lt; q)</code>"))
        // Code and its value: `&amp;` in the source shows as `&amp;`, not `&`.
        #expect(html.contains("<span class=\"s\">\"&lt;b&gt;&amp;amp;&lt;/b&gt;\"</span>"))
        #expect(html.contains("<code>'&lt;b&gt;&amp;amp;&lt;/b&gt;'</code>"))
        // The exercise's question and hint.
        #expect(html.contains("Is 1 &lt; 2 &amp; 3 &gt; 2?"))
        #expect(html.contains("Compare &lt;both&gt; sides."))
    }

    @Test func indentedProseCodeIsACodeBlock() throws {
        #expect(try samplePage().contains("<pre><code>E[y] = x\n</code></pre>"))
    }

    @Test func tensorsAreTablesOfRightAlignedNumbersWithTheirShape() throws {
        let html = try samplePage()
        let chunk = try #require(statementChunks(html).last)
        #expect(chunk.contains("<p class=\"shape\">shape [2, 2]</p>"))
        #expect(
            chunk.contains(
                "<table class=\"tensor\"><tbody><tr><td> 1.5 </td><td>-2.25</td></tr><tr><td> 3.  </td><td> 4.  </td></tr></tbody></table>"
            ))
        #expect(html.contains("td { padding: .05rem .45rem; text-align: right; white-space: pre; }"))
    }

    @Test func summarisesLargeTensorsAsNumpyDoes() {
        let tables = TensorHTML(formatter: TensorFormatter())
        let large = HTMLRendering.render(tables.render(Tensor(repeating: 1, shape: [40, 50])))
        #expect(large.contains("shape [40, 50]"))
        // 3 rows, a row of ⋮, 3 rows; 3 cells, …, 3 cells in each.
        #expect(large.components(separatedBy: "<tr").count - 1 == 7)
        #expect(large.components(separatedBy: "<td>⋮</td>").count - 1 == 7)
        #expect(large.components(separatedBy: "…").count - 1 == 6)
        let small = HTMLRendering.render(tables.render(Tensor(repeating: 1, shape: [10, 10])))
        #expect(small.components(separatedBy: "<tr").count - 1 == 10)
        #expect(!small.contains("…"))
    }

    @Test func showsScalarsVectorsAndBatchesPlainly() {
        let tables = TensorHTML(formatter: TensorFormatter())
        #expect(
            HTMLRendering.render(tables.render(Tensor(0.25)))
                == "<div class=\"value scalar\"><code>0.25</code></div>")
        let vector = HTMLRendering.render(tables.render(Tensor([1, 20, 300])))
        #expect(
            vector.contains("<div class=\"vector\"><span>  1</span><span> 20</span><span>300</span></div>"))
        let batched = HTMLRendering.render(tables.render(Tensor.batched([Tensor([1, 2]), Tensor([3, 4])])))
        #expect(batched.contains("shape [2] in each of 2 worlds"))
        #expect(batched.contains("world 0") && batched.contains("world 1"))
    }

    @Test func exercisesFoldTheirHintAndAnswer() throws {
        let html = try samplePage()
        #expect(html.contains("<h3 id=\"exercise-1-title\">Exercise 1</h3>"))
        #expect(html.contains("<details class=\"hint\"><summary>Hint</summary>"))
        #expect(html.contains("<details class=\"answer\"><summary>Answer</summary>"))
        #expect(!html.contains("<details open"))
        // The key and its value.
        let answer = try #require(html.range(of: "<details class=\"answer\">"))
        #expect(
            html[answer.upperBound...].hasPrefix(
                "<summary>Answer</summary><div class=\"answer-key\"><code><span class=\"n\">1</span></code>"))
    }

    @Test func theSamePageTwiceIsTheSameBytes() throws {
        #expect(try samplePage() == samplePage())
    }

    @Test func isSelfContainedAndThemed() throws {
        let html = try samplePage()
        for external in ["src=", "<link", "@import", "url(", "<script", "<iframe", "https://"] {
            #expect(!html.contains(external), "found \(external)")
        }
        // The only address is the SVG namespace, which is a name, not a request.
        #expect(
            html.components(separatedBy: "http://").count
                == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count)
        #expect(html.hasPrefix("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\""))
        #expect(html.contains("name=\"viewport\" content=\"width=device-width, initial-scale=1.0\""))
        #expect(html.contains("@media (prefers-color-scheme: dark)"))
        #expect(html.contains("@media print"))
    }

    @Test func aSessionPageShowsTheLearnersCodeAndTheirExercises() throws {
        var session = Session()
        session.load(try LessonParser.parse(sampleLesson, path: "sample.md"))
        _ = session.next()
        _ = session.execute("z = 2 * 3\nz")
        _ = session.next()
        _ = session.next()
        _ = session.answer("1")
        let html = HTMLPage.session(session).render()
        #expect(html.contains("<div class=\"cell mine\" id=\"code\"><p class=\"cell-label\">Your code</p>"))
        #expect(html.contains("<code>6</code>"))
        #expect(html.contains("You solved this exercise."))
        #expect(html.contains("Working through: Sample &lt;lesson&gt; &amp; more"))
    }
}

extension HTMLPageTests {
    @Test func anEmptySessionIsAPageThatSaysSo() {
        let html = HTMLPage.session(Session()).render()
        #expect(html.contains("<h1>A dropstep session</h1>"))
        #expect(html.contains("<main class=\"page\"><p class=\"empty\">Nothing has run yet.</p></main>"))
        #expect(!html.contains("<nav"))
    }
}

@Suite struct InkInputTests {
    @Test func indentedCodeBecomesFenced() {
        #expect(
            InkInput.prepare("Text:\n\n    a = 1\n    b_c = 2\n\nMore.")
                == "Text:\n\n```\na = 1\nb_c = 2\n```\n\nMore.")
        // Indented continuation lines of a list item are no code.
        #expect(InkInput.prepare("- item\n\n    more of it") == "- item\n\n    more of it")
    }

    @Test func escapesOnlyOutsideCode() {
        #expect(
            InkInput.escapeInline("a_b <c> `x_y < z` [l](http://a_b)")
                == "a\\_b &lt;c> `x_y < z` [l](http://a_b)")
        #expect(InkInput.escapeInline("_emphasis_ and *x_1*") == "_emphasis_ and *x\\_1*")
        #expect(
            InkInput.escapeInline("see <https://example.org/a>")
                == "see [https://example.org/a](https://example.org/a)")
    }

    @Test func joinsAParagraphsLinesButNotAHardBreakOrAList() {
        #expect(InkInput.prepare("one\n`two`\nthree") == "one `two` three")
        #expect(InkInput.prepare("one  \ntwo") == "one  \ntwo")
        #expect(InkInput.prepare("text\n- item\n- item") == "text\n- item\n- item")
        #expect(InkInput.prepare("```\nkeep_this <as is>\n```") == "```\nkeep_this <as is>\n```")
    }

    @Test func rulesFencesAndSetextHeadingsBecomeWhatInkReads() {
        // A leading `---` would be read as metadata (and crash Ink 0.6).
        #expect(InkInput.prepare("---\n\ntext") == "***\n\ntext")
        #expect(InkInput.prepare("Title\n=====\n\nSub\n---") == "# Title\n\n## Sub")
        #expect(InkInput.prepare("~~~ python extra\na\n~~~") == "```python\na\n```")
        #expect(InkInput.prepare("```a\"onload=x\nb\n```") == "```aonloadx\nb\n```")
    }
}

@Suite struct ProseSanitizerTests {
    @Test func keepsMarkdownsMarkupAndEscapesAnythingElse() {
        var prose = ProseHTML()
        let html = prose.render(
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n![remote](http://example.invalid/x.png)\n\n[ok](https://a.b/c) and [bad](javascript:alert)"
        )
        #expect(html.contains("<th style=\"text-align: left\">a</th><th style=\"text-align: right\">b</th>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src="))
        #expect(html.contains("<a href=\"https://a.b/c\">ok</a>"))
        #expect(html.contains("and &lt;a href=\"javascript:alert\">bad&lt;/a></p>"))
    }

    @Test func leavesTextAndKnownTagsAlone() {
        #expect(ProseSanitizer.clean("<p>a &amp; <em>b</em><br></p>") == "<p>a &amp; <em>b</em><br></p>")
        #expect(ProseSanitizer.clean("<p onclick=\"x\">") == "&lt;p onclick=\"x\">")
        #expect(ProseSanitizer.clean("<script>alert(1)</script>") == "&lt;script>alert(1)&lt;/script>")
        #expect(
            ProseSanitizer.clean("<p><a href=\"x:y\">a</a> <a href=\"#z\">b</a></p>")
                == "<p>&lt;a href=\"x:y\">a&lt;/a> <a href=\"#z\">b</a></p>")
        #expect(ProseSanitizer.clean("a < b <!-- c -->") == "a &lt; b &lt;!-- c -->")
    }
}
