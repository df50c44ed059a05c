import LessonScript

/// Code as escaped HTML with its numbers, strings, keywords, called functions and comments
/// marked by `<span class>`es, from the language's own lexer; the page's style sheet colours
/// them. Text the lexer cannot read is kept, unmarked.
enum CodeHTML {
    static func highlight(_ code: String) -> String {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map {
            Array($0.unicodeScalars)
        }
        var classes = lines.map { [String?](repeating: nil, count: $0.count) }
        let tokens = Lexer.tokenize(code)
        for (index, token) in tokens.enumerated() {
            let start = token.range.start
            let end = token.range.end
            guard start.line == end.line, start.line >= 1, start.line <= lines.count else { continue }
            let name: String?
            switch token.kind {
            case .number: name = "n"
            case .string: name = "s"
            case .boolean, .noneLiteral, .forKeyword, .inKeyword: name = "k"
            case .name:
                let next = tokens.dropFirst(index + 1).first
                name = next?.kind == .symbol(.leftParen) && next?.range.start == end ? "f" : nil
            default: name = nil
            }
            guard let name else { continue }
            let row = start.line - 1
            for column in Swift.max(0, start.column - 1)..<Swift.min(lines[row].count, end.column - 1) {
                classes[row][column] = name
            }
        }
        // Comments are not tokens: a `#` outside any string starts one, to the end of its line.
        for row in lines.indices {
            if let hash = lines[row].indices.first(where: { lines[row][$0] == "#" && classes[row][$0] != "s" }
            ) {
                for column in hash..<lines[row].count { classes[row][column] = "c" }
            }
        }
        return zip(lines, classes).map { scalars, marks in
            var html = ""
            var current: String?
            var run = ""
            func flush() {
                guard !run.isEmpty else { return }
                let text = HTMLText.escape(run)
                html += current.map { "<span class=\"\($0)\">" + text + "</span>" } ?? text
                run = ""
            }
            for (scalar, mark) in zip(scalars, marks) {
                if mark != current {
                    flush()
                    current = mark
                }
                run.unicodeScalars.append(scalar)
            }
            flush()
            return html
        }.joined(separator: "\n")
    }
}
