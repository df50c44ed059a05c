extension Builtins {
    static func elementwise(_ function: Elementwise, _ summary: String) -> Builtin {
        Builtin(
            function.rawValue, group: "math", summary: summary,
            parameters: [.required("x", .tensor)]
        ) { _, args in .tensor(try Node.apply(.unary(function), [try args.node("x")])) }
    }

    static func reduction(_ reduction: Reduction, _ summary: String) -> Builtin {
        Builtin(
            reduction.rawValue, group: "math", summary: summary,
            parameters: [
                .required("x", .tensor), .optional("axis", .axes), .optional("keepdims", .flag, "false"),
            ]
        ) { _, args in
            .tensor(
                try Node.apply(
                    .reduce(
                        reduction, axes: try args.axes("axis"),
                        keepDims: try args.flag("keepdims", default: false)),
                    [try args.node("x")]))
        }
    }

    static let math: [Builtin] = [
        elementwise(.exp, "e to the power x, elementwise."),
        elementwise(.log, "The natural logarithm, elementwise."),
        elementwise(.sqrt, "The square root, elementwise."),
        elementwise(.abs, "The absolute value, elementwise."),
        elementwise(.relu, "max(x, 0), elementwise."),
        elementwise(.tanh, "The hyperbolic tangent, elementwise."),
        elementwise(.sigmoid, "1 / (1 + exp(-x)), elementwise."),
        reduction(.sum, "The sum of the elements (along axis when given)."),
        reduction(.mean, "The mean of the elements (along axis when given)."),
        reduction(.max, "The largest element (along axis when given)."),
        reduction(.min, "The smallest element (along axis when given)."),
        reduction(.countNonzero, "How many elements are not zero (along axis when given)."),
        Builtin(
            "softmax", group: "math",
            summary: "exp(x) / sum(exp(x)) along axis, computed stably.",
            parameters: [.required("x", .tensor), .optional("axis", .integer, "-1")]
        ) { _, args in
            .tensor(
                try Node.apply(.softmax(axis: try args.integer("axis", default: -1)), [try args.node("x")]))
        },
        Builtin(
            "where", group: "math",
            summary: "a where c is nonzero, b elsewhere (all broadcast).",
            parameters: [.required("c", .tensor), .required("a", .tensor), .required("b", .tensor)]
        ) { _, args in
            .tensor(
                try Node.apply(
                    .select(condition: try args.tensor("c")), [try args.node("a"), try args.node("b")]))
        },
        Builtin(
            "clip", group: "math",
            summary: "Every element limited to [lo, hi].",
            parameters: [.required("x", .tensor), .required("lo", .number), .required("hi", .number)]
        ) { _, args in
            let (low, high) = (try args.number("lo"), try args.number("hi"))
            guard low <= high else { throw args.error("lo must not exceed hi") }
            return .tensor(try Node.apply(.clip(low: low, high: high), [try args.node("x")]))
        },
        Builtin(
            "shape", group: "math",
            summary: "The shape of x as a tuple, like x.shape.",
            parameters: [.required("x", .tensor)]
        ) { _, args in .tuple(try args.tensor("x").shape.dims.map { .number(Double($0)) }) },
    ]
}
