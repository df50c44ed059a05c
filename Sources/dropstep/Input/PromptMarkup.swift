/// Prepares a prompt for libedit's `EL_PROMPT_ESC`, whose marker character fences off bytes that
/// take no room on the screen.
enum PromptMarkup {
    /// The marker libedit is told about; it never appears on the screen.
    static let marker: Character = "\u{1}"

    /// `prompt` with every run of ANSI escape sequences wrapped in `marker`s.
    ///
    /// Without the markers libedit counts escape bytes as columns and puts the cursor in the wrong
    /// place. libedit attaches a fenced run to the character after it and drops a run that ends
    /// the prompt, so trailing sequences (usually a colour reset) move in front of the last
    /// visible character instead.
    static func marked(_ prompt: String) -> String {
        var pieces = split(prompt)
        if case .invisible(let trailing) = pieces.last {
            pieces.removeLast()
            if case .visible(let character) = pieces.last {
                pieces.removeLast()
                pieces.append(.invisible(trailing))
                pieces.append(.visible(character))
            }
        }
        var result = ""
        for piece in pieces {
            switch piece {
            case .visible(let character): result.append(character)
            case .invisible(let sequence): result += "\(marker)\(sequence)\(marker)"
            }
        }
        return result
    }

    private enum Piece {
        case visible(Character)
        case invisible(String)
    }

    /// Splits `text` into visible characters and maximal runs of escape sequences.
    private static func split(_ text: String) -> [Piece] {
        let scalars = Array(text.unicodeScalars)
        var pieces = [Piece]()
        var visible = String.UnicodeScalarView()
        var invisible = ""
        var index = 0
        func flushVisible() {
            for character in String(visible) { pieces.append(.visible(character)) }
            visible.removeAll()
        }
        while index < scalars.count {
            if scalars[index] == "\u{1B}" {
                flushVisible()
                let end = sequenceEnd(scalars, start: index)
                invisible.unicodeScalars.append(contentsOf: scalars[index..<end])
                index = end
                continue
            }
            if !invisible.isEmpty {
                pieces.append(.invisible(invisible))
                invisible = ""
            }
            // A marker already in the prompt would confuse libedit's fencing.
            if scalars[index] != "\u{1}" { visible.append(scalars[index]) }
            index += 1
        }
        flushVisible()
        if !invisible.isEmpty { pieces.append(.invisible(invisible)) }
        return pieces
    }

    /// The index just past the escape sequence starting at `start`: CSI, OSC, or ESC plus one.
    private static func sequenceEnd(_ scalars: [Unicode.Scalar], start: Int) -> Int {
        var index = start + 1
        guard index < scalars.count else { return index }
        switch scalars[index] {
        case "[":
            index += 1
            // Parameter and intermediate bytes, then one final byte in 0x40...0x7E.
            while index < scalars.count, (0x20...0x3F).contains(scalars[index].value) { index += 1 }
            return min(index + 1, scalars.count)
        case "]":
            // Operating system command, ended by BEL or ESC \.
            while index < scalars.count {
                if scalars[index] == "\u{7}" { return index + 1 }
                if scalars[index] == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "\\" {
                    return index + 2
                }
                index += 1
            }
            return index
        default:
            return index + 1
        }
    }
}
