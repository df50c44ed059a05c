/// The call the cursor is in, read from the text left of it: which function, which
/// arguments are given, and what is being typed now (for signatures and keyword completion).
///
/// It reads text, not syntax, because the line is unfinished: `y = dropout(x, mo` has no
/// syntax tree yet.
struct CallContext: Equatable {
    /// The function whose `(` is the innermost one still open, e.g. `dropout`.
    var function: String
    /// Keywords already given in this call (`p` in `dropout(x, p=0.2, `).
    var keywordsGiven: [String]
    /// Positional arguments before the one being typed.
    var positionalCount: Int
    /// The argument being typed, as far as it goes (`mo`, `mode="do`, or empty).
    var currentArgument: String
    /// Whether the cursor is directly inside the call's parentheses (not inside a list or a
    /// nested call within it), where keyword names can be typed.
    var isAtArgumentLevel: Bool

    /// The keyword of the argument being typed, when it is `name=...`.
    var keyword: String? {
        guard let equals = currentArgument.firstIndex(of: "=") else { return nil }
        let name = String(currentArgument[..<equals]).trimmingSpaces()
        let after = currentArgument[currentArgument.index(after: equals)...]
        // `==` is a comparison, not a keyword.
        guard after.first != "=", !name.isEmpty, name.allSatisfy(Self.isNameCharacter) else { return nil }
        return name
    }

    /// The value typed after `name=`, with leading spaces dropped.
    var keywordValue: String? {
        guard keyword != nil, let equals = currentArgument.firstIndex(of: "=") else { return nil }
        return String(currentArgument[currentArgument.index(after: equals)...].drop { $0 == " " })
    }

    /// Whether the argument typed so far could still become a keyword name (`mo`).
    var couldBeKeyword: Bool {
        isAtArgumentLevel && currentArgument.trimmingSpaces().allSatisfy(Self.isNameCharacter)
    }

    /// The context for `text`, or nil when no call's parenthesis is open (or `text` is a command).
    init?(text: String) {
        if text.trimmingSpaces().hasPrefix(":") { return nil }
        struct Frame {
            var opener: Character
            var function: String
            var argumentStart: String.Index
            var keywords: [String] = []
            var positional = 0
        }
        var frames = [Frame]()
        var quote: Character?
        var index = text.startIndex
        func closeArgument(of frame: inout Frame, upTo end: String.Index) {
            let argument = String(text[frame.argumentStart..<end])
            let partial = CallContext(
                function: "", keywordsGiven: [], positionalCount: 0, currentArgument: argument,
                isAtArgumentLevel: true)
            if let keyword = partial.keyword {
                frame.keywords.append(keyword)
            } else if !argument.trimmingSpaces().isEmpty {
                frame.positional += 1
            }
        }
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if let open = quote {
                if character == "\\" && next < text.endIndex {
                    index = text.index(after: next)
                    continue
                }
                if character == open { quote = nil }
                index = next
                continue
            }
            switch character {
            case "\"", "'":
                quote = character
            case "#":
                // A comment runs to the end of its line.
                index = text[index...].firstIndex(of: "\n") ?? text.endIndex
                continue
            case "(", "[":
                let name = String(
                    text[..<index].reversed().prefix { Self.isNameCharacter($0) || $0 == "." }.reversed())
                frames.append(
                    Frame(opener: character, function: character == "(" ? name : "", argumentStart: next))
            case ")", "]":
                if !frames.isEmpty { frames.removeLast() }
            case "," where !frames.isEmpty:
                closeArgument(of: &frames[frames.count - 1], upTo: index)
                frames[frames.count - 1].argumentStart = next
            default:
                break
            }
            index = next
        }
        guard let callIndex = frames.lastIndex(where: { $0.opener == "(" && !$0.function.isEmpty }) else {
            return nil
        }
        let frame = frames[callIndex]
        function = frame.function
        keywordsGiven = frame.keywords
        positionalCount = frame.positional
        currentArgument = String(text[frame.argumentStart...])
        isAtArgumentLevel = callIndex == frames.count - 1
    }

    init(
        function: String, keywordsGiven: [String], positionalCount: Int, currentArgument: String,
        isAtArgumentLevel: Bool
    ) {
        self.function = function
        self.keywordsGiven = keywordsGiven
        self.positionalCount = positionalCount
        self.currentArgument = currentArgument
        self.isAtArgumentLevel = isAtArgumentLevel
    }

    /// Whether the text ends inside a string literal opened with `quote` (`mode="do`).
    static func openQuote(in text: String) -> Character? {
        var quote: Character?
        var escaped = false
        var inComment = false
        for character in text {
            if inComment {
                inComment = character != "\n"
            } else if escaped {
                escaped = false
            } else if let open = quote {
                if character == "\\" { escaped = true } else if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                inComment = true
            }
        }
        return quote
    }

    static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
