import Notebook
import Rendering

/// Tab completion candidates for the text left of the cursor (pure, so it is testable).
struct Completer {
    /// The REPL's commands, with their leading colon.
    var commands: [String]
    /// Lesson ids and file paths, for `:load`.
    var lessons: [String]
    /// Variable names in the session.
    var variables: [String]

    /// Full words that could replace the last word of `text`.
    func candidates(for text: String) -> [String] {
        let word = String(
            text.reversed().prefix { $0.isLetter || $0.isNumber || "_.:/-".contains($0) }.reversed())
        let before = text.dropLast(word.count).trimmingTrailingSpaces()
        let pool: [String]
        if before.isEmpty && word.hasPrefix(":") {
            pool = commands
        } else if before == ":load" || before == ":l" {
            pool = lessons
        } else if before == ":help" {
            pool = Builtins.names + commands.map { String($0.dropFirst()) }
        } else if [":show", ":mask", ":grad"].contains(before) {
            pool = variables
        } else if before.hasPrefix(":") {
            return []
        } else {
            pool = Builtins.names + variables + ["for", "in", "true", "false", "none"]
        }
        return Array(Set(pool.filter { $0.hasPrefix(word) })).sorted()
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> String {
        var text = String(self)
        while text.last == " " { text.removeLast() }
        return text
    }
}
