@preconcurrency import CLineEdit

#if canImport(Glibc)
    import Glibc
#endif

/// The REPL's history file: libedit's format, written after every entered line, private (0600).
///
/// A file at the history path that is not libedit's (plain lines from another tool, junk) is
/// never overwritten: it is moved aside to `history.bak` with a warning, and a fresh history
/// starts.
enum HistoryFile {
    /// The first line of every history file libedit writes.
    static let signature = "_HiStOrY_V2_"

    /// What to do with the history path at start-up.
    struct Preparation: Equatable {
        /// Whether the file holds a history to load.
        var loads: Bool
        /// Whether the session may write the history there.
        var saves: Bool
        /// What to tell the learner, if anything.
        var warning: String?
    }

    /// Makes `path` ready: a foreign file is moved aside to `history.bak`; anything that is not
    /// a regular file is left alone and history is not saved there.
    static func prepare(_ path: String) -> Preparation {
        var info = stat()
        guard stat(path, &info) == 0 else { return Preparation(loads: false, saves: true) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return Preparation(
                loads: false, saves: false,
                warning: "dropstep: '\(path)' is not a history file; history will not be saved this session")
        }
        if info.st_size == 0 { return Preparation(loads: false, saves: true) }
        // A thousand entries take kilobytes; a file of many megabytes is not one of ours, and
        // libedit would read all of it.
        if hasSignature(path) && info.st_size <= BoundedFileReader.maxBytes {
            return Preparation(loads: true, saves: true)
        }
        let backup = backupPath(for: path)
        guard rename(path, backup) == 0 else {
            return Preparation(
                loads: false, saves: false,
                warning:
                    "dropstep: '\(path)' is not a dropstep history file and could not be moved aside (\(BoundedFileReader.reason(errno))); history will not be saved this session"
            )
        }
        return Preparation(
            loads: false, saves: true,
            warning: "dropstep: '\(path)' was not a dropstep history file; it is kept as '\(backup)'")
    }

    /// Where a foreign history file is kept: `history.bak` beside it.
    static func backupPath(for path: String) -> String { path + ".bak" }

    /// Whether the file starts with libedit's signature line.
    static func hasSignature(_ path: String) -> Bool {
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        var first = [UInt8](repeating: 0, count: signature.utf8.count + 1)
        let count = fread(&first, 1, first.count, file)
        let expected = Array(signature.utf8)
        return count >= expected.count && Array(first[0..<expected.count]) == expected
            && (count == expected.count || first[expected.count] == UInt8(ascii: "\n"))
    }

    /// Writes `history` to `path` atomically (a temporary file, then a rename), mode 0600, with
    /// the terminal's closing signals held back meanwhile.
    ///
    /// - Returns: `nil`, or why the history could not be saved.
    static func save(_ history: OpaquePointer, to path: String) -> String? {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            SystemFiles.makeDirectories(String(path[..<slash]))
        }
        let temporary = path + ".tmp-\(getpid())"
        return SignalShield.whileWriting {
            // History may hold code the learner typed, so it stays private like a shell's.
            guard cle_history_save(history, temporary) >= 0 else {
                let reason = BoundedFileReader.reason(errno)
                unlink(temporary)
                return reason
            }
            guard chmod(temporary, 0o600) == 0, rename(temporary, path) == 0 else {
                let reason = BoundedFileReader.reason(errno)
                unlink(temporary)
                return reason
            }
            return nil
        }
    }
}
