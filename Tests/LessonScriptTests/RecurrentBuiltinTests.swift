import Testing

@testable import LessonScript

/// Weights for a small network: 3 inputs, 2 units, 3 steps of a batch of 2.
private let setup = """
    seed(0)
    xs = randn(3, 2, 3)
    Wx4 = randn(3, 8) * 0.5; Wh4 = randn(2, 8) * 0.5; b4 = randn(8) * 0.1
    Wx3 = randn(3, 6) * 0.5; Wh3 = randn(2, 6) * 0.5; bx = randn(6) * 0.1; bh = randn(6) * 0.1
    Wx1 = randn(3, 2) * 0.5; Wh1 = randn(2, 2) * 0.5; b1 = randn(2) * 0.1
    v = randn(2, 2)

    """

/// Runs code after the shared set-up and returns every gradient check's result, in order.
private func gradientChecks(_ code: String) throws -> [GradientCheckResult] {
    var evaluator = Evaluator()
    var results = [GradientCheckResult]()
    evaluator.onEvent = { event in
        if case .gradientCheck(let result, _) = event { results.append(result) }
    }
    try evaluator.run(setup + code)
    return results
}

@Suite struct RecurrentBuiltinTests {
    /// Backpropagation through time: a loop in the language builds one graph, and gradcheck
    /// of the loop's loss (computed by earlier statements) nudges that graph.
    @Test(arguments: [
        // Zaremba: dropout on the inputs only, a fresh mask per step.
        """
        h = zeros(2)
        for t in range(3):
            h = rnn_cell(dropout(xs[t], p=0.5), h, Wx1, Wh1, b1)
        loss = sum(h * v)
        """,
        // Gal and Ghahramani: one locked mask for the inputs and one for the state.
        """
        mx = locked_mask(0.4, 2, 3); mh = locked_mask(0.4, 2, 2)
        h = zeros(2, 2); c = zeros(2, 2)
        for t in range(3):
            h, c = lstm_cell(xs[t] * mx, h * mh, c, Wx4, Wh4, b4)
        loss = sum(h * v) + sum(c)
        """,
        // AWD-LSTM's weight drop and Semeniuta's recurrent dropout on the update.
        """
        W = weight_drop(Wh4, 0.5, variational=true)
        h = zeros(2); c = zeros(2)
        for t in range(3):
            h, c = lstm_cell(xs[t], h, c, Wx4, W, b4, update_mask=locked_mask(0.3, 2))
        loss = sum(h * v)
        """,
        // Zoneout around a GRU.
        """
        h = zeros(2, 2)
        for t in range(3):
            h = zoneout(h, gru_cell(xs[t], h, Wx3, Wh3, bx, bh), 0.3)
        loss = sum(h * v)
        """,
    ]) func gradcheckThroughTime(loop: String) throws {
        let wrt =
            loop.contains("rnn_cell")
            ? "[Wx1, Wh1, b1, xs]" : loop.contains("gru") ? "[Wx3, Wh3, bx, bh, xs]" : "[Wx4, Wh4, b4, xs]"
        let results = try gradientChecks(loop + "\ngradcheck(loss, wrt=\(wrt))\n")
        #expect(results.count == 1)
        for input in results[0].inputs {
            #expect(input.relativeError < 1e-7)
            #expect(
                input.analytic.scalars.contains { $0 != 0 }, "a gradient that is all zeros checks nothing")
        }
    }

    @Test func unrolledExpressionsAreCheckedByReevaluation() throws {
        let results = try gradientChecks(
            """
            h0 = zeros(2)
            gradcheck(sum(rnn_cell(xs[2], rnn_cell(xs[1], rnn_cell(xs[0], h0, Wx1, Wh1, b1), Wx1, Wh1, b1), Wx1, Wh1, b1) * v), wrt=[Wx1, Wh1, b1, h0])
            gradcheck(sum(gru_cell(xs[0], zeros(2, 2), Wx3, Wh3, bx, bh, update_mask=locked_mask(0.5, 2))), wrt=[Wx3, Wh3, bx, bh])
            """)
        #expect(results.count == 2)
        for result in results { #expect(result.maxRelativeError < 1e-7) }
    }

    /// Before the graph check, gradcheck re-evaluated expr with the wrt variables replaced,
    /// so a variable computed from them earlier kept its old value: both sides were zero and
    /// the check "passed" with relative error 0.
    @Test func gradcheckSeesVariablesComputedEarlier() throws {
        let results = try gradientChecks(
            "W = randn(2, 2); y = tanh(W * 2)\ngradcheck(sum(y * y * W), wrt=[W])")
        #expect(results[0].maxRelativeError < 1e-8)
        #expect(results[0].inputs[0].analytic.scalars.allSatisfy { $0 != 0 })
        #expect(results[0].inputs[0].numeric.scalars.allSatisfy { $0 != 0 })
        expectError(
            "W = ones(2); y = W * 2\ngradcheck(sum(dropout(y)), wrt=[W], replay=false)",
            "gradcheck: replay=false needs expr to compute from W itself, but y was computed from it earlier",
            line: 2, column: 11)
    }

    @Test func aFailedGraphCheckLeavesTheTraceOn() throws {
        var evaluator = Evaluator()
        var records = 0
        evaluator.onEvent = { if case .record = $0 { records += 1 } }
        try evaluator.run("W = ones(2); y = W * 2")
        #expect(throws: ScriptError.self) { try evaluator.run("gradcheck(sum(y @ ones(3)), wrt=[W])") }
        try evaluator.run("dropout(y)")
        #expect(records == 1)
    }

    /// `expect` evaluates a cell with dropout over a batch of worlds; here against every mask by hand.
    @Test func expectationOfACellMatchesEnumeratingMasks() throws {
        func cell(_ mask: String) -> String { "lstm_cell(dropout(x, p=0.5\(mask)), h, c, Wx4, Wh4, b4)[1]" }
        let prefix = setup + "x = xs[0, 0]; h = [0.3, -0.2]; c = [0.5, 0.1]\n"
        let exact = try tensor(prefix + "expect(" + cell("") + ")")
        var total = Tensor(repeating: 0, shape: [2])
        for outcome in 0..<8 {
            let mask = (0..<3).map { String((outcome >> $0) & 1) }.joined(separator: ", ")
            let value = try tensor(prefix + cell(", mask=[\(mask)]"))
            total = try total + value.map { $0 / 8 }
        }
        #expect(zip(exact.scalars, total.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func timegridDrawsMasksAcrossTime() throws {
        let (_, output) = try run(
            """
            naive = [[1, 0, 1], [0, 1, 1], [1, 1, 0]]
            locked = zeros(3, 3)
            for t in range(3):
                locked[t] = [2, 0, 2]
            timegrid(naive, locked)
            timegrid(naive, titles=["per step masks are redrawn"])
            timegrid(reshape(arange(8), 2, 2, 2), titles="batch")
            """)
        #expect(
            output == [
                """
                      naive    locked
                t=0   ■ □ ■    ■ □ ■
                t=1   □ ■ ■    ■ □ ■
                t=2   ■ ■ □    ■ □ ■
                """,
                """
                      per step masks are redrawn
                t=0   ■ □ ■
                t=1   □ ■ ■
                t=2   ■ ■ □
                """,
                """
                      batch
                t=0   □ ■ | ■ ■
                t=1   ■ ■ | ■ ■
                """,
            ])
    }

    @Test func traceShowsTheGatesAndTheLockedMask() throws {
        let (_, output) = try run(
            "h = [0.5, -0.5]; c = [1, 0]; x = [1, 2, 3]; Wx = ones(3, 8) * 0.1; Wh = ones(2, 8); b = zeros(8)\n"
                + "h, c = lstm_cell(x, h, c, Wx, Wh, b)\nseed(1); m = locked_mask(0.5, 4)",
            trace: true)
        let lines = output.joined(separator: "\n").split(separator: "\n").map(String.init)
        #expect(
            lines.map { String($0.prefix(29)) } == [
                "a  = x @ Wx + h @ Wh + b  [0.", "i  = sigmoid(a[0:2])      [0.",
                "f  = sigmoid(a[2:4])      [0.", "o  = sigmoid(a[4:6])      [0.",
                "g  = tanh(a[6:8])         [0.", "c' = f * c + i * g        [0.",
                "h' = o * tanh(c')         [0.", "u    = rand(4)          [4.17",
                "mask = u < q (q = 0.5)  ■ □ ■", "m    = mask / q         [2 0 ",
            ])
    }

    @Test func embeddingDropoutDropsAWordEverywhere() throws {
        let rows = try tensor(
            "seed(0); E = reshape(arange(1, 13), 6, 2); embedding_dropout(E, 0.5, words=[4, 0, 4, 1])")
        // numpy: seed 0, rand(6) < 0.5 keeps only word 4.
        #expect(rows == Tensor(rows: [[18, 20], [0, 0], [18, 20], [0, 0]]))
        #expect(
            try tensor("E = reshape(arange(6), 3, 2); embedding(E, [2, 2])")
                == Tensor(rows: [[4, 5], [4, 5]]))
        #expect(
            try tensor("eval(); weight_drop(ones(2, 2), 0.5, variational=true)")
                == Tensor(rows: [[1, 1], [1, 1]]))
        #expect(try tensor("seed(2); weight_drop(ones(2, 4), 0.5, variational=true)").scalars.count == 8)
    }

    @Test func errorsNameTheArgument() {
        expectError(
            "lstm_cell(ones(3), zeros(2), zeros(2), ones(3, 8), ones(2, 6), zeros(8))",
            "lstm_cell: Wh must have shape [n, 4*n] = [2, 8] for x with 3 inputs and h with 2 units, got [2, 6]",
            line: 1, column: 1)
        expectError(
            "zoneout(ones(2), zeros(2), 2)", "zoneout: p must be in [0, 1], got 2", line: 1, column: 1)
        expectError(
            "locked_mask(0.5)", "locked_mask: shape must have at least one axis, e.g. locked_mask(p, n)",
            line: 1, column: 1)
        expectError(
            "timegrid(ones(2), 3)",
            "timegrid: expected one mask per time step, [T, units] or [T, batch, units], got shape []",
            line: 1, column: 19)
        expectError(
            "timegrid(ones(2, 2), ones(2, 2), titles=[\"a\"])", "timegrid: 1 titles for 2 grids", line: 1,
            column: 41)
        expectError(
            "embedding(ones(3, 2), [0.5])",
            "embedding: words must be a word index or a list of them, e.g. [3, 1, 3]",
            line: 1, column: 23)
        expectError(
            "h = zeros(2); gru_cell(ones(3), h, ones(3, 6), ones(2, 6), zeros(6), zeros(6), update_mask=ones(3))",
            "gru_cell: update_mask of shape [3] does not broadcast to the new state's shape [2]", line: 1,
            column: 15)
    }

    @Test func everyRecurrentBuiltinHasHelp() {
        let names = Builtins.group("recurrent").map(\.name)
        #expect(
            Set(names) == [
                "rnn_cell", "lstm_cell", "gru_cell", "locked_mask", "zoneout", "embedding_dropout",
                "embedding",
                "weight_drop", "timegrid",
            ])
        for builtin in Builtins.group("recurrent") {
            #expect(!builtin.summary.isEmpty && builtin.usage.hasPrefix(builtin.name + "("))
        }
    }
}
