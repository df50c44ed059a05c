extension OutputUpdater {
    /// Writes `value` into the exercise's `key:` field, adding the field after `answer:` when
    /// the block has none. A field that already holds exactly `value` is left byte for byte.
    static func updateKey(_ lines: inout [SourceLine], exercise: Lesson.Exercise, value: Tensor) {
        let open = exercise.fenceRange.lowerBound - 1
        let close = exercise.fenceRange.upperBound - 1
        guard lines.indices.contains(open), lines.indices.contains(close) else { return }
        let indent = String(repeating: " ", count: Fence(opening: lines[open].content)?.indent ?? 0)
        let text = KeyText.lines(for: value)
        // Continuation lines line up under the value, which also marks them as continuations.
        let field = [indent + "key: " + text[0]] + text.dropFirst().map { indent + "     " + $0 }
        let newline = lineEnding(of: lines, near: open)
        if let existing = exercise.key {
            guard existing.value != value || existing.value.shape != value.shape else { return }
            let first = existing.lines.lowerBound - 1
            let last = existing.lines.upperBound - 1
            guard first > open, last < close, first <= last else { return }
            let lastTerminator = lines[last].terminator
            lines.replaceSubrange(
                first...last, with: field.map { SourceLine(content: $0, terminator: newline) })
            lines[first + field.count - 1].terminator = lastTerminator
            return
        }
        guard let answerLine = exercise.fieldLines["answer"], answerLine - 1 > open else { return }
        var after = answerLine - 1
        while after + 1 < close, let first = lines[after + 1].content.dropFirst(indent.count).first,
            isBlankCharacter(first)
        {
            after += 1
        }
        lines.insert(contentsOf: field.map { SourceLine(content: $0, terminator: newline) }, at: after + 1)
    }
}
