import Foundation
import Testing

@testable import Rendering

@Suite struct BuiltinReferenceTests {
    @Test func theLanguageDocumentListsEveryBuiltInAsTheTableHasIt() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let document = try String(
            contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        #expect(
            document.contains(BuiltinReference.markdown()),
            "docs/language.md is out of date with the built-ins: run make docs")
        #expect(BuiltinReference.updating(document) == document)
    }
}
