extension Builtins {
    static let show: [Builtin] = [
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
            evaluator.emit(.show(try args.tensor("x"), name: name))
            return .none
        },
        Builtin(
            "plot", group: "show",
            signature: "plot(y, y2=none, kind=\"line\", labels=none, reference=none, title=none)",
            summary:
                "A terminal chart: a line of one or two series (e.g. training and validation loss), or bars.",
            parameters: [
                .required("y", .tensor), .optional("y2", .tensor), .optional("kind", .string),
                .optional("labels", .tensor),
                .optional("reference", .number), .optional("title", .string),
            ]
        ) { evaluator, args in
            let kind =
                try Plot.Kind(rawValue: try args.string("kind", default: "line"))
                ?? { throw args.error("kind must be \"line\" or \"bar\"", at: "kind") }()
            var series = [(label: evaluator.text(args.ranges["y"]!), values: try args.tensor("y").scalars)]
            if args.has("y2") {
                series.append((evaluator.text(args.ranges["y2"]!), try args.tensor("y2").scalars))
            }
            let labels = args.has("labels") ? try args.tensor("labels").scalars.map(Explanation.number) : nil
            let plot = Plot(
                series: series, kind: kind, labels: labels,
                reference: args.has("reference") ? try args.number("reference") : nil,
                title: args.has("title") ? try args.string("title") : nil)
            evaluator.emit(.plot(plot))
            return .none
        },
    ]
}
