/// The recurrent cells of docs/language.md: one time step of an RNN, an LSTM or a GRU.
///
/// Each cell is composed of primitives (`@`, `+`, `*`, `sigmoid`, `tanh`, slicing along the last
/// axis), so its backward pass and its explanations come from theirs; the cell's output node
/// carries the gates and the new state as trace steps. Inputs are row vectors or batches of
/// them: `x` is `[in]` or `[batch, in]`, `h` and `c` are `[n]` or `[batch, n]`, `Wx` is
/// `[in, k*n]`, `Wh` is `[n, k*n]`, biases `[k*n]`, with k gates side by side in `Wx`'s columns.
public enum Recurrent {
    /// One step of a plain RNN: `h' = tanh(x @ Wx + h @ Wh + b)` (PyTorch's `RNNCell`).
    public static func rnnCell(x: Node, h: Node, wx: Node, wh: Node, b: Node) throws -> Node {
        let cell = try CellLayout("rnn_cell", gates: 1, x: x, h: h, wx: wx, wh: wh, biases: [("b", b)])
        let a = try cell.preactivation(x: x, h: h, wx: wx, wh: wh, b: b, name: "a")
        let next = try Node.apply(.unary(.tanh), [a])
        let steps = [
            TraceStep(
                "a", Formula(cell.preactivationFormula(x: x, h: h, wx: wx, wh: wh, b: b)), .tensor(a.value)),
            TraceStep("h'", "tanh(a)", .tensor(next.value)),
        ]
        return next.composite("rnn_cell", steps: steps)
    }

    /// One step of an LSTM (Zaremba et al.'s equations, gates in the order i, f, o, g).
    ///
    /// ```
    /// a = x @ Wx + h @ Wh + b            split along the last axis into four blocks of n
    /// i, f, o = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o);  g = tanh(a_g)
    /// c' = f * c + i * g                 (i * (g * update_mask) with Semeniuta's recurrent dropout)
    /// h' = o * tanh(c')
    /// ```
    ///
    /// - Parameter updateMask: a scaled mask multiplied into the candidate `g` only, so the
    ///   memory `f * c` is never dropped (Semeniuta et al. 2016); `nil` for none.
    /// - Returns: the new hidden state (carrying the trace) and the new memory cell.
    public static func lstmCell(
        x: Node, h: Node, c: Node, wx: Node, wh: Node, b: Node, updateMask: Node? = nil
    ) throws -> (h: Node, c: Node) {
        let cell = try CellLayout("lstm_cell", gates: 4, x: x, h: h, wx: wx, wh: wh, biases: [("b", b)])
        try cell.checkState(c, name: "c", like: h)
        try cell.checkMask(updateMask)
        let a = try cell.preactivation(x: x, h: h, wx: wx, wh: wh, b: b, name: "a")
        let i = try Node.apply(.unary(.sigmoid), [try cell.gate(0, of: a)]).innerNamed("i")
        let f = try Node.apply(.unary(.sigmoid), [try cell.gate(1, of: a)]).innerNamed("f")
        let o = try Node.apply(.unary(.sigmoid), [try cell.gate(2, of: a)]).innerNamed("o")
        let g = try Node.apply(.unary(.tanh), [try cell.gate(3, of: a)]).innerNamed("g")
        var steps = [
            TraceStep(
                "a", Formula(cell.preactivationFormula(x: x, h: h, wx: wx, wh: wh, b: b)), .tensor(a.value)),
            TraceStep("i", "sigmoid(\(cell.gateSlice(0, "a")))", .tensor(i.value)),
            TraceStep("f", "sigmoid(\(cell.gateSlice(1, "a")))", .tensor(f.value)),
            TraceStep("o", "sigmoid(\(cell.gateSlice(2, "a")))", .tensor(o.value)),
            TraceStep("g", "tanh(\(cell.gateSlice(3, "a")))", .tensor(g.value)),
        ]
        var update = g
        if let updateMask {
            update = try Node.apply(.binary(.multiply), [g, updateMask]).innerNamed("d(g)")
            steps.append(TraceStep("m", "update_mask \(updateMask.reference([]))", .mask(updateMask.value)))
            steps.append(TraceStep("d(g)", "g * m", .tensor(update.value)))
        }
        let kept = try Node.apply(.binary(.multiply), [f, c]).innerNamed("f * c")
        let written = try Node.apply(.binary(.multiply), [i, update]).innerNamed(
            updateMask == nil ? "i * g" : "i * d(g)")
        let nextC = try Node.apply(.binary(.add), [kept, written]).innerNamed("c'")
        let squashed = try Node.apply(.unary(.tanh), [nextC]).innerNamed("tanh(c')")
        let nextH = try Node.apply(.binary(.multiply), [o, squashed])
        steps.append(
            TraceStep(
                "c'", "f * \(c.reference([])) + i * \(updateMask == nil ? "g" : "d(g)")", .tensor(nextC.value)
            ))
        steps.append(TraceStep("h'", "o * tanh(c')", .tensor(nextH.value)))
        return (nextH.composite("lstm_cell", steps: steps), nextC)
    }

    /// One step of a GRU as PyTorch's `GRUCell` computes it, gates in the order r, z, n.
    ///
    /// ```
    /// ax = x @ Wx + bx;  ah = h @ Wh + bh      each split into three blocks of n
    /// r = sigmoid(ax_r + ah_r);  z = sigmoid(ax_z + ah_z)
    /// n = tanh(ax_n + r * ah_n)
    /// h' = (1 - z) * n + z * h                 ((1 - z) * (n * update_mask) with recurrent dropout)
    /// ```
    public static func gruCell(
        x: Node, h: Node, wx: Node, wh: Node, bx: Node, bh: Node, updateMask: Node? = nil
    ) throws -> Node {
        let cell = try CellLayout(
            "gru_cell", gates: 3, x: x, h: h, wx: wx, wh: wh, biases: [("bx", bx), ("bh", bh)])
        try cell.checkMask(updateMask)
        let ax = try Node.apply(.binary(.add), [try Node.apply(.matmul, [x, wx]).innerNamed("x @ Wx"), bx])
            .innerNamed(
                "ax")
        let ah = try Node.apply(.binary(.add), [try Node.apply(.matmul, [h, wh]).innerNamed("h @ Wh"), bh])
            .innerNamed(
                "ah")
        let r = try Node.apply(
            .unary(.sigmoid),
            [try Node.apply(.binary(.add), [try cell.gate(0, of: ax), try cell.gate(0, of: ah)])]
        ).innerNamed("r")
        let z = try Node.apply(
            .unary(.sigmoid),
            [try Node.apply(.binary(.add), [try cell.gate(1, of: ax), try cell.gate(1, of: ah)])]
        ).innerNamed("z")
        let reset = try Node.apply(.binary(.multiply), [r, try cell.gate(2, of: ah)]).innerNamed("r * ah_n")
        let n = try Node.apply(
            .unary(.tanh), [try Node.apply(.binary(.add), [try cell.gate(2, of: ax), reset])]
        ).innerNamed("n")
        let (xName, hName) = (x.reference([]), h.reference([]))
        var steps = [
            TraceStep("ax", "\(xName) @ \(wx.reference([])) + \(bx.reference([]))", .tensor(ax.value)),
            TraceStep("ah", "\(hName) @ \(wh.reference([])) + \(bh.reference([]))", .tensor(ah.value)),
            TraceStep(
                "r", "sigmoid(\(cell.gateSlice(0, "ax")) + \(cell.gateSlice(0, "ah")))", .tensor(r.value)),
            TraceStep(
                "z", "sigmoid(\(cell.gateSlice(1, "ax")) + \(cell.gateSlice(1, "ah")))", .tensor(z.value)),
            TraceStep(
                "n", "tanh(\(cell.gateSlice(2, "ax")) + r * \(cell.gateSlice(2, "ah")))", .tensor(n.value)),
        ]
        var candidate = n
        if let updateMask {
            candidate = try Node.apply(.binary(.multiply), [n, updateMask]).innerNamed("d(n)")
            steps.append(TraceStep("m", "update_mask \(updateMask.reference([]))", .mask(updateMask.value)))
            steps.append(TraceStep("d(n)", "n * m", .tensor(candidate.value)))
        }
        let keep = try Node.apply(.binary(.subtract), [Node.constant(Tensor(1)), z]).innerNamed("1 - z")
        let written = try Node.apply(.binary(.multiply), [keep, candidate]).innerNamed(
            updateMask == nil ? "(1 - z) * n" : "(1 - z) * d(n)")
        let carried = try Node.apply(.binary(.multiply), [z, h]).innerNamed("z * h")
        let nextH = try Node.apply(.binary(.add), [written, carried])
        steps.append(
            TraceStep(
                "h'", "(1 - z) * \(updateMask == nil ? "n" : "d(n)") + z * \(hName)", .tensor(nextH.value)))
        return nextH.composite("gru_cell", steps: steps)
    }
}

/// The sizes one cell call works with, checked against the shapes in docs/language.md.
struct CellLayout {
    /// The cell's name, for messages.
    let cell: String
    /// The number of gate blocks side by side in the weights (k).
    let gates: Int
    /// The input size, `in`.
    let inputs: Int
    /// The number of units, `n`.
    let units: Int
    /// The rank of the pre-activations (1 for a vector step, 2 for a batch).
    let rank: Int
    /// The shape of the new state: `[n]` or `[batch, n]`.
    let outputShape: Shape

    init(_ cell: String, gates: Int, x: Node, h: Node, wx: Node, wh: Node, biases: [(String, Node)]) throws {
        self.cell = cell
        self.gates = gates
        let (xs, hs) = (x.value.shape, h.value.shape)
        guard xs.rank == 1 || xs.rank == 2 else {
            throw CoreError("\(cell): x must be a vector [in] or a batch [batch, in], got shape \(xs)")
        }
        guard hs.rank == 1 || hs.rank == 2 else {
            throw CoreError("\(cell): h must be a vector [n] or a batch [batch, n], got shape \(hs)")
        }
        if xs.rank == 2 && hs.rank == 2 && xs[0] != hs[0] {
            throw CoreError("\(cell): x has a batch of \(xs[0]) rows but h has \(hs[0])")
        }
        inputs = xs[xs.rank - 1]
        units = hs[hs.rank - 1]
        rank = Swift.max(xs.rank, hs.rank)
        outputShape = rank == 2 ? Shape([xs.rank == 2 ? xs[0] : hs[0], units]) : Shape([units])
        let k = gates == 1 ? "n" : "\(gates)*n"
        let sizes =
            "for x with \(inputs) input\(inputs == 1 ? "" : "s") and h with \(units) unit\(units == 1 ? "" : "s")"
        let width = gates * units
        if wx.value.shape != Shape([inputs, width]) {
            throw CoreError(
                "\(cell): Wx must have shape [in, \(k)] = [\(inputs), \(width)] \(sizes), got \(wx.value.shape)"
            )
        }
        if wh.value.shape != Shape([units, width]) {
            throw CoreError(
                "\(cell): Wh must have shape [n, \(k)] = [\(units), \(width)] \(sizes), got \(wh.value.shape)"
            )
        }
        for (name, bias) in biases where bias.value.shape != Shape([width]) {
            throw CoreError(
                "\(cell): \(name) must have shape [\(k)] = [\(width)] \(sizes), got \(bias.value.shape)")
        }
    }

    /// Checks that a state such as `c` has the shape of `h`.
    func checkState(_ state: Node, name: String, like h: Node) throws {
        guard state.value.shape == h.value.shape else {
            throw CoreError(
                "\(cell): \(name) must have the shape of h, \(h.value.shape), got \(state.value.shape)")
        }
    }

    /// Checks that an update mask broadcasts to the cell's output.
    func checkMask(_ mask: Node?) throws {
        guard let mask else { return }
        let fits = (try? Shape.broadcast(mask.value.shape, outputShape, operation: cell)) == outputShape
        guard fits else {
            throw CoreError(
                "\(cell): update_mask of shape \(mask.value.shape) does not broadcast to the new state's shape \(outputShape)"
            )
        }
    }

    /// `x @ Wx + h @ Wh + b`, with its partial sums named for explanations.
    func preactivation(x: Node, h: Node, wx: Node, wh: Node, b: Node, name: String) throws -> Node {
        let input = try Node.apply(.matmul, [x, wx]).innerNamed("x @ Wx")
        let recurrent = try Node.apply(.matmul, [h, wh]).innerNamed("h @ Wh")
        let both = try Node.apply(.binary(.add), [input, recurrent]).innerNamed("x @ Wx + h @ Wh")
        return try Node.apply(.binary(.add), [both, b]).innerNamed(name)
    }

    /// The trace formula of the pre-activation, with the real inputs' names.
    func preactivationFormula(x: Node, h: Node, wx: Node, wh: Node, b: Node) -> String {
        "\(x.reference([])) @ \(wx.reference([])) + \(h.reference([])) @ \(wh.reference([])) + \(b.reference([]))"
    }

    /// Gate block `index` of a pre-activation: columns `index*n ..< (index+1)*n` of the last axis.
    func gate(_ index: Int, of value: Node) throws -> Node {
        let columns = TensorIndex.slice(start: index * units, stop: (index + 1) * units, step: nil)
        let items: [TensorIndex] = value.value.rank == 2 ? [.all, columns] : [columns]
        return try Node.apply(.index(items), [value]).innerNamed(gateSlice(index, value.displayName))
    }

    /// How gate block `index` of `name` is written in the language, e.g. `a[:, 2:4]`.
    func gateSlice(_ index: Int, _ name: String) -> String {
        let columns = "\(index * units):\((index + 1) * units)"
        return rank == 2 ? "\(name)[:, \(columns)]" : "\(name)[\(columns)]"
    }
}

extension Node {
    /// This node again under an inner name of a composite (a gate, a partial sum), so that
    /// explanations read `h'[1] = o[1] * (tanh(c'))[1]`; it is not a label, so `backward`
    /// does not print it.
    func innerNamed(_ name: String) -> Node {
        Node(
            operation, inputs: inputs, value: value, draws: draws, steps: steps, composite: name, label: label
        )
    }

    /// This node again as the output of composite operation `name`, carrying its trace steps.
    func composite(_ name: String, steps: [TraceStep], draws: [Draw] = []) -> Node {
        Node(
            operation, inputs: inputs, value: value, draws: self.draws + draws, steps: steps, composite: name)
    }
}
