@preconcurrency import CLineEdit

#if canImport(Glibc)
    import Glibc
#endif

/// Opens text in the learner's editor (`$VISUAL`, then `$EDITOR`, then `vi`) and reads it back.
///
/// The editor runs through the shell, so `EDITOR='vim -u NONE'` or `EDITOR='code --wait'` work.
/// The file is read back by its path after the editor exits, so editors that save by renaming
/// (writing a new file over the old) keep their edits.
enum ExternalEditor {
    /// The command line that edits a file: the environment's choice, or `vi`.
    static var command: String {
        SystemFiles.environment("VISUAL") ?? SystemFiles.environment("EDITOR") ?? "vi"
    }

    /// The text after editing, without trailing newlines; nil when the editor failed or quit
    /// without success (vim's `:cq`), or no temporary file could be made.
    static func edit(_ text: String) -> String? {
        let directory = SystemFiles.environment("TMPDIR") ?? P_tmpdir
        var template = Array((directory + "/dropstep-edit-XXXXXX.dropstep").utf8CString)
        let descriptor = mkstemps(&template, Int32(".dropstep".utf8.count))
        guard descriptor >= 0 else { return nil }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let bytes = Array((text + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { return nil }
        guard cle_system(command + " " + shellQuoted(path)) == 0, var edited = try? SystemFiles.read(path)
        else {
            return nil
        }
        while edited.hasSuffix("\n") { edited.removeLast() }
        return edited
    }

    /// `text` as one shell word: in single quotes, with each `'` written as `'\''`.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
