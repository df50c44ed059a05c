import Foundation
import Testing

@testable import LessonScript

/// Hostile inputs found by fuzzing and by hand: each gives a located error (never a trap), is
/// refused before it allocates, or runs within the limits.
@Suite struct HardeningTests {
    /// The error `code` raises, or a recorded issue when it raises none.
    func error(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ScriptError? {
        do {
            _ = try run(code)
            Issue.record("expected an error for \(code)", sourceLocation: sourceLocation)
        } catch let error as ScriptError {
            #expect(
                error.range.isWithin(code), "\(error) is not inside \(code)", sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// The text `range` covers in `code`.
    func pointedAt(_ error: ScriptError?, in code: String) -> String {
        error.map { String($0.range.text(in: code)) } ?? ""
    }

    @Test func shapeArgumentsAreValidatedBeforeConversion() throws {
        for (code, argument) in [
            ("zeros([1e19])", "[1e19]"), ("rand([0/0])", "[0/0]"), ("ones([1/0, 2])", "[1/0, 2]"),
            ("ones(1e19, 2)", "1e19"), ("randn(-3)", "-3"), ("full(1, 2.5)", "2.5"),
            ("reshape(arange(4), 0/0)", "0/0"), ("reshape(arange(4), 1e19)", "1e19"),
            ("reshape(arange(4), 2.5, 2)", "2.5"), ("bernoulli(0.5, 1e300)", "1e300"),
        ] {
            let found = error(code)
            #expect(pointedAt(found, in: code) == argument, "\(code): \(String(describing: found))")
            let message = found?.message ?? ""
            #expect(
                message.contains("whole number") || message.contains("exceeds the limit")
                    || message.contains("negative"), "\(code): \(message)")
        }
        // A fraction is never truncated: reshape(arange(4), 2.5, 2) used to give a 2 x 2 tensor.
        #expect(error("reshape(arange(4), 2.5, 2)")?.message.contains("2.5") == true)
        #expect(try tensor("reshape(arange(4), -1, 2)").shape == [2, 2])
    }

    @Test func arangeRefusesRangesItCannotCount() throws {
        for code in ["arange(0, 1, 1e-300)", "arange(-1e308, 1e308)", "arange(0, 1e300)", "arange(1e19)"] {
            #expect(error(code)?.message.contains("exceeds the limit") == true, "\(code)")
        }
        // Counting down with a positive step gives nothing, as numpy's arange does.
        #expect(try tensor("arange(1e19, 0)").shape == [0])
        let nan = "arange(0, 0/0)"
        let found = error(nan)
        #expect(found?.message == "arange: stop must be a finite number, got nan")
        #expect(pointedAt(found, in: nan) == "0/0")
        #expect(error("arange(0, 5, 0)")?.message.contains("step must not be zero") == true)
        #expect(try tensor("arange(1e19, 1e19 + 1e4, 2048)").elementCount == 5)
    }

    @Test func wholeNumbersSayWhatIsWrong() {
        #expect(error("binomial(2**62, 0.5)")?.message.contains("too large") == true)
        #expect(error("binomial(2**62, 0.5)")?.message.contains("whole number, got") == false)
        #expect(error("binomial(2.5, 0.5)")?.message.contains("must be a whole number, got 2.5") == true)
        #expect(error("eye(0/0)")?.message.contains("finite") == true)
        #expect(error("x = ones(3)\nx[1e300]") != nil)
        #expect(error("seed(1e300)") != nil)
    }

    @Test func checkRefusesANegativeToleranceAndRendersTinyDifferences() throws {
        #expect(error("check(1, 1, tol=-1)")?.message.contains("tol must be") == true)
        #expect(error("check(1, 1, tol=0/0)") != nil)
        let output = try run("check(5e-324, 0)").output.joined(separator: "\n")
        #expect(output.contains("5e-324"))
        let passed = try run("check(5e-324, 0, tol=1e-300)").output.joined(separator: "\n")
        #expect(passed.contains("check passed"))
    }

    @Test func checkCountsEveryMismatchButKeepsOnlyAFew() throws {
        let report = try Builtins.compare(
            Tensor(repeating: 0, shape: [100_000]), Tensor(repeating: 1, shape: [100_000]), tolerance: 0.5)
        #expect(report.mismatches.count == 100_000)
        #expect(report.mismatches.offsets.count <= Mismatches.stored)
        // Reading past the stored ones scans on and finds the same elements a full pass would.
        let sparse = Tensor((0..<1000).map { Double($0 % 7 == 0 ? 1 : 0) })
        let slow = try Builtins.compare(sparse, Tensor(repeating: 0, shape: [1000]), tolerance: 0)
        let positions = (0..<1000).filter { $0 % 7 == 0 }
        #expect(slow.mismatches.count == positions.count)
        #expect(slow.mismatches.map(\.index) == positions.map { [$0] })
        #expect(slow.mismatches.last?.actual == 1)
    }

    @Test func operationsRefuseResultsOverTheLimitBeforeAllocating() {
        for code in [
            "ones(100000, 1) * ones(1, 100000)", "ones(100000, 1) < ones(1, 100000)",
            "ones(100000, 1) ** ones(1, 100000)", "where(ones(100000, 1), ones(1, 100000), 0)",
            "sum(ones(20000, 1) * ones(1, 20000))", "concat([ones(8000, 8000), ones(8000, 8000)])",
            "ones(8192, 1, 8192, 1) @ ones(1, 8192, 1, 8192)", "stack([ones(8000, 8000), ones(8000, 8000)])",
        ] {
            let message = error(code)?.message ?? ""
            #expect(message.contains("exceeds the limit of 67108864 elements"), "\(code): \(message)")
        }
        #expect(error("stack([ones(2), ones(3)])")?.message.hasPrefix("stack:") == true)
        #expect(error("stack([ones(8000, 8000), ones(8000, 8000)])")?.message.hasPrefix("stack:") == true)
    }

    @Test func softmaxOfAnEmptyAxisIsEmpty() throws {
        #expect(try tensor("softmax(zeros(0))").shape == [0])
        #expect(try tensor("softmax(zeros(2, 0))").shape == [2, 0])
        #expect(error("softmax(zeros(3), axis=4)")?.message.hasPrefix("softmax:") == true)
    }

    @Test func batchedComputationsDoNotNest() {
        for code in [
            "x = ones(3)\nexpect(gradcheck(sum(dropout(x, p=0.5)), wrt=[x]))",
            "mc(mc(rand(2), samples=3), samples=4)", "mc(expect(dropout(ones(2))), samples=10)",
            "expect(outcomes(dropout(ones(2)))[0])", "variance(samples(rand(2), n=2))",
        ] {
            #expect(error(code)?.message.contains("cannot run inside") == true, "\(code)")
        }
        #expect(
            error("expect(backward(sum(dropout(ones(2)))))")?.message.contains("cannot run inside") == true)
    }

    @Test func monteCarloShrinksItsChunkWithoutSayingSo() throws {
        // 8192 worlds of 8200 elements would pass the element limit; the chunk shrinks instead.
        let (value, output) = try run("mc(sum(ones(8200) * rand()), samples=8300)")
        let estimate = try #require(value?.tensor?.scalar)
        #expect(abs(estimate - 4100) < 100)
        let text = output.joined(separator: "\n")
        #expect(text.contains("8300 samples"))
        #expect(!text.contains("8192"))
    }

    @Test func workOverTheLimitIsRefusedBeforeStarting() {
        for code in [
            "expect(sum(dropout(ones(24), p=0.5) * ones(10000, 24)))",
            "expect(sum(dropout(ones(24), p=0.5) * ones(100000, 24)))",
            "variance(sum(dropout(ones(20), p=0.5) * ones(300000, 20)))",
            "mc(sum(dropout(ones(1000, 1000), p=0.5)), samples=100000000)",
            "samples(sum(dropout(ones(100000), p=0.5)), n=1000000)",
        ] {
            let start = Date()
            let message = error(code)?.message ?? ""
            #expect(message.contains("exceed the work limit"), "\(code): \(message)")
            #expect(Date().timeIntervalSince(start) < 30, "\(code) took too long to be refused")
        }
    }

    @Test func aBigListLiteralNeedsNoNodePerNumber() throws {
        let numbers = (0..<20000).map { $0 % 3 == 0 ? "-\($0)" : "\($0).5" }
        let literal = try tensor("[" + numbers.joined(separator: ", ") + "]")
        #expect(literal.elementCount == 20000)
        #expect(literal.scalars[3] == -3 && literal.scalars[4] == 4.5)
        // The literal path and the general path (forced by a variable) agree.
        #expect(try tensor("[[1, -2], [3.5, 4]]") == tensor("v = 4\n[[1, -2], [3.5, v]]"))
        #expect(try tensor("[[[[1]]]]").shape == [1, 1, 1, 1])
        #expect(error("[[[[[1]]]]]")?.message.contains("at most 4 axes") == true)
        #expect(error("[[1, 2], [3]]")?.message.contains("ragged") == true)
    }

    @Test func recordedValuesStayWithinTheBudget() throws {
        var evaluator = Evaluator()
        evaluator.recordBudget = 4 << 20
        var notes = [String]()
        evaluator.onEvent = { event in
            if case .note(let text) = event { notes.append(text) }
        }
        // Each step keeps a 800 KB value; forty of them would keep 32 MB of history.
        try evaluator.run("x0 = ones(100000)\nx = x0\nfor i in range(40): x = x + 1")
        guard case .tensor(let node)? = evaluator.environment.variables["x"] else {
            Issue.record("x is not a tensor")
            return
        }
        #expect(node.value.scalars[0] == 41)
        #expect(Evaluator.historyBytes(of: [node], gradients: nil) <= evaluator.recordBudget)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("backward and explain stop there") == true)
        // backward still runs; it stops where the history was released, before x0.
        try evaluator.run("backward(sum(x * 2), show=false)\ng = grad(x)")
        #expect(evaluator.environment.variables["g"]?.tensor?.scalars.first == 2)
        do {
            try evaluator.run("grad(x0)")
            Issue.record("x0 is still reachable from x")
        } catch {
            #expect(error.message.contains("was not used to compute"))
        }
        // Within the budget nothing is released.
        var small = Evaluator()
        small.recordBudget = 4 << 20
        try small.run("w = ones(1000)\nfor i in range(40): w = w * 1.01")
        guard case .tensor(let kept)? = small.environment.variables["w"] else { return }
        #expect(kept.topologicalOrder().count > 40)
    }

    @Test func errorLocationsAreCheckedAgainstTheText() {
        func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> SourceRange {
            SourceRange(
                start: SourceLocation(line: l1, column: c1), end: SourceLocation(line: l2, column: c2))
        }
        let text = "ab\r\ncde\n"
        #expect(range(1, 1, 1, 3).isWithin(text))
        #expect(range(2, 4, 2, 4).isWithin(text))
        #expect(range(3, 1, 3, 1).isWithin(text))
        #expect(!range(1, 4, 1, 4).isWithin(text))
        #expect(!range(4, 1, 4, 1).isWithin(text))
        #expect(!range(0, 1, 1, 1).isWithin(text))
        #expect(!range(1, 0, 1, 1).isWithin(text))
        #expect(!range(2, 1, 1, 1).isWithin(text))
    }

    @Test func statementTextIsFoundThroughTheLineIndex() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "\n", "\r\n", "\r", " ", "xyz", "\t"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let lines = SourceLines(text)
            for _ in 0..<10 {
                let start = SourceLocation(
                    line: Int.random(in: 0...8, using: &generator),
                    column: Int.random(in: 0...8, using: &generator))
                let end = SourceLocation(
                    line: Int.random(in: 0...8, using: &generator),
                    column: Int.random(in: 0...8, using: &generator))
                let range = SourceRange(start: start, end: end)
                #expect(lines.text(range) == range.text(in: text), "\(range) in \(text.debugDescription)")
            }
        }
    }
}

/// A value shared with an interrupt closure (which may be called from any thread).
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func update<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Ctrl-C inside long core loops: the computation stops with "interrupted", nothing is
/// assigned, and the session goes on. (How fast is measured by `scripts/interrupt_latency.py`.)
@Suite struct InterruptTests {
    /// An evaluator that, once armed, is interrupted `seconds` after each statement starts.
    func evaluator(interruptingAfter seconds: Double) -> (Evaluator, arm: () -> Void) {
        var evaluator = Evaluator()
        let armed = Shared(false)
        let start = Shared<Date?>(nil)
        evaluator.onEvent = { event in
            if case .statementStarted = event, armed.update({ $0 }) { start.update { $0 = Date() } }
        }
        evaluator.interrupt = {
            start.update { begun in begun.map { Date().timeIntervalSince($0) > seconds } ?? false }
        }
        return (evaluator, { armed.update { $0 = true } })
    }

    @Test(arguments: [
        ("a = ones(2000, 2000)", "b = a @ a"),
        ("a = ones(20000000)", "b = exp(a) + sqrt(a)"),
        ("a = zeros(20000000)", "b = check(a, a + 1)"),
        ("a = ones(2000)", "b = mc(sum(dropout(a, p=0.5) * a), samples=1000000)"),
        ("a = ones(100000)", "b = sum(samples(sum(dropout(a, p=0.5)), n=10000))"),
        ("a = ones(20000)", "b = gradcheck(sum(a * a), wrt=[a])"),
        ("a = ones(20000)\nc = a * 2", "b = gradcheck(sum(c * c), wrt=[a])"),
    ])
    func aLongComputationIsInterruptedAndNotAssigned(setup: String, statement: String) throws {
        var (evaluator, arm) = evaluator(interruptingAfter: 0.2)
        try evaluator.run(setup)
        arm()
        do {
            try evaluator.run(statement)
            Issue.record("\(statement) was not interrupted")
        } catch {
            #expect(error.message == "interrupted")
            #expect(error.range.isWithin(statement))
        }
        #expect(evaluator.environment.variables["b"] == nil)
        // The session goes on.
        try evaluator.run("c = 1 + 1")
        #expect(evaluator.environment.variables["c"]?.tensor?.scalar == 2)
    }

    @Test func backwardOverALongChainIsInterrupted() throws {
        var (evaluator, arm) = evaluator(interruptingAfter: 0.2)
        try evaluator.run("x = ones(1000)\ny = x\nfor i in range(200000): y = y * 1")
        arm()
        do {
            try evaluator.run("backward(sum(y), show=false)")
            Issue.record("backward was not interrupted")
        } catch {
            #expect(error.message == "interrupted")
        }
        #expect(evaluator.environment.lastGradients == nil)
    }

    @Test func anInterruptAtTheLastPollStillPreventsTheAssignment() throws {
        // Count the polls of an uninterrupted run, then interrupt exactly at the last one:
        // the computation is finished by then, but its result must not be assigned.
        let polls = Shared(0)
        var counting = Evaluator()
        counting.interrupt = { polls.update { $0 += 1 } == () && false }
        try counting.run("a = ones(300, 300)")
        polls.update { $0 = 0 }
        try counting.run("b = a @ a")
        let total = polls.update { $0 }
        #expect(total >= 2)

        let seen = Shared(Int.min / 2)
        var late = Evaluator()
        late.interrupt = {
            seen.update { count in
                count += 1
                return count >= total
            }
        }
        try late.run("a = ones(300, 300)")
        seen.update { $0 = 0 }
        do {
            try late.run("b = a @ a")
            Issue.record("the late interrupt was dropped")
        } catch {
            #expect(error.message == "interrupted")
        }
        #expect(late.environment.variables["b"] == nil)
        #expect(seen.update { $0 } == total)
    }
}
