/// The lesson list (`dropstep lessons`, `:lessons`): ids in a column padded by display width,
/// titles and notes wrapped beside them so no line is wider than the terminal.
public enum LessonList {
    /// One lesson's row.
    public struct Entry: Sendable {
        /// The lesson's id, e.g. `00-tour`.
        public var id: String
        /// Its title.
        public var title: String
        /// What follows the title (`(6 steps, 1 exercise)`, progress), styled by the caller.
        public var note: String

        /// A row for a lesson.
        public init(id: String, title: String, note: String = "") {
            self.id = id
            self.title = title
            self.note = note
        }
    }

    /// The rows as lines of at most `width` columns; when the id column would leave the
    /// titles less than half the width, each title goes under its id instead.
    public static func lines(_ entries: [Entry], width: Int) -> [String] {
        let idWidth = entries.map { displayWidth(of: $0.id) }.max() ?? 0
        let column = idWidth + 2 <= width / 2 ? idWidth + 2 : 4
        var lines = [String]()
        for entry in entries {
            // The note moves to the next line whole rather than breaking inside.
            let note = entry.note.replacing(" ", with: nonBreakingSpace)
            let text = entry.title + (note.isEmpty ? "" : "  " + note)
            let hanging = String(repeating: " ", count: column)
            if column == 4 {
                lines.append(entry.id)
                lines += wrap(text, width: width, indent: hanging)
                continue
            }
            let padding = String(repeating: " ", count: column - displayWidth(of: entry.id))
            lines += wrap(text, width: width, indent: entry.id + padding, subsequentIndent: hanging)
        }
        return lines
    }
}
