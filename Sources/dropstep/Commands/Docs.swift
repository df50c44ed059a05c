import ArgumentParser
import Rendering

/// `dropstep docs FILE`: rewrites the built-in reference inside a document (`make docs`).
struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrite the generated built-in reference in a Markdown file (for `make docs`).",
        shouldDisplay: false)

    @ArgumentParser.Argument(help: "The Markdown file holding the reference, e.g. docs/language.md.")
    var file: String

    func run() throws {
        let text = (try? SystemFiles.read(file)) ?? ""
        let updated = BuiltinReference.updating(text)
        if updated != text { try SystemFiles.writeAtomically(updated, to: file) }
    }
}
