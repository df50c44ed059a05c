/// Whether two outputs agree, ignoring whitespace at line ends and blank lines at the end.
///
/// This is the comparison `dropstep check` makes between a recorded and a fresh output.
public func outputsMatch(_ a: String, _ b: String) -> Bool {
    normalizedOutputLines(a) == normalizedOutputLines(b)
}

/// A unified diff (as `diff -u` prints it) from a recorded output to a fresh one.
///
/// Both texts are compared as `outputsMatch` compares them, so the diff never shows a change
/// that is only trailing whitespace. Hunks carry three lines of context, and their line
/// numbers are offset so they point into the lesson file.
///
/// - Parameters:
///   - expected: The recorded output.
///   - actual: The output just produced.
///   - expectedLabel: The `---` header, e.g. `lessons/02.md (recorded)`.
///   - actualLabel: The `+++` header, e.g. `lessons/02.md (actual)`.
///   - startLine: The file line of the first line of `expected` (`RecordedOutput.line`).
/// - Returns: The diff, lines joined with `\n` and no final newline; empty when the outputs match.
/// - Complexity: O((n + m) d) for n and m lines and d differing lines (Myers' algorithm).
public func unifiedDiff(
    expected: String, actual: String, expectedLabel: String, actualLabel: String, startLine: Int
) -> String {
    let old = normalizedOutputLines(expected)
    let new = normalizedOutputLines(actual)
    if old == new { return "" }
    let edits = diffEdits(old, new)
    var result = ["--- \(expectedLabel)", "+++ \(actualLabel)"]
    for hunk in hunkRanges(of: edits, context: 3) {
        let slice = edits[hunk]
        let oldCount = slice.filter { $0.kind != .insert }.count
        let newCount = slice.filter { $0.kind != .delete }.count
        // Minimums, because reordering deletions first may have moved the first edit.
        let oldStart = slice.map(\.oldIndex).min() ?? 0
        let newStart = slice.map(\.newIndex).min() ?? 0
        result.append(
            "@@ -\(hunkRange(oldStart, oldCount, startLine)) +\(hunkRange(newStart, newCount, startLine)) @@")
        for edit in slice {
            switch edit.kind {
            case .equal: result.append(" " + old[edit.oldIndex])
            case .delete: result.append("-" + old[edit.oldIndex])
            case .insert: result.append("+" + new[edit.newIndex])
            }
        }
    }
    return result.joined(separator: "\n")
}

/// One line of an edit script; `oldIndex` and `newIndex` are where it sits in each text.
private struct Edit {
    enum Kind { case equal, delete, insert }
    var kind: Kind
    var oldIndex: Int
    var newIndex: Int
}

/// `start,count` in `diff -u` style: the count is omitted when 1, and an empty range names
/// the line before it.
private func hunkRange(_ index: Int, _ count: Int, _ startLine: Int) -> String {
    let first = (count == 0 ? index : index + 1) + startLine - 1
    return count == 1 ? "\(first)" : "\(first),\(count)"
}

/// The index ranges of `edits` that form hunks: each change with `context` lines around it,
/// merged when the context of neighbouring changes would touch.
private func hunkRanges(of edits: [Edit], context: Int) -> [Range<Int>] {
    let changes = edits.indices.filter { edits[$0].kind != .equal }
    var ranges: [Range<Int>] = []
    for change in changes {
        let lower = max(0, change - context)
        let upper = min(edits.count, change + context + 1)
        if let last = ranges.last, lower <= last.upperBound {
            ranges[ranges.count - 1] = last.lowerBound..<upper
        } else {
            ranges.append(lower..<upper)
        }
    }
    return ranges
}

/// The shortest edit script from `old` to `new` (Myers), with each run of changes listed as
/// deletions before insertions, as `diff` prints them.
private func diffEdits(_ old: [String], _ new: [String]) -> [Edit] {
    // Common ends cost nothing and usually make the middle tiny.
    var prefix = 0
    while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix, suffix < new.count - prefix,
        old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
        suffix += 1
    }
    var edits = (0..<prefix).map { Edit(kind: .equal, oldIndex: $0, newIndex: $0) }
    let middle = myers(Array(old[prefix..<(old.count - suffix)]), Array(new[prefix..<(new.count - suffix)]))
    edits += middle.map {
        Edit(kind: $0.kind, oldIndex: $0.oldIndex + prefix, newIndex: $0.newIndex + prefix)
    }
    edits += (0..<suffix).map {
        Edit(kind: .equal, oldIndex: old.count - suffix + $0, newIndex: new.count - suffix + $0)
    }
    // Within a run of changes, deletions first.
    var ordered: [Edit] = []
    var run: [Edit] = []
    for edit in edits + [Edit(kind: .equal, oldIndex: old.count, newIndex: new.count)] {
        if edit.kind != .equal {
            run.append(edit)
            continue
        }
        ordered += run.filter { $0.kind == .delete } + run.filter { $0.kind == .insert }
        run = []
        ordered.append(edit)
    }
    ordered.removeLast()
    return ordered
}

/// Myers' O((n + m) d) diff with a saved frontier per step for the walk back.
///
/// Past `maxEdits` differences the texts have little in common, and the memory for the
/// frontiers would grow quadratically, so the rest is reported as one replacement.
private func myers(_ a: [String], _ b: [String], maxEdits: Int = 1000) -> [Edit] {
    let n = a.count
    let m = b.count
    let wholesale =
        (0..<n).map { Edit(kind: .delete, oldIndex: $0, newIndex: 0) }
        + (0..<m).map { Edit(kind: .insert, oldIndex: n, newIndex: $0) }
    if n == 0 || m == 0 { return wholesale }
    let limit = min(n + m, maxEdits)
    let offset = limit + 1
    var frontier = [Int](repeating: 0, count: 2 * limit + 3)
    var trace: [[Int]] = []
    for d in 0...limit {
        // Round d reads only diagonals -d...d, so that slice is all the walk back needs.
        trace.append(Array(frontier[(offset - d)...(offset + d)]))
        for k in stride(from: -d, through: d, by: 2) {
            var x =
                (k == -d || (k != d && frontier[k - 1 + offset] < frontier[k + 1 + offset]))
                ? frontier[k + 1 + offset] : frontier[k - 1 + offset] + 1
            var y = x - k
            while x < n, y < m, a[x] == b[y] {
                x += 1
                y += 1
            }
            frontier[k + offset] = x
            if x >= n, y >= m { return backtrack(trace, n: n, m: m) }
        }
    }
    return wholesale
}

/// Walks the saved frontiers from the end back to the start, collecting the edit script.
/// `trace[d][k + d]` is the furthest x on diagonal k before round d.
private func backtrack(_ trace: [[Int]], n: Int, m: Int) -> [Edit] {
    var edits: [Edit] = []
    var x = n
    var y = m
    for d in stride(from: trace.count - 1, through: 0, by: -1) {
        var previousX = 0
        var previousY = 0
        if d > 0 {
            let frontier = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && frontier[k - 1 + d] < frontier[k + 1 + d])) ? k + 1 : k - 1
            previousX = frontier[previousK + d]
            previousY = previousX - previousK
        }
        while x > previousX, y > previousY {
            x -= 1
            y -= 1
            edits.append(Edit(kind: .equal, oldIndex: x, newIndex: y))
        }
        if d > 0 {
            if x == previousX {
                edits.append(Edit(kind: .insert, oldIndex: x, newIndex: y - 1))
            } else {
                edits.append(Edit(kind: .delete, oldIndex: x - 1, newIndex: y))
            }
        }
        x = previousX
        y = previousY
    }
    return edits.reversed()
}
