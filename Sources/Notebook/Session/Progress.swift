/// Where the learner is and what they solved, saved between sessions.
public struct Progress: Sendable, Equatable {
    /// The lesson's id.
    public var lessonID: String
    /// How many steps are done.
    public var position: Int
    /// The indices of solved exercises.
    public var solved: Set<Int>
    /// The indices of exercises whose answer was revealed before they were solved.
    public var revealed: Set<Int>
    /// The fingerprint of every step of the lesson as the learner saw it (``StepFingerprint``);
    /// empty in progress saved before fingerprints existed.
    public var steps: [String]

    /// Progress at `position` with `solved` exercises.
    public init(
        lessonID: String, position: Int, solved: Set<Int>, revealed: Set<Int> = [], steps: [String] = []
    ) {
        self.lessonID = lessonID
        self.position = position
        self.solved = solved
        self.revealed = revealed
        self.steps = steps
    }

    /// The saved form: `key value` lines.
    public var serialized: String {
        func list(_ set: Set<Int>) -> String { set.sorted().map(String.init).joined(separator: " ") }
        return
            "lesson \(lessonID)\nposition \(position)\nsolved \(list(solved))\nrevealed \(list(revealed))\n"
            + "steps \(steps.joined(separator: " "))\n"
    }

    /// Reads the saved form; nil when it is not progress.
    public init?(parsing text: String) {
        var id: String?
        var position: Int?
        var solved = Set<Int>()
        var revealed = Set<Int>()
        var steps = [String]()
        func indices(_ text: String) -> Set<Int> {
            Set(text.split(separator: " ").compactMap { Int($0) }.filter { $0 >= 0 })
        }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard let key = parts.first else { continue }
            let rest = parts.count > 1 ? parts[1] : ""
            switch key {
            case "lesson": id = rest
            case "position": position = Int(rest)
            case "solved": solved = indices(rest)
            case "revealed": revealed = indices(rest)
            case "steps": steps = rest.split(separator: " ").map(String.init)
            default: continue
            }
        }
        guard let id, let position, position >= 0 else { return nil }
        self.init(lessonID: id, position: position, solved: solved, revealed: revealed, steps: steps)
    }
}
