#if canImport(Glibc)
    import Glibc
#endif

/// Holds back the signals that end a session (closing the terminal sends SIGHUP) while a state
/// file is written, so the write finishes (or is cleaned up) before the process goes.
///
/// A signal that arrives meanwhile is delivered as soon as the write is done: the temporary
/// file has been renamed into place or removed by then, so none is left behind.
enum SignalShield {
    /// Runs `body` with SIGHUP, SIGTERM, SIGINT and SIGQUIT blocked.
    static func whileWriting<T>(_ body: () throws -> T) rethrows -> T {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for signal in [SIGHUP, SIGTERM, SIGINT, SIGQUIT] { sigaddset(&blocked, signal) }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// Removes temporary files (`NAME.tmp-PID`) in `directory` left by dropstep processes that
    /// no longer run (a `kill -9` cannot be held back).
    static func removeStaleTemporaries(in directory: String) {
        for name in SystemFiles.list(directory) {
            guard let dot = name.lastIndex(of: "."), name[name.index(after: dot)...].hasPrefix("tmp-"),
                let pid = Int32(name[name.index(dot, offsetBy: 5)...]), pid > 0, pid != getpid()
            else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }
}
