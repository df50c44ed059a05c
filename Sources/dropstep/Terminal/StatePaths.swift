#if canImport(Glibc)
    import Glibc
#endif

/// Where dropstep keeps state between runs: `$XDG_STATE_HOME/dropstep/` or `~/.local/state/dropstep/`.
struct StatePaths {
    /// The state directory; it is created (mode 0700) by whoever writes into it first.
    var directory: String
    /// The line editor's history file.
    var history: String

    /// Paths inside `directory`.
    init(directory: String) {
        self.directory = directory
        self.history = directory + "/history"
    }

    /// Paths from the environment: `$XDG_STATE_HOME/dropstep`, else `$HOME/.local/state/dropstep`.
    ///
    /// - Parameter environment: Looks a variable up; nil when unset or empty.
    init(environment: (String) -> String? = SystemFiles.environment) {
        // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            self.init(directory: Self.trimmingSlashes(state) + "/dropstep")
        } else {
            self.init(directory: Self.trimmingSlashes(Self.home(environment)) + "/.local/state/dropstep")
        }
    }

    /// The progress file for lesson `id`; characters that are unsafe in a file name become `_`.
    func progress(forLesson id: String) -> String {
        let safe = id.map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
                ? character : "_"
        }
        return directory + "/progress-" + String(safe)
    }

    /// Creates `directory` and its missing parents with mode 0700; true when it exists afterwards.
    @discardableResult
    func makeDirectory() -> Bool {
        SystemFiles.makeDirectories(directory)
        return SystemFiles.isDirectory(directory)
    }

    /// HOME, else the password database's home directory (HOME is unset under some service managers).
    private static func home(_ environment: (String) -> String?) -> String {
        if let home = environment("HOME"), home.hasPrefix("/") { return home }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            let home = String(cString: directory)
            if home.hasPrefix("/") { return home }
        }
        return "."
    }

    private static func trimmingSlashes(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path == "/" ? "" : path
    }
}
