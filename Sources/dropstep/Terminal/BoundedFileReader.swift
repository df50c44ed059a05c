#if canImport(Glibc)
    import Glibc
#endif

/// Reads lesson and program files: regular files only, at most ``maxBytes``, never blocking on
/// a pipe or a device, so `dropstep eval /dev/zero` is an error rather than a hang.
enum BoundedFileReader {
    /// The largest file read: 16 MiB, far beyond any lesson or program a person writes.
    static let maxBytes = 16 << 20

    /// The file's text, without a leading UTF-8 byte-order mark.
    ///
    /// - Throws: ``FileError`` naming the path and what is wrong with it.
    static func read(_ path: String, limit: Int = maxBytes) throws -> String {
        // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(message: "cannot open '\(path)': \(reason(errno))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw FileError(message: "cannot read '\(path)': \(reason(errno))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileError(message: "'\(path)' is a directory, not a file")
        default: throw FileError(message: "'\(path)' is not a regular file (a device, pipe or socket)")
        }
        guard info.st_size <= limit else {
            throw FileError(message: "'\(path)' is larger than \(describe(limit)) (\(info.st_size) bytes)")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        // The size can change while reading (or be 0 for /proc files): read up to one byte past
        // the limit to notice a file that grew beyond it.
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bytes.count <= limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(message: "cannot read '\(path)': \(reason(errno))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        guard bytes.count <= limit else {
            throw FileError(message: "'\(path)' is larger than \(describe(limit))")
        }
        return text(of: bytes)
    }

    /// UTF-8 text from file bytes; a leading byte-order mark (which some editors write) is dropped.
    static func text(of bytes: [UInt8]) -> String {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        return String(decoding: body, as: UTF8.self)
    }

    /// An errno as a lowercase phrase, e.g. `too many levels of symbolic links`.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// A byte count in MiB when it is a whole number of them.
    static func describe(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
