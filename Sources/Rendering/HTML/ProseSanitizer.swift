/// Keeps only the markup Markdown makes in Ink's output, so that no prose, however odd, puts a
/// tag of its own on the page (a script, an image fetched from elsewhere, a comment).
///
/// ``InkInput`` already escapes `<` in prose, but it reads code spans, tables and fences by
/// its own rules, which can differ from Ink's on malformed Markdown; this is the guarantee.
/// Any other tag, and any tag with an attribute not listed here or a value not of the
/// expected form, has its `<` escaped and so shows as text.
enum ProseSanitizer {
    /// Tags kept, each with the attributes it may carry and a check of their values.
    private static let allowed: [String: [String: @Sendable (String) -> Bool]] = {
        let none: [String: @Sendable (String) -> Bool] = [:]
        var tags: [String: [String: @Sendable (String) -> Bool]] = [:]
        for tag in [
            "p", "ul", "li", "blockquote", "pre", "em", "strong", "s", "table", "thead", "tbody", "tr", "hr",
            "br",
        ] {
            tags[tag] = none
        }
        for level in 1...6 {
            tags["h\(level)"] = ["id": { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }]
        }
        tags["ol"] = ["start": { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }]
        tags["code"] = ["class": isName]
        for cell in ["th", "td"] { tags[cell] = ["align": { ["left", "right", "center"].contains($0) }] }
        tags["a"] = ["href": isLink, "class": isName, "aria-label": { !$0.contains("\"") }]
        return tags
    }()

    /// `html` with every tag that is not Ink's (or the heading links') escaped.
    static func clean(_ html: String) -> String {
        var result = ""
        result.reserveCapacity(html.utf8.count)
        var rest = html[...]
        // Tags whose opening was escaped: their closing tags are escaped too, so that the
        // page's structure stays balanced.
        var escapedOpenings: [String: Int] = [:]
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            let tail = rest[open...]
            let inner = tail.firstIndex(of: ">").map { tail[tail.index(after: open)..<$0] }
            let name = inner.map(tagName) ?? ""
            if let inner, let tag = kept(inner),
                !(inner.hasPrefix("/") && escapedOpenings[name, default: 0] > 0)
            {
                result += tag
                rest = tail[tail.index(after: inner.endIndex)...]
            } else {
                if inner?.hasPrefix("/") == true {
                    escapedOpenings[name, default: 0] -= 1
                } else if !name.isEmpty {
                    escapedOpenings[name, default: 0] += 1
                }
                result += "&lt;"
                rest = tail.dropFirst()
            }
        }
        return result + rest
    }

    /// The lower-case name of the tag `inner` (between `<` and `>`) opens or closes.
    private static func tagName(_ inner: Substring) -> String {
        inner.drop(while: { $0 == "/" }).prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber) })
            .lowercased()
    }

    /// The tag as it may stand (alignment as a style, since `align` is obsolete), or nil.
    private static func kept(_ inner: Substring) -> String? {
        var text = inner
        let closing = text.first == "/"
        if closing { text = text.dropFirst() }
        if text.last == "/" { text = text.dropLast() }
        let name = tagName(text)
        guard let attributes = allowed[name] else { return nil }
        text = text.dropFirst(name.count)
        if closing { return text.isEmpty ? "</\(name)>" : nil }
        var written = ""
        while true {
            text = text.drop(while: { $0 == " " })
            if text.isEmpty { break }
            let key = String(text.prefix(while: { $0 != "=" && $0 != " " }))
            text = text.dropFirst(key.count)
            guard text.hasPrefix("=\""), let check = attributes[key] else { return nil }
            text = text.dropFirst(2)
            guard let end = text.firstIndex(of: "\"") else { return nil }
            let value = String(text[..<end])
            text = text[text.index(after: end)...]
            guard check(value), !value.contains("<") else { return nil }
            written += key == "align" ? " style=\"text-align: \(value)\"" : " \(key)=\"\(value)\""
        }
        return "<\(name)\(written)>"
    }

    /// A class or id: letters, digits and `-_+#.`, with spaces between classes.
    private static func isName(_ value: String) -> Bool {
        value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_+#. ".contains($0)) }
    }

    /// A link a reader follows on purpose (nothing is fetched when the page loads).
    private static func isLink(_ value: String) -> Bool {
        let lower = value.lowercased()
        return
            (lower.hasPrefix("#") || lower.hasPrefix("https://") || lower.hasPrefix("http://")
            || lower.hasPrefix("mailto:")) && !value.contains(where: { $0 == "'" || $0.isWhitespace })
    }
}
