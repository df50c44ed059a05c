/// Ctrl-R: an incremental search back through history, with bash's readable prompt
/// (``(reverse-i-search)`pri': print(x)``) instead of libedit's `bck:` (pure; the reader
/// feeds it keys and shows `line` and `prompt`).
struct HistorySearch {
    /// History, newest first.
    let entries: [String]
    /// The line being edited when the search began, restored when it is cancelled.
    let original: String
    /// What has been typed to search for.
    private(set) var pattern = ""
    /// The entry shown, by index in `entries`.
    private(set) var index: Int?
    /// Whether the last search step found nothing (the shown entry stays).
    private(set) var failed = false

    /// Starts a search over `entries` (newest first) from the line `original`.
    init(entries: [String], original: String) {
        self.entries = entries
        self.original = original
    }

    /// The line to show: the match, or the original line before anything matched.
    var line: String { index.map { entries[$0] } ?? original }

    /// Where the cursor goes in `line`, in Unicode scalars: at the start of the match.
    var cursorOffset: Int? {
        guard let index, !pattern.isEmpty, let range = entries[index].range(of: pattern) else { return nil }
        let scalars = entries[index].unicodeScalars
        return scalars.distance(from: scalars.startIndex, to: range.lowerBound)
    }

    /// The prompt shown while searching.
    var prompt: String { "(\(failed ? "failed " : "")reverse-i-search)`\(pattern)': " }

    /// A character typed: the pattern grows and the search looks again from the entry shown.
    mutating func type(_ text: String) {
        pattern += text
        find(from: index ?? 0, skippingShown: false)
    }

    /// Ctrl-R again: the next older entry that matches.
    mutating func older() {
        guard !pattern.isEmpty else { return }
        find(from: (index ?? -1) + 1, skippingShown: true)
    }

    /// Backspace: the pattern shrinks and the search starts over from the newest entry.
    mutating func deleteBackward() {
        if !pattern.isEmpty { pattern.removeLast() }
        index = nil
        failed = false
        if !pattern.isEmpty { find(from: 0, skippingShown: false) }
    }

    private mutating func find(from start: Int, skippingShown: Bool) {
        let shown = index.map { entries[$0] }
        var candidate = max(0, start)
        while candidate < entries.count {
            let entry = entries[candidate]
            if entry.contains(pattern) && !(skippingShown && entry == shown) {
                index = candidate
                failed = false
                return
            }
            candidate += 1
        }
        failed = true
    }
}

extension String {
    /// The first range of `other` in the string, by characters.
    fileprivate func range(of other: String) -> Range<String.Index>? {
        guard !other.isEmpty else { return nil }
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(other) { return start..<index(start, offsetBy: other.count) }
            start = index(after: start)
        }
        return nil
    }
}
