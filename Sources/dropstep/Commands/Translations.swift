/// Where translated lessons live and how they pair with the English ones:
/// `lessons/zh/02-inverted-vs-downscale.md` is the twin of `lessons/02-inverted-vs-downscale.md`.
enum Translations {
    /// The language folders that hold twins.
    static let languages = ["zh"]

    /// The language of a lesson path (`zh` for `lessons/zh/02-....md`), or nil for English.
    static func language(of path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 2, languages.contains(parts[parts.count - 2]) else { return nil }
        return parts[parts.count - 2]
    }

    /// The English twin's path of a translated lesson.
    static func original(of path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.remove(at: parts.count - 2)
        return parts.joined(separator: "/")
    }

    /// The translation of an English lesson path into `language`.
    static func translation(of path: String, in language: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.insert(language, at: parts.count - 1)
        return parts.joined(separator: "/")
    }

    /// Whether a file in a language folder is a lesson (not the glossary).
    static func isLesson(_ path: String) -> Bool {
        !(path.split(separator: "/").last ?? "").hasPrefix("GLOSSARY")
    }
}
