extension Builtins {
    static let recurrent: [Builtin] = [
        Builtin(
            "rnn_cell", group: "recurrent",
            summary: "One step of a plain RNN: h' = tanh(x @ Wx + h @ Wh + b).",
            details: """
                x is [in] or [batch, in]; h is [n] or [batch, n]; Wx [in, n]; Wh [n, n]; b [n].
                PyTorch's RNNCell computes the same with its weights transposed (x W_ih^T + h W_hh^T).
                Call it in a loop, h = rnn_cell(xs[t], h, Wx, Wh, b), to unroll through time:
                backward then runs through every step (backpropagation through time).
                """,
            parameters: [
                .required("x", .tensor), .required("h", .tensor), .required("Wx", .tensor),
                .required("Wh", .tensor), .required("b", .tensor),
            ]
        ) { _, args in
            .tensor(
                try Recurrent.rnnCell(
                    x: try args.node("x"), h: try args.node("h"), wx: try args.node("Wx"),
                    wh: try args.node("Wh"), b: try args.node("b")))
        },
        Builtin(
            "lstm_cell", group: "recurrent",
            summary: "One LSTM step, gates i, f, o, g; returns the tuple (h, c): h, c = lstm_cell(...).",
            details: """
                a = x @ Wx + h @ Wh + b, split along the last axis into four blocks of n: i, f, o, g.
                c' = sigmoid(f) * c + sigmoid(i) * tanh(g);  h' = sigmoid(o) * tanh(c').
                Shapes: x [in] or [batch, in]; h and c [n] or [batch, n]; Wx [in, 4*n]; Wh [n, 4*n]; b [4*n].
                update_mask= is Semeniuta et al.'s recurrent dropout: a scaled mask (e.g. locked_mask(p, n))
                multiplied into the candidate only, c' = f * c + i * (g * update_mask), so the memory
                f * c itself is never dropped.
                """,
            parameters: [
                .required("x", .tensor), .required("h", .tensor), .required("c", .tensor),
                .required("Wx", .tensor), .required("Wh", .tensor), .required("b", .tensor),
                .optional("update_mask", .value),
            ]
        ) { _, args in
            let (h, c) = try Recurrent.lstmCell(
                x: try args.node("x"), h: try args.node("h"), c: try args.node("c"), wx: try args.node("Wx"),
                wh: try args.node("Wh"), b: try args.node("b"),
                updateMask: try args.optionalNode("update_mask"))
            return .tuple([.tensor(h), .tensor(c)])
        },
        Builtin(
            "gru_cell", group: "recurrent",
            summary: "One GRU step as PyTorch's GRUCell, gates r, z, n: h' = (1 - z) * n + z * h.",
            details: """
                r = sigmoid(x Wx_r + bx_r + h Wh_r + bh_r), z likewise,
                n = tanh(x Wx_n + bx_n + r * (h Wh_n + bh_n)), h' = (1 - z) * n + z * h,
                where _r, _z, _n are the three blocks of n columns, in that order.
                Shapes: x [in] or [batch, in]; h [n] or [batch, n]; Wx [in, 3*n]; Wh [n, 3*n]; bx, bh [3*n].
                update_mask= drops the candidate only (Semeniuta et al.): h' = (1 - z) * (n * update_mask) + z * h.
                """,
            parameters: [
                .required("x", .tensor), .required("h", .tensor), .required("Wx", .tensor),
                .required("Wh", .tensor), .required("bx", .tensor), .required("bh", .tensor),
                .optional("update_mask", .value),
            ]
        ) { _, args in
            .tensor(
                try Recurrent.gruCell(
                    x: try args.node("x"), h: try args.node("h"), wx: try args.node("Wx"),
                    wh: try args.node("Wh"),
                    bx: try args.node("bx"), bh: try args.node("bh"),
                    updateMask: try args.optionalNode("update_mask")))
        },
        Builtin(
            "locked_mask", group: "recurrent",
            summary: "A dropout mask drawn once, bernoulli(q, shape) / q, to multiply in at every time step.",
            details: """
                Variational dropout (Gal and Ghahramani) and AWD-LSTM's LockedDropout: draw the mask
                before the loop and use the same one at every step, m = locked_mask(p, n); h * m.
                Drawn inside the loop it is a fresh (naive) mask per step. Kept entries are 1/q,
                so the mask already carries inverted dropout's scaling. In eval mode it is all ones.
                """,
            parameters: [
                .required("p", .number), .optional("shape", .shape),
                .optional("training", .flag, "<current mode>"),
            ]
        ) { evaluator, args in
            let shape = try args.shape("shape")
            guard shape.rank >= 1 else {
                throw args.error("shape must have at least one axis, e.g. locked_mask(p, n)", at: "shape")
            }
            return .tensor(
                try Dropout.lockedMask(
                    dropProbability: try args.number("p"), shape: shape,
                    isTraining: try args.flag("training", default: evaluator.environment.isTraining),
                    random: &args.random))
        },
        Builtin(
            "zoneout", group: "recurrent",
            summary: "Each unit keeps its previous value with probability p (Krueger et al.'s zoneout).",
            details: """
                training: mask * h_prev + (1 - mask) * h_new with mask = bernoulli(p, shape), 1 = zoned out.
                Careful: here p is the probability of a 1 in the mask (keeping the OLD value), and
                nothing is rescaled. inference: p * h_prev + (1 - p) * h_new, the expectation.
                mask= gives the 0/1 mask instead of drawing it. Gradients flow back through a zoned-out
                unit unchanged (an identity path to h_prev).
                """,
            parameters: [
                .required("h_prev", .tensor), .required("h_new", .tensor), .required("p", .number),
                .optional("training", .flag, "<current mode>"), .optional("mask", .tensor),
            ]
        ) { evaluator, args in
            .tensor(
                try Dropout.zoneout(
                    previous: try args.node("h_prev"), new: try args.node("h_new"),
                    probability: try args.number("p"),
                    isTraining: try args.flag("training", default: evaluator.environment.isTraining),
                    mask: args.has("mask") ? try args.tensor("mask") : nil, random: &args.random))
        },
        Builtin(
            "embedding_dropout", group: "recurrent",
            summary:
                "Drop whole rows (words) of the embedding matrix E [vocab, dim]; the rest scaled by 1/q.",
            details: """
                The same draws and values as dropout(E, p, axis=0): one uniform per word, kept where u < q.
                Because the matrix is masked before the lookup, a dropped word vanishes at every position
                it occurs (AWD-LSTM's embedded_dropout). words=[3, 1, 3] also looks the rows up, giving
                [len(words), dim], as embedded_dropout(embed, words, p) does.
                """,
            parameters: [
                .required("E", .tensor), .required("p", .number), .optional("words", .tensor),
                .optional("training", .flag, "<current mode>"),
            ]
        ) { evaluator, args in
            let masked = try Dropout.embeddingDropout(
                try args.node("E"), dropProbability: try args.number("p"),
                isTraining: try args.flag("training", default: evaluator.environment.isTraining),
                random: &args.random)
            guard args.has("words") else { return .tensor(masked) }
            evaluator.emit(.record(masked))
            return .tensor(try Recurrent.lookup(masked, words: try args.wordIndices("words")))
        },
        Builtin(
            "embedding", group: "recurrent",
            summary:
                "Look up word vectors: the rows E[w] for each index in words, stacked [len(words), dim].",
            details: """
                The same as multiplying one-hot rows by E, without building them. Gradients go back to
                the rows used, summed where a word occurs more than once. embedding_dropout(E, p,
                words=...) drops words of E before the lookup.
                """,
            parameters: [.required("E", .tensor), .required("words", .tensor)]
        ) { _, args in
            .tensor(try Recurrent.lookup(try args.node("E"), words: try args.wordIndices("words")))
        },
        Builtin(
            "weight_drop", group: "recurrent",
            summary:
                "DropConnect on a hidden-to-hidden matrix, drawn once for the whole sequence (AWD-LSTM).",
            details: """
                Call it once before the loop and use the result at every step. variational=false is
                dropout(W, p): every weight dropped on its own, kept ones scaled by 1/q.
                variational=true is dropout(W, p, axis=1): whole COLUMNS of Wh [n, k*n] are dropped.
                AWD-LSTM's WeightDrop drops whole ROWS of PyTorch's weight_hh; PyTorch stores it as
                [k*n, n] and computes h @ weight_hh.T, while dropstep's Wh is [n, k*n] used as h @ Wh,
                so PyTorch's rows are dropstep's columns: a dropped column j cuts h @ Wh[:, j], the whole
                recurrent input of one gate of one unit. (AWD-LSTM's variational mask is drawn even in eval
                mode; dropstep follows the current mode for both.)
                """,
            parameters: [
                .required("W", .tensor), .required("p", .number), .optional("variational", .flag, "false"),
                .optional("training", .flag, "<current mode>"),
            ]
        ) { evaluator, args in
            .tensor(
                try Dropout.weightDrop(
                    try args.node("W"), dropProbability: try args.number("p"),
                    isVariational: try args.flag("variational", default: false),
                    isTraining: try args.flag("training", default: evaluator.environment.isTraining),
                    random: &args.random))
        },
        Builtin(
            "timegrid", group: "recurrent",
            summary: "Draw masks across time as time-by-unit grids side by side (rows t, columns units).",
            details: """
                Each argument holds one mask per time step: a [T, units] tensor (e.g. M with M[t] = mask
                set in a loop, or stack([m0, m1, m2])) or [T, batch, units]. Nonzero cells are kept (■),
                zeros dropped (□), so scaled masks such as locked_mask's read the same.
                titles=["naive", "locked"] names the panels; by default each is titled by its argument.
                """,
            parameters: [.optional("masks", .rest), .optional("titles", .value)]
        ) { evaluator, args in
            var given = [(value: Value, range: SourceRange)]()
            if let first = args.values["masks"] { given.append((first, args.ranges["masks"] ?? args.range)) }
            given += zip(args.rest, args.restRanges).map { ($0, $1) }
            guard !given.isEmpty else {
                throw args.error("give at least one tensor of masks, e.g. timegrid(M)")
            }
            var titles = given.map { evaluator.text($0.range) }
            if let value = args.values["titles"] {
                let names: [String]
                switch value {
                case .string(let text): names = [text]
                case .tuple(let items):
                    names = try items.map { item in
                        guard case .string(let text) = item else {
                            throw args.error("titles must be a list of strings", at: "titles")
                        }
                        return text
                    }
                default: throw args.error("titles must be a list of strings", at: "titles")
                }
                guard names.count == given.count else {
                    throw args.error("\(names.count) titles for \(given.count) grids", at: "titles")
                }
                titles = names
            }
            var panels = [TimeGridPanel]()
            for (item, title) in zip(given, titles) {
                guard let node = try Arguments.node(from: item.value) else {
                    throw ScriptError(
                        "timegrid: expected a tensor of masks, got \(item.value.kindDescription)",
                        at: item.range)
                }
                guard (1...3).contains(node.value.rank) else {
                    throw ScriptError(
                        "timegrid: expected one mask per time step, [T, units] or [T, batch, units], got shape \(node.value.shape)",
                        at: item.range)
                }
                panels.append(TimeGridPanel(title: title, steps: node.value))
            }
            evaluator.emit(.picture(.timeGrid(panels)))
            return .none
        },
    ]
}

extension Arguments {
    /// The argument as a node, or `nil` when it was not given or is `none`.
    func optionalNode(_ name: String) throws -> Node? {
        guard let value = values[name] else { return nil }
        if case .none = value { return nil }
        return try node(name)
    }

    /// The argument as word indices: whole numbers, one or a list of them.
    func wordIndices(_ name: String) throws -> [Int] {
        let words = try tensor(name)
        let indices = words.scalars.compactMap(WholeNumber.exact)
        guard words.rank <= 1, !words.isBatched, indices.count == words.scalars.count else {
            throw error("\(name) must be a word index or a list of them, e.g. [3, 1, 3]", at: name)
        }
        return indices
    }
}
