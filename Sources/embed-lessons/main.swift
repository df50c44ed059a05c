// The EmbedLessons plugin's tool: writes one Swift source holding the version and every lesson file.
//
//     embed-lessons OUTPUT VERSION_FILE LESSONS_DIR
//
// No Foundation, so the tool builds in seconds before the rest of the package.

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a whole file as UTF-8, or nil when it cannot be read.
func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    return ferror(file) == 0 ? String(decoding: bytes, as: UTF8.self) : nil
}

/// The `*.md` files under `directory` and its subfolders, as sorted paths relative to it; hidden names skipped.
func markdownFiles(under directory: String, prefix: String = "") -> [String] {
    guard let handle = opendir(directory) else { return [] }
    defer { closedir(handle) }
    var found = [String]()
    while let entry = readdir(handle) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name.hasPrefix(".") { continue }
        var info = stat()
        guard stat(directory + "/" + name, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            found += markdownFiles(under: directory + "/" + name, prefix: prefix + name + "/")
        } else if (info.st_mode & S_IFMT) == S_IFREG && name.hasSuffix(".md") {
            found.append(prefix + name)
        }
    }
    // Byte order, so the table (and the listing) is the same on every machine and locale.
    return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
}

/// `text` as a one-line Swift string literal; control characters become escapes.
func literal(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

func fail(_ message: String) -> Never {
    let bytes = Array("embed-lessons: error: \(message)\n".utf8)
    _ = write(2, bytes, bytes.count)
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 4 else { fail("usage: embed-lessons OUTPUT VERSION_FILE LESSONS_DIR") }
let (output, versionFile, lessonsDirectory) = (arguments[1], arguments[2], arguments[3])

guard let versionText = readFile(versionFile) else { fail("cannot read \(versionFile)") }
let version = String(versionText.filter { !$0.isWhitespace })
// The version also names the tarball and the .deb, so it must be a plain Debian-style version.
let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+~-")
guard version.first?.isNumber == true, version.allSatisfy(allowed.contains) else {
    fail("\(versionFile) must hold a version such as 1.2.3, not '\(versionText)'")
}

var source = """
    // Generated at build time by the EmbedLessons plugin from VERSION and lessons/; not kept in git.

    /// What was built into this binary.
    enum Embedded {
        /// The version, from the package's `VERSION` file.
        static let version = \(literal(version))

        /// Every lesson file under `lessons/`: its path relative to that folder and its Markdown, sorted by path.
        static let lessonFiles: [(path: String, text: String)] = [

    """
for path in markdownFiles(under: lessonsDirectory) {
    guard let text = readFile(lessonsDirectory + "/" + path) else { fail("cannot read lessons/\(path)") }
    source += "        (\(literal(path)), \(literal(text))),\n"
}
source += "    ]\n}\n"

// Rewriting identical text would only make the compiler redo the module.
if readFile(output) != source {
    guard let file = fopen(output, "wb") else { fail("cannot write \(output)") }
    let bytes = Array(source.utf8)
    let written = fwrite(bytes, 1, bytes.count, file)
    if fclose(file) != 0 || written != bytes.count { fail("cannot write \(output)") }
}
