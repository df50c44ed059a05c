extension Builtins {
    static let dropout: [Builtin] = [
        Builtin(
            "dropout", group: "dropout",
            summary:
                "Drop each unit with probability p; kept units are scaled by 1/q in upscale_in_train mode.",
            details: """
                p is the probability of DROPPING a unit; q = 1 - p keeps it.
                upscale_in_train: training x * mask / q, inference x.
                downscale_in_infer: training x * mask, inference x * q.
                The mask is rand(shape) < q, one uniform per element, row-major. With axis, only the
                listed axes get their own mask entries and the mask is shared along the others.
                mask= uses the given 0/1 mask and draws nothing.
                """,
            parameters: [
                .required("x", .tensor), .optional("p", .number, "0.5"),
                .optional("mode", choices: DropoutMode.allCases.map(\.rawValue)),
                .optional("training", .flag, "<current mode>"),
                .optional("axis", .axes), .optional("mask", .tensor),
            ]
        ) { evaluator, args in
            let settings = DropoutSettings(
                dropProbability: try args.number("p", default: 0.5),
                mode: try DropoutMode(
                    named: try args.string("mode", default: DropoutMode.upscaleInTrain.rawValue)),
                isTraining: try args.flag("training", default: evaluator.environment.isTraining),
                axes: try args.axes("axis"),
                mask: args.has("mask") ? try args.tensor("mask") : nil)
            return .tensor(try Dropout.dropout(try args.node("x"), settings, random: &args.random))
        },
        Builtin(
            "gaussian_dropout", group: "dropout",
            summary: "Multiply by noise N(1, p/q): the same mean and variance as inverted dropout.",
            parameters: [
                .required("x", .tensor), .optional("p", .number, "0.5"),
                .optional("training", .flag, "<current mode>"),
            ]
        ) { evaluator, args in
            .tensor(
                try Dropout.gaussian(
                    try args.node("x"), dropProbability: try args.number("p", default: 0.5),
                    isTraining: try args.flag("training", default: evaluator.environment.isTraining),
                    random: &args.random))
        },
        Builtin(
            "alpha_dropout", group: "dropout",
            summary: "Dropout for SELU networks: keeps mean 0 and variance 1 (PyTorch's formula).",
            parameters: [
                .required("x", .tensor), .optional("p", .number, "0.5"),
                .optional("training", .flag, "<current mode>"),
            ]
        ) { evaluator, args in
            .tensor(
                try Dropout.alpha(
                    try args.node("x"), dropProbability: try args.number("p", default: 0.5),
                    isTraining: try args.flag("training", default: evaluator.environment.isTraining),
                    random: &args.random))
        },
        Builtin(
            "train", group: "dropout",
            summary: "Switch dropout to training mode (masks are drawn).",
            parameters: []
        ) { evaluator, _ in
            evaluator.environment.isTraining = true
            evaluator.emit(.note("mode: train"))
            return .none
        },
        Builtin(
            "eval", group: "dropout",
            summary: "Switch dropout to inference mode (no masks).",
            parameters: []
        ) { evaluator, _ in
            evaluator.environment.isTraining = false
            evaluator.emit(.note("mode: eval"))
            return .none
        },
    ]
}
