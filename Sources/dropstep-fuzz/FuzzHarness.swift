import LessonScript
import Notebook

#if canImport(Glibc)
    import Glibc
#endif

/// What the fuzz target does with one input. Every error must be located inside the text it
/// came from; anything else (a trap, a bad location) stops the fuzzer with the input saved.
enum FuzzHarness {
    /// How long one evaluation may run before it is interrupted, in seconds.
    static let timeBudget = 0.25

    static func run(_ text: String) {
        do {
            _ = try Parser.parse(text)
            evaluate(text)
        } catch {
            requireInside(error.range, of: text)
        }
        do {
            _ = try LessonParser.parse(text, path: "fuzz.md")
        } catch {
            // Lessons split lines at "\n" (a "\r\n" is one line break too).
            let lines = text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
            guard error.line >= 1, error.line <= lines, error.column >= 1 else {
                fatalError("lesson error outside the text at \(error.line):\(error.column): \(error.message)")
            }
        }
    }

    /// Runs the program with a time budget and a small loop limit.
    static func evaluate(_ text: String) {
        var evaluator = Evaluator()
        evaluator.iterationLimit = 10_000
        let deadline = now() + timeBudget
        evaluator.interrupt = { now() > deadline }
        do {
            try evaluator.run(text)
        } catch {
            requireInside(error.range, of: text)
        }
    }

    /// Stops with a message when `range` does not lie within `text`.
    static func requireInside(_ range: SourceRange, of text: String) {
        guard range.isWithin(text) else { fatalError("error location \(range) outside the text") }
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
