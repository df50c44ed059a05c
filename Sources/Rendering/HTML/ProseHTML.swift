import Ink

/// A heading of a page's prose: the contents list links to it.
struct PageHeading: Sendable, Equatable {
    /// 1 for `#`, 2 for `##`, ...
    var level: Int
    /// The heading's inner HTML (it may hold `<code>`).
    var html: String
    /// Its fragment identifier.
    var id: String
}

/// A lesson's prose Markdown as HTML, with Ink: each heading gets an `id` (unique within the
/// page) and a `#` link to itself, and is collected for the contents list.
struct ProseHTML {
    /// The identifiers handed out so far on the page.
    var identifiers = PageIdentifiers()
    /// The headings rendered so far, in order.
    private(set) var headings: [PageHeading] = []

    /// `markdown` as HTML.
    mutating func render(_ markdown: String) -> String {
        let collector = HeadingCollector(identifiers: identifiers)
        var parser = MarkdownParser()
        parser.addModifier(
            Modifier(target: .headings) { input in
                collector.identify(input.html)
            })
        let html = ProseSanitizer.clean(parser.html(from: InkInput.prepare(markdown)))
        identifiers = collector.identifiers
        headings += collector.headings
        return html
    }

    /// One line of inline Markdown (a title) as HTML without a surrounding block.
    static func inline(_ markdown: String) -> String {
        var html = ProseSanitizer.clean(MarkdownParser().html(from: InkInput.escapeInline(markdown)))
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") {
            html = String(html.dropFirst(3).dropLast(4))
        }
        return html
    }
}

/// Gives each heading Ink renders an identifier and a self-link, remembering it.
///
/// A class because Ink's modifiers are closures called during parsing.
private final class HeadingCollector {
    var identifiers: PageIdentifiers
    var headings: [PageHeading] = []

    init(identifiers: PageIdentifiers) {
        self.identifiers = identifiers
    }

    /// `<h2>Text</h2>` becomes `<h2 id="text">Text <a class="anchor" href="#text">#</a></h2>`.
    func identify(_ html: String) -> String {
        guard html.hasPrefix("<h"), html.count > 9,
            let level = html.dropFirst(2).first?.wholeNumberValue,
            let open = html.firstIndex(of: ">"),
            let close = html.lastIndex(of: "<"), open < close
        else { return html }
        let inner = String(html[html.index(after: open)..<close])
        let id = identifiers.claim(HTMLText.slug(HTMLText.plainText(ofHTML: inner)))
        headings.append(PageHeading(level: level, html: inner, id: id))
        let anchor = "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a>"
        return "<h\(level) id=\"\(id)\">\(inner) \(anchor)</h\(level)>"
    }
}
