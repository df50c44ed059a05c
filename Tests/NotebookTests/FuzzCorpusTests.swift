import Foundation
import Testing

@testable import Notebook

/// The fuzzer's regression corpus (`Tests/FuzzCorpus`: every crasher `make fuzz` found, and the
/// hand-made hostile inputs) replayed as the fuzz target runs it: each input is
/// parsed as a program, run with a time limit, and parsed as a lesson. Each must give a result
/// or an error located inside the input, never a crash.
@Suite struct FuzzCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzCorpus")

    static let names: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()

    /// Interrupts an evaluation `seconds` after it starts, as Ctrl-C would.
    static func deadline(after seconds: Double) -> @Sendable () -> Bool {
        let end = Date().addingTimeInterval(seconds)
        return { Date() > end }
    }

    @Test func theCorpusIsThere() {
        #expect(Self.names.count >= 30)
    }

    @Test(arguments: names) func inputGivesAResultOrALocatedError(_ name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        let text = String(decoding: data, as: UTF8.self)
        do {
            _ = try Parser.parse(text)
            var evaluator = Evaluator()
            evaluator.iterationLimit = 10_000
            evaluator.interrupt = Self.deadline(after: 2)
            do {
                try evaluator.run(text)
            } catch {
                #expect(error.range.isWithin(text), "\(name): \(error) is not inside the input")
                #expect(!error.message.isEmpty)
            }
        } catch {
            #expect(error.range.isWithin(text), "\(name): \(error) is not inside the input")
        }
        do {
            _ = try LessonParser.parse(text, path: name)
        } catch {
            // Lessons split lines at "\n" (a "\r\n" is one line break too).
            let lines = text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
            #expect(error.line >= 1 && error.line <= lines && error.column >= 1, "\(name): \(error)")
        }
    }
}
