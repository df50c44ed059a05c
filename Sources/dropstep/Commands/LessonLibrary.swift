import Notebook

/// Finds lessons: `--lessons DIR`, then `./lessons`, then the copy built into the binary at build time
/// (so an installed or copied `dropstep` works from any directory, with no files beside it).
///
/// Built-in lessons have paths as in the source tree (`lessons/00-tour.md`), so messages and `check`
/// read the same wherever the lessons come from; a file on disk always wins over a built-in path.
struct LessonLibrary {
    /// Where the lessons come from.
    enum Source: Equatable {
        /// A directory on disk, as given or found.
        case directory(String)
        /// The lessons built into the binary (`Embedded.lessonFiles`).
        case builtIn
    }

    /// Where this library's lessons come from.
    let source: Source

    /// The built-in lessons by their paths (`lessons/` plus the path relative to that folder).
    private static let builtInFiles: [String: String] = Dictionary(
        Embedded.lessonFiles.map { (builtInRoot + "/" + $0.path, $0.text) },
        uniquingKeysWith: { first, _ in first })

    /// The folder name built-in paths start with.
    static let builtInRoot = "lessons"

    /// The library from the global options.
    init(_ options: GlobalOptions) {
        self.init(source: LessonLibrary.locate(explicit: options.lessons))
    }

    /// A library reading from `source`.
    init(source: Source) {
        self.source = source
    }

    /// `--lessons DIR`, else `./lessons`, else the built-in lessons (when the build embedded any).
    static func locate(explicit: String?) -> Source {
        if let explicit { return .directory(explicit) }
        if SystemFiles.isDirectory(builtInRoot) || Embedded.lessonFiles.isEmpty {
            return .directory(builtInRoot)
        }
        return .builtIn
    }

    /// The lessons directory, or a name for the built-in copy, for messages.
    var directory: String {
        switch source {
        case .directory(let path): return path
        case .builtIn: return "the lessons built into dropstep"
        }
    }

    /// The lesson files at the top of the library, sorted by name (translations in subfolders are not listed).
    var paths: [String] {
        switch source {
        case .directory(let path):
            return SystemFiles.list(path).filter { $0.hasSuffix(".md") }.map { path + "/" + $0 }
        case .builtIn:
            return Embedded.lessonFiles.map(\.path).filter { $0.hasSuffix(".md") && !$0.contains("/") }
                .map { LessonLibrary.builtInRoot + "/" + $0 }
        }
    }

    /// The text of a lesson file: from disk when the file exists, else from the built-in copy.
    func read(_ path: String) throws -> String {
        if source == .builtIn, !SystemFiles.exists(path), let text = LessonLibrary.builtInFiles[path] {
            return text
        }
        return try SystemFiles.read(path)
    }

    /// Writes a lesson file back (`check --update`); the built-in copy is read-only.
    func write(_ text: String, to path: String) throws {
        if source == .builtIn, !SystemFiles.exists(path), LessonLibrary.builtInFiles[path] != nil {
            throw FileError(
                message: "\(path) is built into dropstep and cannot be updated; run in the source tree "
                    + "or pass the lessons directory")
        }
        try SystemFiles.writeAtomically(text, to: path)
    }

    /// The lesson files `check` verifies for `arguments`: each file, each directory's `*.md`; with no
    /// arguments, the library's lessons. The built-in copy is checked whole, translations included,
    /// since nothing else verifies what a binary carries.
    func files(forChecking arguments: [String]) throws -> [String] {
        var files = [String]()
        if arguments.isEmpty, source == .builtIn {
            files = Embedded.lessonFiles.map(\.path).filter { $0.hasSuffix(".md") }
                .map { LessonLibrary.builtInRoot + "/" + $0 }
        }
        let roots = arguments.isEmpty && source != .builtIn ? [directory] : arguments
        for path in roots {
            if SystemFiles.isDirectory(path) {
                let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
                files += SystemFiles.list(folder).filter { $0.hasSuffix(".md") }.map { folder + "/" + $0 }
                // Translations sit in a language folder beside the English lessons.
                for language in Translations.languages where SystemFiles.isDirectory(folder + "/" + language)
                {
                    files += SystemFiles.list(folder + "/" + language).filter { $0.hasSuffix(".md") }
                        .map { folder + "/" + language + "/" + $0 }
                }
            } else if SystemFiles.exists(path) {
                files.append(path)
            } else if source == .builtIn, let builtIn = builtInFiles(at: path) {
                files += builtIn
            } else {
                throw FileError(message: "no such lesson file or directory: \(path)")
            }
        }
        guard !files.isEmpty else {
            throw FileError(
                message:
                    "no lessons (*.md) found in \(arguments.isEmpty ? directory : arguments.joined(separator: ", "))"
            )
        }
        return files
    }

    /// The built-in file at `path`, or the top-level `*.md` of the built-in folder at `path`; nil if neither.
    private func builtInFiles(at path: String) -> [String]? {
        if LessonLibrary.builtInFiles[path] != nil { return [path] }
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        let inside = LessonLibrary.builtInFiles.keys.filter {
            $0.hasPrefix(folder + "/") && $0.hasSuffix(".md") && !$0.dropFirst(folder.count + 1).contains("/")
        }
        return inside.isEmpty ? nil : inside.sorted()
    }

    /// Parses a lesson file.
    func load(path: String) throws -> Lesson {
        let text = try read(path)
        do {
            return try LessonParser.parse(text, path: path)
        } catch {
            throw FileError(message: error.description)
        }
    }

    /// Every lesson that parses, with its path (unparseable files are skipped here; `check` reports them).
    func lessons() -> [Lesson] {
        paths.compactMap { try? load(path: $0) }
    }

    /// The twin of an English lesson in `language`, when the library has one.
    func translation(of lesson: Lesson, in language: Language) -> Lesson? {
        guard language != .en, Translations.language(of: lesson.path) == nil else { return nil }
        let path = Translations.translation(of: lesson.path, in: language.rawValue)
        guard SystemFiles.exists(path) || LessonLibrary.builtInFiles[path] != nil else { return nil }
        return try? load(path: path)
    }

    /// A lesson by id, id prefix (`02`), file name, or path.
    func find(_ name: String) throws -> Lesson {
        if name.contains("/") || name.hasSuffix(".md") {
            if SystemFiles.exists(name) { return try load(path: name) }
            switch source {
            case .directory(let path):
                if SystemFiles.exists(path + "/" + name) { return try load(path: path + "/" + name) }
            case .builtIn:
                for candidate in [name, LessonLibrary.builtInRoot + "/" + name]
                where LessonLibrary.builtInFiles[candidate] != nil {
                    return try load(path: candidate)
                }
            }
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
