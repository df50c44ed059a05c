#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program on a pseudo-terminal and talks to it like a person at a keyboard.
///
/// Typing waits until the program's line editor has put the terminal in raw mode: libedit writes
/// its prompt before switching, and text typed in between is echoed twice by the kernel (or a
/// Ctrl-D taken as the kernel's end of file). So after anything that ends a line, `expect` the next
/// prompt before typing again.
final class PseudoTerminal {
    /// Keys that send control characters or escape sequences.
    enum Key {
        case up, down, left, right, tab, enter, escape, ctrlA, ctrlC, ctrlD, ctrlE, ctrlR

        /// The bytes a terminal (xterm, normal cursor mode) sends for the key.
        var bytes: String {
            switch self {
            case .up: return "\u{1B}[A"
            case .down: return "\u{1B}[B"
            case .right: return "\u{1B}[C"
            case .left: return "\u{1B}[D"
            case .tab: return "\t"
            case .enter: return "\r"
            case .escape: return "\u{1B}"
            case .ctrlA: return "\u{1}"
            case .ctrlC: return "\u{3}"
            case .ctrlD: return "\u{4}"
            case .ctrlE: return "\u{5}"
            case .ctrlR: return "\u{12}"
            }
        }
    }

    /// A failed expectation, with everything the program wrote so far.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        var message: String
        /// The program's output, escapes shown as `\e`.
        var transcript: String
        /// The message followed by the transcript.
        var description: String { "\(message)\n--- transcript ---\n\(transcript)\n--- end ---" }
    }

    /// The child's process id.
    let processID: pid_t
    private let master: Int32
    private let slavePath: String
    /// Everything the program wrote, as is.
    private var output: [UInt8] = []
    /// `output` without escape sequences, with `\r\n` as `\n`, up to `output[strippedCount...]`.
    private var visible: [UInt8] = []
    /// How much of `output` has gone into `visible`; the rest is an incomplete escape or `\r`.
    private var strippedCount = 0
    /// How much of `visible` earlier `expect` calls have consumed.
    private var matchedCount = 0
    private var exitStatus: Int32?

    /// Starts `executable` on a new pseudo-terminal of `columns` × `rows`.
    ///
    /// - Parameters:
    ///   - executable: An absolute path, e.g. from `executable(named:)`.
    ///   - arguments: Arguments after the program name.
    ///   - environment: Added to (and overriding) the fixed `TERM=xterm`, `LANG=C.UTF-8`; nothing
    ///     else is inherited, so results do not depend on the caller's environment.
    init(
        executable: String, arguments: [String] = [], environment: [String: String] = [:],
        columns: UInt16 = 80, rows: UInt16 = 24
    ) throws {
        var variables = ["TERM": "xterm", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        variables.merge(environment) { _, new in new }
        // Everything the child needs is allocated before fork: after it only execve is safe,
        // since other test threads may hold the allocator's locks.
        let argv = Self.cStrings([executable] + arguments)
        let envp = Self.cStrings(variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        // Test threads block most signals, and the mask (like ignored signals) survives execve:
        // the program would never see the SIGINT of a Ctrl-C.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var master: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        let pid = forkpty(&master, &name, nil, &size)
        if pid == 0 {
            // Descriptors other tests opened (their masters) must not leak into this program.
            for descriptor in 3..<1024 { close(Int32(descriptor)) }
            for number in 1..<32 { _ = signal(Int32(number), SIG_DFL) }
            sigprocmask(SIG_SETMASK, &noSignals, nil)
            execve(executable, argv, envp)
            _exit(127)
        }
        guard pid > 0 else { throw Failure(message: "forkpty failed: errno \(errno)", transcript: "") }
        self.processID = pid
        self.master = master
        self.slavePath = String(
            decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
    }

    deinit {
        if exitStatus == nil {
            kill(processID, SIGKILL)
            var status: Int32 = 0
            waitpid(processID, &status, 0)
        }
        close(master)
    }

    /// The path of a program built next to the running test bundle (`.build/debug/<name>`).
    ///
    /// On Linux the bundle `…PackageTests.xctest` is itself the test executable, so the directory
    /// of `/proc/self/exe` holds the package's other products.
    static func executable(named name: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard realpath("/proc/self/exe", &buffer) != nil else { return name }
        let path = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        return directory + "/" + name
    }

    /// Everything the program has written, with escapes shown as `\e` (for failure messages).
    var transcript: String {
        String(decoding: output.flatMap { $0 == 0x1B ? Array("\\e".utf8) : [$0] }, as: UTF8.self)
    }

    /// Everything the program has written, without ANSI escapes and with `\r\n` as `\n`.
    var screenText: String { String(decoding: visible, as: UTF8.self) }

    /// Waits until `text` appears in output written after the previous match (escapes ignored).
    ///
    /// - Returns: The escape-free output from the previous match up to the end of this one.
    @discardableResult
    func expect(_ text: String, timeout: Double = 10) throws -> String {
        let needle = Array(text.utf8)
        let deadline = Self.now() + timeout
        var searchStart = matchedCount
        while true {
            if let range = Self.firstRange(of: needle, in: visible, from: searchStart) {
                let consumed = String(decoding: visible[matchedCount..<range.upperBound], as: UTF8.self)
                matchedCount = range.upperBound
                return consumed
            }
            // Only text that arrives later can complete a match, so don't search the old part again.
            searchStart = max(matchedCount, visible.count - needle.count + 1)
            let remaining = deadline - Self.now()
            guard remaining > 0, readOutput(waitingUpTo: remaining) != .closed else {
                let reason =
                    remaining > 0 ? "the program closed the terminal" : "timed out after \(timeout) s"
                throw Failure(
                    message: "Expected \(String(reflecting: text)): \(reason).", transcript: transcript)
            }
        }
    }

    /// Types `text` once the line editor is in raw mode (see the type's comment).
    ///
    /// - Parameter waitingForEditor: False to type at once, e.g. Ctrl-C during a computation.
    func send(_ text: String, waitingForEditor: Bool = true, timeout: Double = 10) throws {
        if waitingForEditor { try waitForRawMode(timeout: timeout) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw Failure(
                    message: "Cannot type \(String(reflecting: text)): errno \(errno).",
                    transcript: transcript)
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Presses `key`, waiting for raw mode like `send(_:)`.
    func sendKey(_ key: Key, waitingForEditor: Bool = true, timeout: Double = 10) throws {
        try send(key.bytes, waitingForEditor: waitingForEditor, timeout: timeout)
    }

    /// Waits for the program to exit, reading its output meanwhile; SIGKILL on timeout.
    ///
    /// - Returns: The exit status, 128 + the signal number if a signal ended it, nil on timeout.
    func waitForExit(timeout: Double = 10) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Self.now() + timeout
        var status: Int32 = 0
        while Self.now() < deadline {
            let result = waitpid(processID, &status, WNOHANG)
            if result == processID {
                while readOutput(waitingUpTo: 0) == .received {}
                let signal = status & 0x7F
                exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
                return exitStatus
            }
            if readOutput(waitingUpTo: 0.02) == .closed { usleep(10_000) }
        }
        kill(processID, SIGKILL)
        waitpid(processID, &status, 0)
        exitStatus = 128 + SIGKILL
        return nil
    }

    /// Polls the terminal's modes until ICANON is off: the editor is ready for keys.
    private func waitForRawMode(timeout: Double) throws {
        let slave = open(slavePath, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            throw Failure(message: "Cannot open \(slavePath): errno \(errno).", transcript: transcript)
        }
        defer { close(slave) }
        let deadline = Self.now() + timeout
        var modes = termios()
        while Self.now() < deadline {
            if tcgetattr(slave, &modes) == 0 && modes.c_lflag & tcflag_t(ICANON) == 0 { return }
            // Keep reading: a program blocked on a full terminal buffer never reaches raw mode.
            _ = readOutput(waitingUpTo: 0.005)
        }
        throw Failure(
            message: "The line editor never switched the terminal to raw mode.", transcript: transcript)
    }

    private enum ReadStatus {
        case received, idle, closed
    }

    /// Reads what arrives within `seconds`.
    private func readOutput(waitingUpTo seconds: Double) -> ReadStatus {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, seconds) * 1000))
        if ready < 0 { return errno == EINTR ? .idle : .closed }
        if ready == 0 { return .idle }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        // EIO: every copy of the terminal's other side is closed, i.e. the program has gone.
        if count <= 0 { return count < 0 && errno == EINTR ? .idle : .closed }
        output.append(contentsOf: buffer[0..<count])
        strippedCount = Self.stripEscapes(output, from: strippedCount, into: &visible)
        return .received
    }

    private static func cStrings(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] {
        strings.map { strdup($0) } + [nil]
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty else { return start..<start }
        guard haystack.count - start >= needle.count else { return nil }
        for index in start...(haystack.count - needle.count)
        where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index..<(index + needle.count)
        }
        return nil
    }

    /// Appends `bytes[start...]` to `visible` without CSI, OSC and two-byte escape sequences, and
    /// with `\r\n` as `\n`; stops before an incomplete sequence and returns where it stopped.
    private static func stripEscapes(_ bytes: [UInt8], from start: Int, into visible: inout [UInt8]) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") {
                guard index + 1 < bytes.count else { return index }
                if bytes[index + 1] != UInt8(ascii: "\n") { visible.append(byte) }
                index += 1
                continue
            }
            guard byte == 0x1B else {
                visible.append(byte)
                index += 1
                continue
            }
            guard let end = escapeEnd(bytes, start: index) else { return index }
            index = end
        }
        return index
    }

    /// The index just past the escape sequence at `start`, or nil if it is not complete yet.
    private static func escapeEnd(_ bytes: [UInt8], start: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "["):
            index += 1
            while index < bytes.count && (0x20...0x3F).contains(bytes[index]) { index += 1 }
            return index < bytes.count ? index + 1 : nil
        case UInt8(ascii: "]"):
            while index < bytes.count {
                if bytes[index] == 0x07 { return index + 1 }
                if bytes[index] == 0x1B {
                    return index + 1 < bytes.count ? index + 2 : nil
                }
                index += 1
            }
            return nil
        default:
            return index + 1
        }
    }
}
