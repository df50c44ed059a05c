import Notebook
import Testing

@testable import Rendering

@Suite struct ExportPictureTests {
    @Test func picturesFollowTheirCodeCellAsSVGInANotebookOnly() throws {
        var session = Session()
        let record = session.execute("m = [[1, 0], [0, 1]]\nshow(m)")
        let document = try NumpyExport().document(title: "t", steps: [record])
        let kinds = document.cells.map { cell -> String in
            switch cell {
            case .markdown: "markdown"
            case .code: "code"
            case .pictures(let svgs): svgs.allSatisfy { $0.hasPrefix("<svg") } ? "svg" : "other"
            }
        }
        #expect(kinds == ["code", "code", "svg"])
        #expect(NotebookDocument.json(document).contains("<svg"))
        #expect(!PythonScript.text(document).contains("<svg"))
    }
}
