import Foundation
import Testing

@Suite struct ExportTests {
    /// A fresh directory, removed by the caller.
    private func temporaryDirectory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func exportsALessonAsAPageToStandardOutputOrAFile() throws {
        let directory = try temporaryDirectory("export")
        defer { try? FileManager.default.removeItem(at: directory) }
        let piped = try runDropstep(["export", "--lessons", lessonsDirectory(), "00", "--to", "html"])
        #expect(piped.status == 0, "\(piped.err)")
        #expect(piped.out.hasPrefix("<!DOCTYPE html><html lang=\"en\">"))
        #expect(piped.out.hasSuffix("</html>\n"))
        #expect(piped.out.contains("<p class=\"kicker\">dropstep lesson 00-tour</p>"))

        // The format from -o's extension.
        let page = directory.appendingPathComponent("tour.html")
        let written = try runDropstep(["export", "--lessons", lessonsDirectory(), "00", "-o", page.path])
        #expect(written.status == 0 && written.out.isEmpty)
        #expect(try String(contentsOf: page, encoding: .utf8) == piped.out)
    }

    @Test func refusesAnExportWithoutAKnownFormat() throws {
        let unknown = try runDropstep(["export", "--lessons", lessonsDirectory(), "00", "-o", "/tmp/x.txt"])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("cannot tell the format from '.txt'; give --to html"))
        let none = try runDropstep(["export", "--lessons", lessonsDirectory(), "00"])
        #expect(none.status == 2)
        #expect(none.err.contains("give --to FORMAT, or -o FILE with a known extension"))
        let missing = try runDropstep(["export", "--lessons", lessonsDirectory(), "nosuch", "--to", "html"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("no lesson 'nosuch'"))
    }

    @Test func theREPLExportsTheLearnersSessionAndItsTranscriptExportsToo() throws {
        let directory = try temporaryDirectory("session")
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("mine.html")
        let transcript = directory.appendingPathComponent("mine.md")
        let result = try runDropstep(
            ["--lessons", lessonsDirectory()],
            input:
                ":load 00\n\nzz = 4 < 5\n:export \(page.path)\n:save \(transcript.path)\n:export nope.txt\n:quit\n",
            environment: ["XDG_STATE_HOME": directory.appendingPathComponent("state").path])
        #expect(result.status == 0)
        #expect(result.out.contains("Exported 2 steps to \(page.path)."))
        #expect(result.out.contains("usage: :export FILE (.html, .ipynb or .py)"))
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("<p class=\"cell-label\">Your code</p>"))
        #expect(html.contains("zz = <span class=\"n\">4</span> &lt; <span class=\"n\">5</span>"))
        #expect(html.contains("<p class=\"kicker\">dropstep session in lesson 00-tour</p>"))

        let again = try runDropstep(["export", transcript.path, "--to", "html"])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out.contains("zz = <span class=\"n\">4</span> &lt; <span class=\"n\">5</span>"))
    }
}
