import DropoutCore
import LessonScript
import Notebook
import Plot

/// A lesson run (or a learner's session) as one self-contained web page: the prose, each
/// statement with its own trace and value under it, tensors as tables, pictures as SVG,
/// exercises with their hint and answer folded away, and a contents list of the sections.
///
/// The page needs nothing else: its style sheet is inline, it has no scripts, fonts, images
/// or links to elsewhere, it follows the reader's light or dark theme, prints, and holds its
/// layout from a phone's width to a wide screen (only code and tensors scroll sideways).
/// Rendering is deterministic: the same records give the same bytes.
public struct HTMLPage {
    /// The page's title: the lesson's, or the session's.
    public var title: String
    /// A line above the title, e.g. `dropstep lesson 05-through-a-nonlinearity`.
    public var kicker: String?
    /// What ran, in order.
    public var records: [StepRecord]
    /// Prose after the last step.
    public var trailingProse: [Lesson.Prose]
    /// Each exercise's answer, by its index in the lesson's exercises.
    public var answers: [Int: ExerciseAnswer]
    /// How values are shown.
    public var settings: DisplaySettings

    /// A page of `records`.
    public init(
        title: String, kicker: String? = nil, records: [StepRecord], trailingProse: [Lesson.Prose] = [],
        answers: [Int: ExerciseAnswer] = [:], settings: DisplaySettings = DisplaySettings()
    ) {
        self.title = title
        self.kicker = kicker
        self.records = records
        self.trailingProse = trailingProse
        self.answers = answers
        self.settings = settings
    }

    /// The whole document.
    public func render() -> String {
        var prose = ProseHTML()
        _ = prose.identifiers.claim("contents")
        var records = self.records
        let heading = takeTitleHeading(from: &records)
        var body: [BodyNode] = []
        let steps = StepHTML(settings: settings)
        for record in records {
            body += record.prose.map { .raw(prose.render($0.markdown)) }
            body.append(self.record(record, steps: steps, identifiers: &prose.identifiers))
        }
        body += trailingProse.map { .raw(prose.render($0.markdown)) }
        if body.isEmpty { body.append(.p(.class("empty"), .text("Nothing has run yet."))) }
        let document = HTMLDocument(
            .lang(.english),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                .meta(.name("color-scheme"), .content("light dark")),
                .meta(.name("generator"), .content("dropstep")),
                .element(named: "title", nodes: [.escaped(title)]),
                .style(HTMLStyle.css)
            ),
            .body(
                .header(
                    .class("page-header"),
                    .if(kicker != nil, .p(.class("kicker"), .escaped(kicker ?? ""))),
                    .h1(.raw(heading))
                ),
                contents(prose.headings),
                .main(.class("page"), .group(body)),
                .footer(
                    .class("page-footer"),
                    .p(
                        .escaped(
                            "Made with dropstep. Every output on this page was computed by running the code above it."
                        ))
                )
            )
        )
        return document.render()
    }

    /// The page's `<h1>`: the first prose block's leading `# Title` line, taken out of the prose
    /// so that the contents list can follow it, or else the title.
    private func takeTitleHeading(from records: inout [StepRecord]) -> String {
        guard var first = records.first, var block = first.prose.first else {
            return HTMLText.escape(title)
        }
        var lines = block.markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let line = lines.first, line.hasPrefix("# ") else { return HTMLText.escape(title) }
        lines.removeFirst()
        while lines.first?.allSatisfy(\.isWhitespace) == true { lines.removeFirst() }
        block.markdown = lines.joined(separator: "\n")
        first.prose =
            block.markdown.isEmpty ? Array(first.prose.dropFirst()) : [block] + first.prose.dropFirst()
        records[0] = first
        return ProseHTML.inline(String(line.dropFirst(2)).trimmingSpaces)
    }

    /// The contents list: the `##` sections, each with its `###` subsections.
    private func contents(_ headings: [PageHeading]) -> BodyNode {
        var sections: [(PageHeading, [PageHeading])] = []
        for heading in headings where heading.level == 2 || heading.level == 3 {
            if heading.level == 2 || sections.isEmpty {
                sections.append((heading, []))
            } else {
                sections[sections.count - 1].1.append(heading)
            }
        }
        guard !sections.isEmpty else { return .empty }
        func link(_ heading: PageHeading) -> BodyNode {
            .a(.href("#" + heading.id), .raw(heading.html))
        }
        return .nav(
            .class("contents"),
            .attr("aria-labelledby", "contents"),
            .h2(.id("contents"), .text("Contents")),
            .ol(
                .forEach(sections) { section, subsections in
                    .li(
                        link(section),
                        .if(!subsections.isEmpty, .ol(.forEach(subsections) { .li(link($0)) }))
                    )
                }
            )
        )
    }

    /// A step: a cell's statements, or an exercise's question with its hint and answer.
    private func record(_ record: StepRecord, steps: StepHTML, identifiers: inout PageIdentifiers) -> BodyNode
    {
        switch record.kind {
        case .exercise(let index, let exercise):
            return self.exercise(index: index, exercise, id: identifiers.claim("exercise-\(index + 1)"))
        case .cell(let index):
            return .div(
                .class("cell"), .id(identifiers.claim("cell-\(index + 1)")),
                .group(steps.statements(of: record)))
        case .statement(let cell, let index, _):
            return .div(
                .class("cell"), .id(identifiers.claim("cell-\(cell + 1)-\(index + 1)")),
                .group(steps.statements(of: record)))
        case .code:
            return .div(
                .class("cell mine"), .id(identifiers.claim("code")),
                .p(.class("cell-label"), .text("Your code")),
                .group(steps.statements(of: record)))
        }
    }

    /// `Exercise N`, the question, then the hint and the answer, each folded in a `<details>`.
    private func exercise(index: Int, _ exercise: Lesson.Exercise, id: String) -> BodyNode {
        let answer = answers[index]
        let steps = StepHTML(settings: settings)
        let answerValue: BodyNode =
            answer?.value.map { value in
                .group(.span(.class("equals"), .text(" = ")), steps.render(.tensor(.constant(value))))
            } ?? .empty
        let title: BodyNode = .h3(.id(id + "-title"), .escaped("Exercise \(index + 1)"))
        let question: BodyNode = .p(.class("question"), .escaped(exercise.question))
        let outcome: BodyNode = answer?.outcome.map { .p(.class("outcome"), .escaped($0.rawValue)) } ?? .empty
        let hint: BodyNode =
            exercise.hint.map { .details(.class("hint"), .summary(.text("Hint")), .p(.escaped($0))) }
            ?? .empty
        let keyParts: [BodyNode] = [
            .class("answer-key"), .code(.raw(CodeHTML.highlight(exercise.answer))), answerValue,
        ]
        let key: DetailsNode = .element(named: "div", nodes: keyParts)
        let reveal: BodyNode = .details(.class("answer"), .summary(.text("Answer")), key)
        let attributes: [BodyNode] = [.class("exercise"), .id(id), .attr("aria-labelledby", id + "-title")]
        return .element(named: "section", nodes: attributes + [title, question, outcome, hint, reveal])
    }
}

/// An exercise's answer as a page shows it.
public struct ExerciseAnswer: Sendable {
    /// How the learner left the exercise, for a session's page.
    public enum Outcome: String, Sendable {
        case solved = "You solved this exercise."
        case revealed = "You revealed the answer."
    }

    /// The answer key's value where it was reached, if it could be computed.
    public var value: Tensor?
    /// Solved or revealed, for a learner's session; nil for a lesson run.
    public var outcome: Outcome?

    /// An answer.
    public init(value: Tensor?, outcome: Outcome? = nil) {
        self.value = value
        self.outcome = outcome
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
