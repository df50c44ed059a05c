/// Dropout for recurrent networks (docs/language.md, Exact conventions): masks held over a whole sequence,
/// zoneout, and AWD-LSTM's embedding and weight dropout.
extension Dropout {
    /// A scaled dropout mask drawn once, `bernoulli(q, shape) / q`, for the learner to multiply
    /// in at every time step (Gal and Ghahramani's variational dropout, AWD-LSTM's `LockedDropout`).
    ///
    /// In inference, and for `p = 0`, it is all ones; for `p = 1` all zeros. Neither draws.
    public static func lockedMask(
        dropProbability p: Double, shape: Shape, isTraining: Bool, random: inout any RandomSource
    ) throws -> Node {
        try validate(p, "locked_mask")
        let q = 1 - p
        func fixed(_ value: Double, _ why: String) -> Node {
            let mask = Tensor(repeating: value, shape: shape)
            return Node(
                .constant, inputs: [], value: mask, steps: [TraceStep("m", Formula(why), .mask(mask))],
                composite: "locked_mask")
        }
        guard isTraining else { return fixed(1, "ones (inference: every unit is kept)") }
        if p == 0 { return fixed(1, "ones (p = 0 keeps every unit)") }
        if p == 1 { return fixed(0, "zeros (p = 1 drops every unit)") }
        let draw = try random.draw(.bernoulli(keep: q, shape: shape))
        let mask = draw.values.map { $0 / q }
        var steps = [TraceStep]()
        if let u = draw.uniforms {
            steps.append(TraceStep("u", Formula(DrawRequest.uniform(shape).description), .tensor(u)))
            steps.append(TraceStep("mask", "u < q (q = \(number: q))", .mask(draw.values)))
        } else {
            steps.append(TraceStep("mask", "bernoulli(q = \(number: q))", .mask(draw.values)))
        }
        steps.append(TraceStep("m", "mask / q", .tensor(mask)))
        return Node(.constant, inputs: [], value: mask, draws: [draw], steps: steps, composite: "locked_mask")
    }

    /// Zoneout (Krueger et al. 2016): each unit keeps its previous value with probability `p`.
    ///
    /// ```
    /// training:   m * h_prev + (1 - m) * h_new     m = bernoulli(p, shape), 1 = zoned out
    /// inference:  p * h_prev + (1 - p) * h_new
    /// ```
    ///
    /// Note the Bernoulli's probability of a 1 is `p` here: a 1 keeps the old value. `mask`
    /// gives `m` instead of drawing it; `p = 0` and `p = 1` draw nothing.
    public static func zoneout(
        previous: Node, new: Node, probability p: Double, isTraining: Bool, mask given: Tensor? = nil,
        random: inout any RandomSource
    ) throws -> Node {
        try validate(p, "zoneout")
        let shape = try Shape.broadcast(previous.value.shape, new.value.shape, operation: "zoneout")
        let (old, fresh) = (previous.reference([]), new.reference([]))
        guard isTraining else {
            let kept = try Node.apply(.binary(.multiply), [Node.constant(Tensor(p)), previous]).innerNamed(
                "p * h_prev")
            let written = try Node.apply(.binary(.multiply), [Node.constant(Tensor(1 - p)), new])
                .innerNamed("(1 - p) * h_new")
            let y = try Node.apply(.binary(.add), [kept, written])
            let formula: Formula = "p * \(old) + (1 - p) * \(fresh) (inference, p = \(number: p))"
            return y.composite("zoneout", steps: [TraceStep("y", formula, .tensor(y.value))])
        }
        var steps = [TraceStep]()
        var draws = [Draw]()
        let mask: Tensor
        let meaning = "1 keeps the previous value"
        if let given {
            guard given.isMask else { throw CoreError("zoneout: mask must hold only 0 and 1 (\(meaning))") }
            guard (try? Shape.broadcast(given.shape, shape, operation: "zoneout")) == shape else {
                throw CoreError(
                    "zoneout: mask of shape \(given.shape) does not broadcast to the state's shape \(shape)")
            }
            mask = given
            steps.append(TraceStep("mask", "given (\(meaning))", .mask(mask)))
        } else if p == 0 || p == 1 {
            mask = Tensor(repeating: p, shape: shape)
            let why =
                p == 0
                ? "zeros (p = 0: every unit takes its new value)" : "ones (p = 1: every unit keeps its value)"
            steps.append(TraceStep("mask", Formula(why), .mask(mask)))
        } else {
            let draw = try random.draw(.bernoulli(keep: p, shape: shape))
            draws.append(draw)
            mask = draw.values
            if let u = draw.uniforms {
                steps.append(TraceStep("u", Formula(DrawRequest.uniform(shape).description), .tensor(u)))
                steps.append(
                    TraceStep("mask", "u < p (p = \(number: p); \(meaning))", .mask(mask)))
            } else {
                steps.append(
                    TraceStep("mask", "bernoulli(p = \(number: p); \(meaning))", .mask(mask)))
            }
        }
        let zoned = Node(.constant, inputs: [], value: mask, composite: "mask")
        let open = Node(.constant, inputs: [], value: mask.map { 1 - $0 }, composite: "1 - mask")
        let kept = try Node.apply(.binary(.multiply), [zoned, previous]).innerNamed("mask * h_prev")
        let written = try Node.apply(.binary(.multiply), [open, new]).innerNamed("(1 - mask) * h_new")
        let y = try Node.apply(.binary(.add), [kept, written])
        steps.append(TraceStep("y", "mask * \(old) + (1 - mask) * \(fresh)", .tensor(y.value)))
        return y.composite("zoneout", steps: steps, draws: draws)
    }

    /// Embedding dropout (AWD-LSTM's `embedded_dropout`): whole rows (words) of `E [vocab, dim]`
    /// dropped and the rest scaled by 1/q, the same draws and values as `dropout(E, p, axis=0)`.
    ///
    /// A dropped word vanishes at every position it occurs in the sequence.
    public static func embeddingDropout(
        _ e: Node, dropProbability p: Double, isTraining: Bool, random: inout any RandomSource
    ) throws -> Node {
        try validate(p, "embedding_dropout")
        guard e.value.rank == 2 else {
            throw CoreError("embedding_dropout: E must be a matrix [vocab, dim], got shape \(e.value.shape)")
        }
        let settings = DropoutSettings(dropProbability: p, isTraining: isTraining, axes: [0])
        let y = try dropout(e, settings, random: &random)
        // The mask is a column, one entry per word; the trace shows it as one row of words.
        let words = Shape([e.value.shape[0]])
        let steps = y.steps.map { step -> TraceStep in
            switch (step.name, step.value) {
            case ("u", .tensor(let u)) where u.elementCount == words.elementCount:
                return TraceStep("u", step.formula + ", one per word", .tensor(u.withShape(words)))
            case ("mask", .mask(let m)) where m.elementCount == words.elementCount:
                return TraceStep("mask", step.formula, .mask(m.withShape(words)))
            default: return step
            }
        }
        return y.composite("embedding_dropout", steps: steps)
    }

    /// Weight dropout (AWD-LSTM's `WeightDrop`): DropConnect on a hidden-to-hidden matrix, drawn
    /// once per call so one mask holds for the whole sequence.
    ///
    /// `variational: false` is `dropout(W, p)` (every weight on its own); `variational: true` is
    /// `dropout(W, p, axis=1)`, whole columns of `Wh [n, k*n]`, which are the rows of PyTorch's
    /// `weight_hh [k*n, n]` that AWD-LSTM's `_setweights` drops.
    public static func weightDrop(
        _ w: Node, dropProbability p: Double, isVariational: Bool, isTraining: Bool,
        random: inout any RandomSource
    ) throws -> Node {
        try validate(p, "weight_drop")
        if isVariational && w.value.rank != 2 {
            throw CoreError(
                "weight_drop: variational=true needs a matrix W [n, k*n], got shape \(w.value.shape)")
        }
        let settings = DropoutSettings(
            dropProbability: p, isTraining: isTraining, axes: isVariational ? [1] : nil)
        let y = try dropout(w, settings, random: &random)
        return y.composite("weight_drop", steps: y.steps)
    }
}

extension Recurrent {
    /// The rows of `E` for each word index, stacked: `[len(words), dim]` (an embedding lookup).
    public static func lookup(_ e: Node, words: [Int]) throws -> Node {
        guard e.value.rank == 2 else {
            throw CoreError("embedding: E must be a matrix [vocab, dim], got shape \(e.value.shape)")
        }
        guard !words.isEmpty else { throw CoreError("embedding: words must hold at least one index") }
        let vocabulary = e.value.shape[0]
        let rows = try words.map { word -> Node in
            guard word >= 0, word < vocabulary else {
                throw CoreError("embedding: word \(word) is out of range for a vocabulary of \(vocabulary)")
            }
            return try Node.apply(.index([.at(word)]), [e]).innerNamed("E[\(word)]")
        }
        return try Node.apply(.stack(axis: 0), rows)
    }
}
