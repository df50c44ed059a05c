import Testing

@testable import DropoutCore

/// Leaves for named fixture tensors, so gradients can be read back by name.
private struct Leaves {
    var nodes: [String: Node]

    init(_ values: [String: RecurrentFixture.Values]) {
        nodes = values.mapValues { Node.constant($0.tensor) }
    }

    subscript(name: String) -> Node { nodes[name]! }
    subscript(optional name: String) -> Node? { nodes[name] }
}

/// `sum(y * w)` as a node.
private func weightedSum(_ y: Node, _ w: Tensor) throws -> Node {
    let product = try Node.apply(.binary(.multiply), [y, Node.constant(w)])
    return try Node.apply(.reduce(.sum, axes: nil, keepDims: false), [product])
}

private func add(_ a: Node, _ b: Node) throws -> Node { try Node.apply(.binary(.add), [a, b]) }
private func multiply(_ a: Node, _ b: Node) throws -> Node { try Node.apply(.binary(.multiply), [a, b]) }

private func numpy(_ seed: UInt32) -> any RandomSource { NumpySource(seed: seed) }

@Suite struct RecurrentCellTests {
    static let cellNames = RecurrentFixture.shared.cells.map(\.name)

    @Test(arguments: cellNames) func cellMatchesNumpy(name: String) throws {
        let fixture = RecurrentFixture.shared.cells.first { $0.name == name }!
        let v = Leaves(fixture.inputs)
        var outputs = [String: Node]()
        switch fixture.cell {
        case "rnn":
            outputs["h"] = try Recurrent.rnnCell(x: v["x"], h: v["h"], wx: v["Wx"], wh: v["Wh"], b: v["b"])
        case "lstm":
            let (h, c) = try Recurrent.lstmCell(
                x: v["x"], h: v["h"], c: v["c"], wx: v["Wx"], wh: v["Wh"], b: v["b"],
                updateMask: v[optional: "update_mask"])
            outputs = ["h": h, "c": c]
        default:
            outputs["h"] = try Recurrent.gruCell(
                x: v["x"], h: v["h"], wx: v["Wx"], wh: v["Wh"], bx: v["bx"], bh: v["bh"],
                updateMask: v[optional: "update_mask"])
        }
        var loss: Node?
        for (key, expected) in fixture.outputs {
            expectClose(outputs[key]!.value, expected.tensor)
            let term = try weightedSum(outputs[key]!, fixture.lossWeights[key]!.tensor)
            loss = try loss.map { try add($0, term) } ?? term
        }
        let gradients = try loss!.backward()
        #expect(Set(fixture.gradients.keys) == Set(fixture.inputs.keys))
        for (key, expected) in fixture.gradients {
            expectClose(gradients[v[key]] ?? Tensor(0), expected.tensor)
        }
    }

    @Test func traceShowsTheGatesInOrder() throws {
        let x = Node.constant(sample([3]), label: "x")
        let h = Node.constant(sample([2], seed: 2), label: "h")
        let c = Node.constant(sample([2], seed: 3), label: "c")
        let (next, memory) = try Recurrent.lstmCell(
            x: x, h: h, c: c, wx: .constant(sample([3, 8]), label: "Wx"),
            wh: .constant(sample([2, 8]), label: "Wh"), b: .constant(sample([8]), label: "b"))
        #expect(next.steps.map(\.name) == ["a", "i", "f", "o", "g", "c'", "h'"])
        #expect(next.steps.map(\.formula)[0] == "x @ Wx + h @ Wh + b")
        #expect(
            next.steps.map(\.formula)[1...4] == [
                "sigmoid(a[0:2])", "sigmoid(a[2:4])", "sigmoid(a[4:6])", "tanh(a[6:8])",
            ])
        #expect(next.steps[5].value == .tensor(memory.value))
        #expect(next.composite == "lstm_cell" && memory.steps.isEmpty)

        let mask = Node.constant(Tensor([2, 0]), label: "m")
        let dropped = try Recurrent.lstmCell(
            x: x, h: h, c: c, wx: .constant(sample([3, 8])), wh: .constant(sample([2, 8])),
            b: .constant(sample([8])), updateMask: mask)
        #expect(dropped.h.steps.map(\.name) == ["a", "i", "f", "o", "g", "m", "d(g)", "c'", "h'"])
        #expect(dropped.h.steps[7].formula == "f * c + i * d(g)")

        let gru = try Recurrent.gruCell(
            x: .constant(sample([2, 3])), h: .constant(sample([2, 2])), wx: .constant(sample([3, 6])),
            wh: .constant(sample([2, 6])), bx: .constant(sample([6])), bh: .constant(sample([6])))
        #expect(gru.steps.map(\.name) == ["ax", "ah", "r", "z", "n", "h'"])
        #expect(gru.steps[4].formula == "tanh(ax[:, 4:6] + r * ah[:, 4:6])")
        let rnn = try Recurrent.rnnCell(
            x: x, h: h, wx: .constant(sample([3, 2])), wh: .constant(sample([2, 2])),
            b: .constant(sample([2])))
        #expect(rnn.steps.map(\.name) == ["a", "h'"])
    }

    @Test func explanationsNameTheGates() throws {
        let (h, _) = try Recurrent.lstmCell(
            x: .constant(sample([3])), h: .constant(sample([2], seed: 2)),
            c: .constant(sample([2]), label: "c"),
            wx: .constant(sample([3, 8])), wh: .constant(sample([2, 8])), b: .constant(sample([8])))
        let explanation = try h.explain(at: [1], depth: 2)
        let lines =
            [explanation.line] + explanation.inputs.flatMap { [$0] + $0.inputs }.map { "  " + $0.line }
        #expect(lines[0].hasPrefix("lstm_cell[1] = o[1] * (tanh(c'))[1] = "))
        #expect(lines[1].hasPrefix("  o[1] = sigmoid((a[4:6])[1]) = "))
        #expect(lines[2].hasPrefix("  (tanh(c'))[1] = tanh((c')[1]) = "))
    }

    @Test func shapesAreCheckedInTheUsersTerms() throws {
        let x = Node.constant(sample([4, 3]))
        let h = Node.constant(sample([4, 2]))
        func lstm(wx: [Int] = [3, 8], wh: [Int] = [2, 8], b: [Int] = [8], c: [Int] = [4, 2], x: Node = x)
            throws
        {
            _ = try Recurrent.lstmCell(
                x: x, h: h, c: .constant(sample(c)), wx: .constant(sample(wx)), wh: .constant(sample(wh)),
                b: .constant(sample(b)))
        }
        #expect(
            throws: CoreError(
                "lstm_cell: Wx must have shape [in, 4*n] = [3, 8] for x with 3 inputs and h with 2 units, got [3, 6]"
            )
        ) { try lstm(wx: [3, 6]) }
        #expect(
            throws: CoreError(
                "lstm_cell: Wh must have shape [n, 4*n] = [2, 8] for x with 3 inputs and h with 2 units, got [8, 2]"
            )
        ) { try lstm(wh: [8, 2]) }
        #expect(
            throws: CoreError(
                "lstm_cell: b must have shape [4*n] = [8] for x with 3 inputs and h with 2 units, got [2]")
        ) { try lstm(b: [2]) }
        #expect(throws: CoreError("lstm_cell: c must have the shape of h, [4, 2], got [2]")) {
            try lstm(c: [2])
        }
        #expect(throws: CoreError("lstm_cell: x has a batch of 5 rows but h has 4")) {
            try lstm(x: .constant(sample([5, 3])))
        }
        #expect(
            throws: CoreError(
                "lstm_cell: x must be a vector [in] or a batch [batch, in], got shape [2, 2, 3]")
        ) {
            try lstm(x: .constant(sample([2, 2, 3])))
        }
        #expect(
            throws: CoreError(
                "rnn_cell: Wx must have shape [in, n] = [3, 2] for x with 3 inputs and h with 2 units, got [3, 8]"
            )
        ) {
            _ = try Recurrent.rnnCell(
                x: x, h: h, wx: .constant(sample([3, 8])), wh: .constant(sample([2, 2])),
                b: .constant(sample([2])))
        }
        #expect(
            throws: CoreError(
                "gru_cell: update_mask of shape [3] does not broadcast to the new state's shape [4, 2]")
        ) {
            _ = try Recurrent.gruCell(
                x: x, h: h, wx: .constant(sample([3, 6])), wh: .constant(sample([2, 6])),
                bx: .constant(sample([6])),
                bh: .constant(sample([6])), updateMask: .constant(sample([3])))
        }
    }

    @Test func aSharedInitialStateBroadcastsOverTheBatch() throws {
        let x = Node.constant(sample([3, 2]))
        let wx = Node.constant(sample([2, 12]))
        let wh = Node.constant(sample([3, 12], seed: 2))
        let b = Node.constant(sample([12], seed: 3))
        let shared = try Recurrent.lstmCell(
            x: x, h: .constant(sample([3], seed: 4)), c: .constant(sample([3], seed: 5)), wx: wx, wh: wh, b: b
        )
        let h0 = try Tensor.stack(Swift.Array(repeating: sample([3], seed: 4), count: 3), axis: 0)
        let c0 = try Tensor.stack(Swift.Array(repeating: sample([3], seed: 5), count: 3), axis: 0)
        let repeated = try Recurrent.lstmCell(x: x, h: .constant(h0), c: .constant(c0), wx: wx, wh: wh, b: b)
        #expect(shared.h.value.shape == [3, 3])
        expectClose(shared.h.value, repeated.h.value, tolerance: 0)
        expectClose(shared.c.value, repeated.c.value, tolerance: 0)
    }
}

@Suite struct RecurrentDropoutTests {
    @Test(arguments: RecurrentFixture.shared.zoneout.map(\.name)) func zoneoutMatchesNumpy(name: String)
        throws
    {
        let fixture = RecurrentFixture.shared.zoneout.first { $0.name == name }!
        let (prev, new) = (Node.constant(fixture.hPrev.tensor), Node.constant(fixture.hNew.tensor))
        var random = numpy(0)
        let y = try Dropout.zoneout(
            previous: prev, new: new, probability: fixture.p, isTraining: fixture.training,
            mask: fixture.mask?.tensor, random: &random)
        #expect(y.draws.isEmpty)
        expectClose(y.value, fixture.output.tensor)
        let gradients = try weightedSum(y, fixture.lossWeights.tensor).backward()
        expectClose(gradients[prev]!, fixture.gradients["h_prev"]!.tensor)
        expectClose(gradients[new]!, fixture.gradients["h_new"]!.tensor)
    }

    @Test(arguments: RecurrentFixture.shared.draws.map(\.name)) func drawnVariantMatchesNumpy(name: String)
        throws
    {
        let fixture = RecurrentFixture.shared.draws.first { $0.name == name }!
        var random = numpy(fixture.seed)
        let p = fixture.p
        switch fixture.op {
        case "locked_mask":
            let m = try Dropout.lockedMask(
                dropProbability: p, shape: Shape(fixture.shape!), isTraining: true, random: &random)
            expectClose(m.value, fixture.mask!.tensor, tolerance: 0)
            #expect(m.draws.map(\.request) == [.bernoulli(keep: 1 - p, shape: Shape(fixture.shape!))])
            // The one mask at every step of a sequence: y[t] = x[t] * m.
            let x = Node.constant(fixture.input!.tensor)
            let y = try multiply(x, m)
            expectClose(y.value, fixture.output.tensor, tolerance: 0)
            let gradients = try weightedSum(y, fixture.lossWeights!.tensor).backward()
            expectClose(gradients[x]!, fixture.gradient!.tensor, tolerance: 0)
        case "zoneout":
            let (prev, new) = (Node.constant(fixture.hPrev!.tensor), Node.constant(fixture.hNew!.tensor))
            let y = try Dropout.zoneout(
                previous: prev, new: new, probability: p, isTraining: true, random: &random)
            #expect(y.draws.map(\.values) == [fixture.mask!.tensor])
            expectClose(y.value, fixture.output.tensor, tolerance: 0)
            let gradients = try weightedSum(y, fixture.lossWeights!.tensor).backward()
            expectClose(gradients[prev]!, fixture.gradients!["h_prev"]!.tensor, tolerance: 0)
            expectClose(gradients[new]!, fixture.gradients!["h_new"]!.tensor, tolerance: 0)
        default:
            let x = Node.constant(fixture.input!.tensor)
            let y =
                fixture.op == "embedding_dropout"
                ? try Dropout.embeddingDropout(x, dropProbability: p, isTraining: true, random: &random)
                : try Dropout.weightDrop(
                    x, dropProbability: p, isVariational: fixture.op == "weight_drop_variational",
                    isTraining: true,
                    random: &random)
            let drawn = try y.draws[0].values.broadcast(to: x.value.shape)
            expectClose(drawn, fixture.mask!.tensor, tolerance: 0)
            expectClose(y.value, fixture.output.tensor)
            let gradients = try weightedSum(y, fixture.lossWeights!.tensor).backward()
            expectClose(gradients[x]!, fixture.gradient!.tensor)
        }
    }

    /// docs/language.md: embedding and weight dropout are dropout with the given axes, draw for draw.
    @Test(arguments: [0.3, 0.5, 0.9]) func variantsAreDropoutWithAxes(p: Double) throws {
        let x = Node.constant(sample([5, 8]))
        func compare(_ variant: (inout any RandomSource) throws -> Node, axes: [Int]?) throws {
            var a = numpy(17)
            var b = numpy(17)
            let ours = try variant(&a)
            let reference = try Dropout.dropout(
                x, DropoutSettings(dropProbability: p, axes: axes), random: &b)
            #expect(ours.value == reference.value)
            #expect(ours.draws == reference.draws)
            #expect(a as! NumpySource == b as! NumpySource)
        }
        try compare(
            { try Dropout.embeddingDropout(x, dropProbability: p, isTraining: true, random: &$0) }, axes: [0])
        try compare(
            {
                try Dropout.weightDrop(
                    x, dropProbability: p, isVariational: false, isTraining: true, random: &$0)
            },
            axes: nil)
        try compare(
            {
                try Dropout.weightDrop(
                    x, dropProbability: p, isVariational: true, isTraining: true, random: &$0)
            },
            axes: [1])
    }

    @Test func edgeProbabilitiesAndInferenceDrawNothing() throws {
        var random = numpy(3)
        let before = random as! NumpySource
        let shape: Shape = [2, 3]
        #expect(
            try Dropout.lockedMask(dropProbability: 0.5, shape: shape, isTraining: false, random: &random)
                .value == Tensor(repeating: 1, shape: shape))
        #expect(
            try Dropout.lockedMask(dropProbability: 0, shape: shape, isTraining: true, random: &random).value
                == Tensor(repeating: 1, shape: shape))
        #expect(
            try Dropout.lockedMask(dropProbability: 1, shape: shape, isTraining: true, random: &random).value
                == Tensor(repeating: 0, shape: shape))
        let (prev, new) = (Node.constant(sample([2, 3])), Node.constant(sample([2, 3], seed: 2)))
        let none = try Dropout.zoneout(
            previous: prev, new: new, probability: 0, isTraining: true, random: &random)
        let all = try Dropout.zoneout(
            previous: prev, new: new, probability: 1, isTraining: true, random: &random)
        #expect(none.value == new.value && all.value == prev.value)
        #expect(random as! NumpySource == before)
        #expect(throws: CoreError("zoneout: p must be in [0, 1], got 1.5")) {
            try Dropout.zoneout(previous: prev, new: new, probability: 1.5, isTraining: true, random: &random)
        }
        #expect(throws: CoreError("locked_mask: p must be in [0, 1], got -1")) {
            try Dropout.lockedMask(dropProbability: -1, shape: shape, isTraining: true, random: &random)
        }
        #expect(throws: CoreError("zoneout: mask must hold only 0 and 1 (1 keeps the previous value)")) {
            try Dropout.zoneout(
                previous: prev, new: new, probability: 0.5, isTraining: true, mask: Tensor([2, 0, 0]),
                random: &random)
        }
        #expect(throws: CoreError("embedding_dropout: E must be a matrix [vocab, dim], got shape [3]")) {
            try Dropout.embeddingDropout(
                .constant(sample([3])), dropProbability: 0.5, isTraining: true, random: &random)
        }
        #expect(throws: CoreError("weight_drop: variational=true needs a matrix W [n, k*n], got shape [8]")) {
            try Dropout.weightDrop(
                .constant(sample([8])), dropProbability: 0.5, isVariational: true, isTraining: true,
                random: &random)
        }
    }

    @Test func zoneoutKeepsAnIdentityPathForGradients() throws {
        let (prev, new) = (Node.constant(sample([6])), Node.constant(sample([6], seed: 2)))
        let mask = Tensor([1, 0, 1, 1, 0, 0])
        var random = numpy(0)
        let y = try Dropout.zoneout(
            previous: prev, new: new, probability: 0.5, isTraining: true, mask: mask, random: &random)
        let loss = try Node.apply(.reduce(.sum, axes: nil, keepDims: false), [y])
        let gradients = try loss.backward()
        #expect(gradients[prev]! == mask)
        #expect(gradients[new]! == mask.map { 1 - $0 })
    }

    @Test func lookupStacksRowsAndSendsGradientsBack() throws {
        let e = Node.constant(try Tensor.arange(0, 12).reshaped(to: [4, 3]))
        let rows = try Recurrent.lookup(e, words: [3, 1, 3])
        #expect(rows.value == Tensor(rows: [[9, 10, 11], [3, 4, 5], [9, 10, 11]]))
        let gradients = try Node.apply(.reduce(.sum, axes: nil, keepDims: false), [rows]).backward()
        #expect(gradients[e]! == Tensor(rows: [[0, 0, 0], [1, 1, 1], [0, 0, 0], [2, 2, 2]]))
        #expect(throws: CoreError("embedding: word 4 is out of range for a vocabulary of 4")) {
            try Recurrent.lookup(e, words: [4])
        }
    }
}

@Suite struct BackpropagationThroughTimeTests {
    /// Runs a fixture sequence with its masks through the core, returning the stacked states.
    private func unroll(_ fixture: RecurrentFixture.Sequence, _ v: Leaves) throws -> Node {
        let masks = fixture.masks.mapValues { Node.constant($0.tensor) }
        var h = v["h0"]
        var c = v[optional: "c0"]
        var states = [Node]()
        let wh = fixture.cell == "lstm" ? try multiply(v["Wh"], masks["weight_mask"]!) : v["Wh"]
        for t in 0..<fixture.steps {
            let x = try Node.apply(.index([.at(t)]), [v["xs"]])
            switch fixture.cell {
            case "rnn":
                h = try Recurrent.rnnCell(
                    x: try multiply(x, masks["x_mask"]!), h: try multiply(h, masks["h_mask"]!), wx: v["Wx"],
                    wh: wh,
                    b: v["b"])
            case "lstm":
                let update = try Node.apply(.index([.at(t)]), [masks["update_masks"]!])
                (h, c) = try Recurrent.lstmCell(
                    x: x, h: h, c: c!, wx: v["Wx"], wh: wh, b: v["b"], updateMask: update)
            default:
                let fresh = try Recurrent.gruCell(x: x, h: h, wx: v["Wx"], wh: wh, bx: v["bx"], bh: v["bh"])
                var random = numpy(0)
                h = try Dropout.zoneout(
                    previous: h, new: fresh, probability: 0.4, isTraining: true,
                    mask: fixture.masks["zoneout_masks"]!.tensor.indexed([.at(t)]), random: &random)
            }
            states.append(h)
        }
        return try Node.apply(.stack(axis: 0), states)
    }

    @Test(arguments: RecurrentFixture.shared.sequences.map(\.name)) func sequenceMatchesNumpy(name: String)
        throws
    {
        let fixture = RecurrentFixture.shared.sequences.first { $0.name == name }!
        let v = Leaves(fixture.inputs)
        let states = try unroll(fixture, v)
        expectClose(states.value, fixture.outputs.tensor)
        let gradients = try weightedSum(states, fixture.lossWeights.tensor).backward()
        #expect(Set(fixture.gradients.keys) == Set(fixture.inputs.keys))
        for (key, expected) in fixture.gradients {
            expectClose(gradients[v[key]]!, expected.tensor)
        }
    }

    @Test(arguments: RecurrentFixture.shared.sequences.map(\.name)) func graphCheckAgreesWithBackward(
        name: String
    ) throws {
        let fixture = RecurrentFixture.shared.sequences.first { $0.name == name }!
        let v = Leaves(fixture.inputs)
        let loss = try weightedSum(try unroll(fixture, v), fixture.lossWeights.tensor)
        let names = fixture.inputs.keys.sorted()
        let result = try GradientCheck.run(output: loss, wrt: names.map { v[$0] })
        #expect(
            result.maxRelativeError < 1e-7,
            "\(zip(names, result.inputs.map(\.relativeError)).map { "\($0) \($1)" })")
    }

    /// The graph check nudges recorded operations the way the interpreter check re-evaluates them.
    @Test func graphCheckEqualsReevaluation() throws {
        let inputs = [sample([3, 2]), sample([2, 2], seed: 2), sample([2]), sample([2], seed: 3)]
        let compute: GradientCheck.Computation = { leaves, random in
            var h = leaves[3]
            for t in 0..<3 {
                let x = try Node.apply(.index([.at(t)]), [leaves[0]])
                let mask = try Dropout.lockedMask(
                    dropProbability: 0.5, shape: [2], isTraining: true, random: &random)
                h = try Recurrent.rnnCell(
                    x: try multiply(x, mask), h: h, wx: leaves[1], wh: leaves[1], b: leaves[2])
            }
            return h
        }
        var random = numpy(4)
        let reevaluated = try GradientCheck.run(inputs: inputs, random: &random, compute)
        random = numpy(4)
        let leaves = inputs.map { Node.constant($0) }
        let output = try compute(leaves, &random)
        let replayed = try GradientCheck.run(output: output, wrt: leaves)
        for (a, b) in zip(reevaluated.inputs, replayed.inputs) {
            #expect(a.analytic == b.analytic)
            #expect(a.numeric == b.numeric)
        }
        #expect(replayed.maxRelativeError < 1e-7)
    }
}

@Suite struct RecurrentWorldsTests {
    /// Cells and variants with dropout inside, the value of one world's computation.
    static var computations: [(String, DropoutCore.Expectation.Computation)] {
        [
            (
                "lstm with dropout on x",
                { random in
                    let x = try Dropout.dropout(
                        .constant(sample([2, 3])), DropoutSettings(dropProbability: 0.4), random: &random)
                    return try Recurrent.lstmCell(
                        x: x, h: .constant(sample([2], seed: 2)), c: .constant(sample([2], seed: 3)),
                        wx: .constant(sample([3, 8], seed: 4)), wh: .constant(sample([2, 8], seed: 5)),
                        b: .constant(sample([8]))
                    ).c.value
                }
            ),
            (
                "gru with a locked mask on h and an update mask",
                { random in
                    let m = try Dropout.lockedMask(
                        dropProbability: 0.5, shape: [2], isTraining: true, random: &random)
                    let d = try Dropout.lockedMask(
                        dropProbability: 0.3, shape: [2], isTraining: true, random: &random)
                    var h = Node.constant(sample([2], seed: 2))
                    for t in 0..<2 {
                        h = try Recurrent.gruCell(
                            x: .constant(sample([2], seed: Double(t))), h: try multiply(h, m),
                            wx: .constant(sample([2, 6], seed: 4)),
                            wh: .constant(sample([2, 6], seed: 5)), bx: .constant(sample([6])),
                            bh: .constant(sample([6], seed: 7)),
                            updateMask: d)
                    }
                    return h.value
                }
            ),
            (
                "rnn with weight drop and zoneout",
                { random in
                    let wh = try Dropout.weightDrop(
                        .constant(sample([2, 2], seed: 5)), dropProbability: 0.5, isVariational: false,
                        isTraining: true,
                        random: &random)
                    var h = Node.constant(sample([2], seed: 2))
                    for t in 0..<2 {
                        let fresh = try Recurrent.rnnCell(
                            x: .constant(sample([3], seed: Double(t))), h: h,
                            wx: .constant(sample([3, 2], seed: 4)),
                            wh: wh, b: .constant(sample([2])))
                        h = try Dropout.zoneout(
                            previous: h, new: fresh, probability: 0.25, isTraining: true, random: &random)
                    }
                    return h.value
                }
            ),
            (
                "embedding dropout looked up",
                { random in
                    let e = try Dropout.embeddingDropout(
                        .constant(sample([5, 2])), dropProbability: 0.5, isTraining: true, random: &random)
                    let variational = try Dropout.weightDrop(
                        .constant(sample([2, 4])), dropProbability: 0.5, isVariational: true,
                        isTraining: true, random: &random)
                    return try Tensor.matmul(
                        try Recurrent.lookup(e, words: [1, 4, 1]).value, variational.value)
                }
            ),
        ]
    }

    @Test(arguments: computations.indices) func batchedWorldsEqualOneWorldAtATime(index: Int) throws {
        let (name, computation) = Self.computations[index]
        let batched = try DropoutCore.Expectation.exact(variance: true, computation)
        let single = try DropoutCore.Expectation.exact(variance: true, chunkSize: 1, computation)
        #expect(batched.bits > 0, "\(name)")
        expectClose(batched.mean, single.mean)
        expectClose(batched.variance!, single.variance!)
        // And by hand: every outcome through the ordinary (unbatched) path, weighted by its probability.
        var discovery: any RandomSource = RecordingSource(DiscoverySource())
        _ = try computation(&discovery)
        let requests = (discovery as! RecordingSource).recorded.map(\.request)
        var mean: Tensor?
        for outcome in 0..<(1 << batched.bits) {
            var bit = 0
            var probability = 1.0
            var masks = [Tensor]()
            for case .bernoulli(let keep, let shape) in requests {
                masks.append(
                    Tensor(
                        shape: shape,
                        scalars: (0..<shape.elementCount).map { _ in
                            defer { bit += 1 }
                            let one = (outcome >> bit) & 1 == 1
                            probability *= one ? keep : 1 - keep
                            return one ? 1 : 0
                        }))
            }
            var given: any RandomSource = GivenMasksSource(masks)
            let value = try computation(&given).map { $0 * probability }
            mean = try mean.map { try $0 + value } ?? value
        }
        expectClose(batched.mean, mean!)
    }
}
