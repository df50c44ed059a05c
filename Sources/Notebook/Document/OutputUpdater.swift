/// Rewrites the recorded ```` ```output ```` blocks of a lesson file, for `dropstep check --update`.
///
/// Only the lines of the blocks it changes are touched: every other byte of the file (line
/// endings, trailing whitespace, a missing final newline) comes back exactly as it was.
public enum OutputUpdater {
    /// Returns `text` with the output blocks of the given cells replaced by fresh outputs, and
    /// the `key:` fields of the given exercises replaced by fresh key values.
    ///
    /// - Parameters:
    ///   - text: The lesson file's contents, exactly as read.
    ///   - lesson: The lesson parsed from `text`; its line numbers locate the blocks.
    ///   - outputs: The new output of each cell, keyed by the cell's position in `lesson.cells`.
    ///     Keys outside `lesson.cells` are ignored.
    ///   - keys: The new key value of each exercise, keyed by its position in
    ///     `lesson.exercises`. An exercise without a `key:` field gets one right after its
    ///     `answer:` field; an existing field is rewritten unless it already holds exactly this
    ///     value. Keys outside `lesson.exercises` are ignored.
    /// - Returns: The updated text. Each output is recorded with trailing whitespace removed
    ///   from its lines and trailing blank lines dropped. A cell whose output has no lines
    ///   gets no block: an existing block is removed together with the blank lines that
    ///   separated it from the cell, so inserting and removing are inverses. A new block is
    ///   inserted after the cell's closing fence with one blank line between. A block whose
    ///   text is already the normalized output is left byte for byte as it was, so updating
    ///   twice with the same outputs changes nothing the second time. When an output line
    ///   could close the fence, a longer fence is used.
    public static func updatingOutputs(
        in text: String, lesson: Lesson, outputs: [Int: String], keys: [Int: Tensor] = [:]
    ) -> String {
        var lines = sourceLines(of: text)
        let cells = lesson.cells
        let exercises = lesson.exercises
        var edits: [(line: Int, apply: (inout [SourceLine]) -> Void)] = []
        for (index, output) in outputs where cells.indices.contains(index) {
            let cell = cells[index]
            let normalized = normalizedOutputLines(output)
            edits.append((cell.fenceRange.upperBound, { update(&$0, cell: cell, output: normalized) }))
        }
        for (index, key) in keys where exercises.indices.contains(index) {
            let exercise = exercises[index]
            edits.append((exercise.fenceRange.upperBound, { updateKey(&$0, exercise: exercise, value: key) }))
        }
        // From the bottom up, so the line numbers of the edits still to come stay valid.
        for edit in edits.sorted(by: { $0.line > $1.line }) {
            edit.apply(&lines)
        }
        return lines.map { $0.content + $0.terminator }.joined()
    }

    private static func update(_ lines: inout [SourceLine], cell: Lesson.Cell, output: [String]) {
        let cellClose = cell.fenceRange.upperBound - 1
        guard lines.indices.contains(cellClose) else { return }
        let newline = lineEnding(of: lines, near: cellClose)
        guard let existing = cell.output else {
            if !output.isEmpty { insert(output, after: cellClose, in: &lines, newline: newline) }
            return
        }
        let open = existing.fenceRange.lowerBound - 1
        let close = existing.fenceRange.upperBound - 1
        guard open > cellClose, close >= open, lines.indices.contains(close) else { return }
        if output.isEmpty {
            // The cell's fence takes over the removed block's ending, so a file that ended
            // without a newline still does.
            lines[cellClose].terminator = lines[close].terminator
            lines.removeSubrange((cellClose + 1)...close)
            return
        }
        if existing.text == output.joined(separator: "\n") { return }
        var block: [String]
        let fence = Fence(opening: lines[open].content)
        if let fence, fence.length >= Fence.safeLength(for: output, marker: fence.marker) {
            // Keep the author's fence lines; indent content by the fence's indent so that
            // reading it back (which strips that indent) gives the same text.
            let indent = String(repeating: " ", count: fence.indent)
            block =
                [lines[open].content] + output.map { $0.isEmpty ? $0 : indent + $0 } + [lines[close].content]
        } else {
            block = fenced(output)
        }
        let lastTerminator = lines[close].terminator
        lines.replaceSubrange(open...close, with: block.map { SourceLine(content: $0, terminator: newline) })
        lines[open + block.count - 1].terminator = lastTerminator
    }

    private static func insert(
        _ output: [String], after cellClose: Int, in lines: inout [SourceLine], newline: String
    ) {
        let block = [""] + fenced(output)
        var inserted = block.map { SourceLine(content: $0, terminator: newline) }
        if lines[cellClose].terminator.isEmpty {
            // The cell ended the file without a newline: keep the file ending that way.
            lines[cellClose].terminator = newline
            inserted[inserted.count - 1].terminator = ""
        }
        lines.insert(contentsOf: inserted, at: cellClose + 1)
    }

    /// A new ```` ```output ```` block around `output`, with a fence no content line can close.
    private static func fenced(_ output: [String]) -> [String] {
        let fence = String(repeating: "`", count: Fence.safeLength(for: output, marker: "`"))
        return [fence + "output"] + output + [fence]
    }

    /// The file's own line ending: the cell's, else the first one in the file, else `\n`.
    static func lineEnding(of lines: [SourceLine], near index: Int) -> String {
        if !lines[index].terminator.isEmpty { return lines[index].terminator }
        return lines.first { !$0.terminator.isEmpty }?.terminator ?? "\n"
    }
}

/// The lines an output is recorded as: trailing whitespace removed, trailing blank lines dropped.
func normalizedOutputLines(_ output: String) -> [String] {
    var lines = sourceLines(of: output).map { trimmedTrailing($0.content) }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
}
