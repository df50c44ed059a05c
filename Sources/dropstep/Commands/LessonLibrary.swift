import Notebook

#if canImport(Glibc)
    import Glibc
#endif

/// Finds lessons: `--lessons DIR`, then `./lessons`, then the lessons beside the installed binary,
/// then the source tree's `lessons/` (so `dropstep` works from any directory).
struct LessonLibrary {
    /// The directory the lessons come from.
    let directory: String

    /// The library from the global options.
    init(_ options: GlobalOptions) {
        self.directory = LessonLibrary.locate(explicit: options.lessons)
    }

    static func locate(explicit: String?) -> String {
        if let explicit { return explicit }
        if SystemFiles.isDirectory("lessons") { return "lessons" }
        var candidates = [String]()
        if let executable = LessonLibrary.executableDirectory() {
            candidates.append(executable + "/../share/dropstep/lessons")
            // .build/<triple>/debug/dropstep -> the package root's lessons/
            candidates.append(executable + "/../../../lessons")
            candidates.append(executable + "/../../lessons")
        }
        // The source tree this binary was built from.
        let source = String(#filePath)
        let marker = "/Sources/dropstep/"
        if let start = source.indices.first(where: { source[$0...].hasPrefix(marker) }) {
            candidates.append(String(source[..<start]) + "/lessons")
        }
        return candidates.first(where: SystemFiles.isDirectory) ?? "lessons"
    }

    static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// The lesson files, sorted by name.
    var paths: [String] {
        SystemFiles.list(directory).filter { $0.hasSuffix(".md") }.map { directory + "/" + $0 }
    }

    /// Parses a lesson file.
    func load(path: String) throws -> Lesson {
        let text = try SystemFiles.read(path)
        do {
            return try LessonParser.parse(text, path: path)
        } catch let error as LessonError {
            throw FileError(message: error.description)
        }
    }

    /// Every lesson that parses, with its path (unparseable files are skipped here; `check` reports them).
    func lessons() -> [Lesson] {
        paths.compactMap { try? load(path: $0) }
    }

    /// A lesson by id, id prefix (`02`), file name, or path.
    func find(_ name: String) throws -> Lesson {
        if name.contains("/") || name.hasSuffix(".md") {
            if SystemFiles.exists(name) { return try load(path: name) }
            if SystemFiles.exists(directory + "/" + name) { return try load(path: directory + "/" + name) }
            throw FileError(message: "no lesson file '\(name)'")
        }
        let all = lessons()
        if let exact = all.first(where: { $0.id == name }) { return exact }
        // `7` finds `07-...`: a number names the lesson whose id starts with that number.
        if let number = Int(name),
            let numbered = all.first(where: { Int($0.id.prefix(while: \.isNumber)) == number })
        {
            return numbered
        }
        let prefixed = all.filter { $0.id.hasPrefix(name) }
        if prefixed.count == 1 { return prefixed[0] }
        if prefixed.count > 1 {
            throw FileError(
                message: "'\(name)' matches several lessons: " + prefixed.map(\.id).joined(separator: ", "))
        }
        let suggestion = closestMatch(to: name, among: all.map(\.id))
        throw FileError(
            message: "no lesson '\(name)' in \(directory)"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
    }
}
