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
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            guard error.line >= 1, error.line <= lines + 1, error.column >= 1 else {
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
        let lines = SourceRanges.lineLengths(of: text)
        for location in [range.start, range.end] {
            guard location.line >= 1, location.line <= lines.count, location.column >= 1,
                location.column <= lines[location.line - 1] + 1
            else { fatalError("error location \(range) outside the text (\(lines.count) lines)") }
        }
        guard range.start <= range.end else { fatalError("error range \(range) ends before it starts") }
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// Line lengths as the language counts them (Unicode scalars; `\n`, `\r\n` and `\r` end lines).
enum SourceRanges {
    static func lineLengths(of text: String) -> [Int] {
        var lengths = [0]
        var previousWasReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasReturn {
                previousWasReturn = false
                continue
            }
            previousWasReturn = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lengths.append(0)
            } else {
                lengths[lengths.count - 1] += 1
            }
        }
        return lengths
    }
}
