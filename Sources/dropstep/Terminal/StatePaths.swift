// TEMPORARY stand-in.
struct StatePaths {
    var directory: String
    var history: String { directory + "/history" }
    init() {
        let base =
            SystemFiles.environment("XDG_STATE_HOME")
            ?? ((SystemFiles.environment("HOME") ?? ".") + "/.local/state")
        directory = base + "/dropstep"
    }
    func progress(forLesson id: String) -> String { directory + "/progress-\(id)" }
}
