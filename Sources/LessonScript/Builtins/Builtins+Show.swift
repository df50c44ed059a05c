extension Arguments {
    /// Labels given as numbers (`arange(13)`) or strings (`["a", "b"]`), or nil when not given.
    func labels(_ name: String) throws -> [String]? {
        guard let value = values[name] else { return nil }
        if case .tuple(let items) = value, items.allSatisfy({ if case .string = $0 { true } else { false } })
        {
            return items.map { if case .string(let text) = $0 { text } else { "" } }
        }
        guard let node = try Arguments.node(from: value), node.value.rank <= 1 else {
            throw error(
                "\(name) must be a list of numbers or of strings, got \(value.kindDescription)", at: name)
        }
        return node.value.scalars.map(Explanation.number)
    }
}

extension Builtins {
    static let show: [Builtin] = [
        Builtin(
            "trace", group: "show", signature: "trace(on)",
            summary:
                "Show (true) or hide (false) the inner steps of dropout, cells and the like, e.g. inside a loop.",
            parameters: [.required("on", .flag)]
        ) { evaluator, args in
            evaluator.environment.isTracing = try args.flag("on", default: true)
            return .none
        },
        Builtin(
            "print", group: "show", signature: "print(x, ...)",
            summary: "Print values (tensors like numpy, strings as text).",
            parameters: [.optional("values", .rest)]
        ) { evaluator, args in
            evaluator.emit(.printed((args.values["values"].map { [$0] } ?? []) + args.rest))
            return .none
        },
        Builtin(
            "show", group: "show", signature: "show(x)",
            summary: "Draw a tensor: masks as a grid of filled/empty cells, others as a heat map.",
            parameters: [.required("x", .tensor)]
        ) { evaluator, args in
            let name =
                args.expressions["x"].map { evaluator.text($0.range) }
                ?? evaluator.text(args.ranges["x"] ?? args.range)
            evaluator.emit(.picture(.showing(try args.tensor("x"), name: name)))
            return .none
        },
        Builtin(
            "plot", group: "show",
            signature: "plot(y, y2=none, kind=\"line\", labels=none, reference=none, title=none, x=none)",
            summary:
                "A terminal chart: a line of one or two series (e.g. training and validation loss), or bars.",
            details: """
                A line chart puts point i at x = i, or at x[i] when x= gives one value per point
                (increasing). labels= names the bars of kind="bar"; reference= draws a horizontal line.
                """,
            parameters: [
                .required("y", .tensor), .optional("y2", .tensor), .optional("kind", .string),
                .optional("labels", .value),
                .optional("reference", .number), .optional("title", .string), .optional("x", .tensor),
            ]
        ) { evaluator, args in
            let kind =
                try Plot.Kind(rawValue: try args.string("kind", default: "line"))
                ?? { throw args.error("kind must be \"line\" or \"bar\"", at: "kind") }()
            var series = [(label: evaluator.text(args.ranges["y"]!), values: try args.tensor("y").scalars)]
            if args.has("y2") {
                series.append((evaluator.text(args.ranges["y2"]!), try args.tensor("y2").scalars))
            }
            let labels = try args.labels("labels")
            var xValues: [Double]?
            if args.has("x") {
                let x = try args.tensor("x")
                guard kind == .line else {
                    throw args.error("x is for line charts; name bars with labels=", at: "x")
                }
                guard !x.isBatched, x.elementCount == series.map(\.values.count).max(),
                    x.scalars.allSatisfy(\.isFinite),
                    zip(x.scalars, x.scalars.dropFirst()).allSatisfy({ $0 < $1 })
                else {
                    throw args.error(
                        "x must hold one increasing finite value per point (\(series[0].values.count))",
                        at: "x")
                }
                xValues = x.scalars
            }
            let plot = Plot(
                series: series, kind: kind, labels: labels,
                reference: args.has("reference") ? try args.number("reference") : nil,
                title: args.has("title") ? try args.string("title") : nil, xValues: xValues)
            evaluator.emit(.picture(.chart(plot)))
            return .none
        },
    ]
}
