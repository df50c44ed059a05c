import Notebook
import Rendering

extension REPL {
    /// `:history [N]`: the last N inputs (20 unless given), numbered as `:edit N` takes them.
    func listHistory(_ argument: String) {
        let count: Int
        if argument.isEmpty {
            count = 20
        } else if let n = Int(argument), n > 0 {
            count = n
        } else {
            Output.line("usage: \(SessionCommand.history.usage)")
            return
        }
        let entries = reader.historyEntries
        guard !entries.isEmpty else {
            Output.line(style.dim("No history yet."))
            return
        }
        for line in HistoryListing.lines(entries, last: count, width: width) { Output.line(line) }
    }

    /// `:edit [N]`: the last code input (or entry N of `:history`) in the learner's editor;
    /// the edited text comes back at the next prompt, where Enter runs it.
    func edit(_ argument: String) {
        guard isInteractive else {
            Output.line(style.red("error: ") + ":edit needs a terminal")
            hadError = true
            return
        }
        let entries = reader.historyEntries
        let text: String
        if argument.isEmpty {
            // The command itself is already in the history: the code before it is wanted.
            text = entries.last { !$0.trimmingSpaces().hasPrefix(":") } ?? ""
        } else if let n = Int(argument), entries.indices.contains(n - 1) {
            text = entries[n - 1]
        } else {
            Output.line("usage: \(SessionCommand.edit.usage) (N from :history, 1 to \(entries.count))")
            return
        }
        guard let edited = ExternalEditor.edit(text) else {
            Output.line(
                style.dim("The editor (\(ExternalEditor.command)) did not finish; nothing changed."))
            return
        }
        pendingInput = edited
    }
}

/// `:history`'s lines: numbers right-aligned, a block's later lines under its first.
enum HistoryListing {
    /// The last `count` of `entries` (oldest first), each cut to `width` columns.
    static func lines(_ entries: [String], last count: Int, width: Int) -> [String] {
        let first = max(0, entries.count - count)
        let numberWidth = String(entries.count).count
        var lines = [String]()
        for index in first..<entries.count {
            let number = String(index + 1)
            let label = String(repeating: " ", count: numberWidth - number.count) + number + "  "
            let indent = String(repeating: " ", count: label.count)
            for (row, text) in entries[index].split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated()
            {
                lines.append(cut((row == 0 ? label : indent) + text, to: width))
            }
        }
        return lines
    }

    /// `text` cut to `columns` display columns, ending in `...` when cut.
    static func cut(_ text: String, to columns: Int) -> String {
        guard displayWidth(of: text) > columns else { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = displayWidth(of: String(character))
            if used + width > columns - 3 { break }
            result.append(character)
            used += width
        }
        return result + "..."
    }
}
