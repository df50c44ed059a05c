/// Where the learner is and what they solved, saved between sessions.
public struct Progress: Sendable, Equatable {
    /// The lesson's id.
    public var lessonID: String
    /// How many steps are done.
    public var position: Int
    /// The indices of solved exercises.
    public var solved: Set<Int>

    /// Progress at `position` with `solved` exercises.
    public init(lessonID: String, position: Int, solved: Set<Int>) {
        self.lessonID = lessonID
        self.position = position
        self.solved = solved
    }

    /// The saved form: `key value` lines.
    public var serialized: String {
        "lesson \(lessonID)\nposition \(position)\nsolved \(solved.sorted().map(String.init).joined(separator: " "))\n"
    }

    /// Reads the saved form; nil when it is not progress.
    public init?(parsing text: String) {
        var id: String?
        var position: Int?
        var solved = Set<Int>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard let key = parts.first else { continue }
            let rest = parts.count > 1 ? parts[1] : ""
            switch key {
            case "lesson": id = rest
            case "position": position = Int(rest)
            case "solved": solved = Set(rest.split(separator: " ").compactMap { Int($0) }.filter { $0 >= 0 })
            default: continue
            }
        }
        guard let id, let position, position >= 0 else { return nil }
        self.init(lessonID: id, position: position, solved: solved)
    }
}
