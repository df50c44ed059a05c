import Foundation
import PackagePlugin

/// Builds the lessons and the version into the binary: every `lessons/**/*.md` and the `VERSION`
/// file become one generated Swift source, so a copied or installed `dropstep` needs no files beside it.
@main
struct EmbedLessons: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let lessons = root.appending(path: "lessons")
        let version = root.appending(path: "VERSION")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedLessons.swift")
        // Every lesson file is an input, so editing one reruns the tool. Adding, renaming or removing one
        // changes the folder that Sources/embed-lessons/lessons links to, which makes SwiftPM plan the
        // build again and so call this plugin with the new list.
        return [
            .buildCommand(
                displayName: "Embedding the lessons and VERSION",
                executable: try context.tool(named: "embed-lessons").url,
                arguments: [output.path, version.path, lessons.path],
                inputFiles: [version] + markdownFiles(under: lessons),
                outputFiles: [output]
            )
        ]
    }

    /// The `*.md` files under `directory` and its subfolders, hidden names skipped.
    private func markdownFiles(under directory: URL) -> [URL] {
        let walker = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        return (walker?.allObjects ?? []).compactMap { $0 as? URL }.filter { $0.pathExtension == "md" }
    }
}
