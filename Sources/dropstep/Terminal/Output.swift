@preconcurrency import CLineEdit

#if canImport(Glibc)
    import Glibc
#endif

/// Exit statuses, named in one place.
enum ExitStatus {
    /// Everything worked.
    static let success: Int32 = 0
    /// The code, lesson or check failed.
    static let failure: Int32 = 1
    /// The command line was wrong.
    static let usage: Int32 = 2
}

/// Writing to the standard streams without Foundation (start-up stays in milliseconds).
enum Output {
    /// Writes `text` and a newline to standard output.
    static func line(_ text: String) {
        fputs(text + "\n", cle_stdout())
    }

    /// Writes `text` to standard output as is.
    static func write(_ text: String) {
        fputs(text, cle_stdout())
    }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        fputs(text + "\n", cle_stderr())
    }

    /// Flushes standard output (before a prompt or a long computation).
    static func flush() {
        fflush(cle_stdout())
    }
}

/// Reads files and environment variables without Foundation.
enum SystemFiles {
    /// The whole file as UTF-8 text: a regular file of at most 16 MiB (`BoundedFileReader`).
    static func read(_ path: String) throws -> String {
        try BoundedFileReader.read(path)
    }

    /// Writes `text` to `path` atomically: a temporary file beside it, then a rename, with the
    /// terminal's closing signals held back meanwhile so no temporary file is left behind.
    static func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        try SignalShield.whileWriting {
            guard let file = fopen(temporary, "wb") else {
                throw FileError(message: "cannot write '\(path)': \(BoundedFileReader.reason(errno))")
            }
            let bytes = Array(text.utf8)
            let written = bytes.isEmpty ? 0 : fwrite(bytes, 1, bytes.count, file)
            let closed = fclose(file)
            guard written == bytes.count, closed == 0 else {
                let reason = BoundedFileReader.reason(errno)
                unlink(temporary)
                throw FileError(message: "cannot write '\(path)': \(reason)")
            }
            guard rename(temporary, path) == 0 else {
                let reason = BoundedFileReader.reason(errno)
                unlink(temporary)
                throw FileError(message: "cannot write '\(path)': \(reason)")
            }
        }
    }

    /// Whether a file, directory or symbolic link (even a broken or looping one) exists at `path`,
    /// so that reading it reports what is really wrong rather than "no such file".
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return access(path, F_OK) == 0 || lstat(path, &info) == 0
    }

    /// Whether `path` is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory, sorted.
    static func list(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names = [String]()
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Creates a directory and its parents (mode 0700 for state directories).
    static func makeDirectories(_ path: String) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            mkdir(current, 0o700)
        }
    }

    /// An environment variable, or nil when unset or empty.
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}

/// A file system problem, with the path in its message.
struct FileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
