/// Escaping and naming for HTML and SVG text.
///
/// Every piece of text the page shows goes through these, not through Plot's `.text`, which
/// keeps character references such as `&lt;` as they are: code that contains `&lt;` must
/// show `&lt;`, not `<`.
public enum HTMLText {
    /// `text` safe between tags: `&`, `<` and `>` escaped.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `text` safe inside a double-quoted attribute value: `"` escaped too, and line breaks
    /// turned into spaces (an `aria-label` reads as one line).
    public static func attribute(_ text: String) -> String {
        escape(text).replacing("\"", with: "&quot;")
            .split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A fragment identifier made from a heading's text: lower case letters and digits, words
    /// joined by `-` (`Why divide by sqrt(d_k)` gives `why-divide-by-sqrt-d-k`).
    public static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                slug.append(character)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }

    /// `html` with its tags removed and the common character references decoded: the text a
    /// heading reads as, for its slug and the contents list.
    public static func plainText(ofHTML html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" && inTag {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        return
            text
            .replacing("&lt;", with: "<").replacing("&gt;", with: ">")
            .replacing("&quot;", with: "\"").replacing("&#39;", with: "'")
            .replacing("&amp;", with: "&")
    }
}

/// Hands out fragment identifiers unique within one page: a second `Summary` heading becomes
/// `summary-2`, and a name already taken by a cell or an exercise is never reused.
struct PageIdentifiers {
    private var taken = Set<String>()

    /// A unique identifier based on `base`.
    mutating func claim(_ base: String) -> String {
        var candidate = base
        var number = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
