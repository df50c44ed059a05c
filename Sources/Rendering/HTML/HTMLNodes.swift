import Plot

// This file imports Plot alone: DropoutCore also has a `Node`, and LessonScript a `Plot`, so
// the names that would clash are fixed here once and the other files use these aliases.

/// A piece of a page's body, built with Plot.
typealias BodyNode = Plot.Node<HTML.BodyContext>
/// A piece of a `<table>`.
typealias TableNode = Plot.Node<HTML.TableContext>
/// A piece of a table row.
typealias RowNode = Plot.Node<HTML.TableRowContext>
/// A piece of a `<details>` element.
typealias DetailsNode = Plot.Node<HTML.DetailsContext>
/// A piece of a list.
typealias ListNode = Plot.Node<HTML.ListContext>
/// A piece of a link.
typealias AnchorNode = Plot.Node<HTML.AnchorContext>
/// A piece of the page's `<head>`.
typealias HeadNode = Plot.Node<HTML.HeadContext>
/// A whole page.
typealias HTMLDocument = Plot.HTML

extension Plot.Node {
    /// Text escaped by ``HTMLText/escape(_:)``: unlike Plot's `.text`, a character reference
    /// in the text (`&lt;` in code) shows as written.
    static func escaped(_ text: String) -> Self { .raw(HTMLText.escape(text)) }

    /// An attribute whose value is escaped (Plot writes attribute values as they are).
    static func attr(_ name: String, _ value: String) -> Self {
        .attribute(named: name, value: HTMLText.attribute(value))
    }
}

/// Renders a fragment of a page on its own.
enum HTMLRendering {
    /// The fragment's HTML, without indentation (as the page writes it).
    static func render(_ node: BodyNode) -> String { node.render() }
}
