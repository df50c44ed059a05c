extension Builtins {
    static let make: [Builtin] = [
        Builtin(
            "zeros", group: "make",
            summary: "A tensor of zeros, e.g. zeros(2, 3) or zeros(x.shape).",
            parameters: [.optional("shape", .shape)]
        ) { _, args in .constant(Tensor(repeating: 0, shape: try args.shape("shape"))) },
        Builtin(
            "ones", group: "make", summary: "A tensor of ones, e.g. ones(4, 3).",
            parameters: [.optional("shape", .shape)]
        ) { _, args in .constant(Tensor(repeating: 1, shape: try args.shape("shape"))) },
        Builtin(
            "full", group: "make",
            summary: "A tensor with every element equal to value.",
            parameters: [.required("value", .number), .optional("shape", .shape)]
        ) { _, args in .constant(Tensor(repeating: try args.number("value"), shape: try args.shape("shape")))
        },
        Builtin(
            "arange", group: "make", usage: "arange(n) / arange(a, b, step=1)",
            summary: "Evenly spaced numbers: arange(4) is [0 1 2 3], arange(1, 13) is 1 to 12.",
            parameters: [.required("a", .number), .optional("b", .number), .optional("step", .number, "1")]
        ) { _, args in
            let (start, stop) =
                args.has("b") ? (try args.number("a"), try args.number("b")) : (0, try args.number("a"))
            let step = try args.number("step", default: 1)
            // Each argument is checked by name, so `arange(0, 0/0)` points at the stop.
            let roles =
                args.has("b")
                ? [("a", "start", start), ("b", "stop", stop), ("step", "step", step)]
                : [("a", "stop", stop), ("step", "step", step)]
            for (parameter, role, value) in roles where !value.isFinite {
                throw args.error(
                    "\(role) must be a finite number, got \(Explanation.number(value))", at: parameter)
            }
            return .constant(try Tensor.arange(start, stop, step: step))
        },
        Builtin(
            "range", group: "make", usage: "range(n) / range(a, b, step=1)",
            summary: "Whole numbers for a loop: range(3) is 0, 1, 2.",
            parameters: [
                .required("a", .integer), .optional("b", .integer), .optional("step", .integer, "1"),
            ]
        ) { _, args in
            let (start, stop) =
                args.has("b") ? (try args.integer("a"), try args.integer("b")) : (0, try args.integer("a"))
            let step = try args.integer("step", default: 1)
            guard step != 0 else { throw args.error("step must not be zero", at: "step") }
            return .constant(
                try Tensor.arange(Double(start), Double(stop), step: Double(step), operation: "range"))
        },
        Builtin(
            "linspace", group: "make",
            summary: "n evenly spaced numbers from a to b inclusive.",
            parameters: [.required("a", .number), .required("b", .number), .required("n", .integer)]
        ) { _, args in
            .constant(
                try Tensor.linspace(try args.number("a"), try args.number("b"), count: try args.integer("n")))
        },
        Builtin(
            "eye", group: "make", summary: "The n by n identity matrix.",
            parameters: [.required("n", .integer)]
        ) { _, args in .constant(try Tensor.eye(try args.integer("n"))) },
        Builtin(
            "reshape", group: "make",
            summary: "The same elements in a new shape; one extent may be -1.",
            parameters: [.required("x", .tensor), .required("shape", .shape)]
        ) { _, args in
            // -1 is allowed here (one extent is inferred); every extent is checked as written.
            let shape = try args.shape("shape", inferred: true)
            return .tensor(try Node.apply(.reshape(shape), [try args.node("x")]))
        },
        Builtin(
            "transpose", group: "make",
            summary: "The axes reversed (or permuted by axes); x.T is the same.",
            parameters: [.required("x", .tensor), .optional("axes", .axes)]
        ) { _, args in .tensor(try Node.apply(.transpose(try args.axes("axes")), [try args.node("x")])) },
        Builtin(
            "concat", group: "make",
            summary: "Tensors joined along an existing axis: concat([a, b], axis=1).",
            parameters: [.required("xs", .tensors), .optional("axis", .integer, "0")]
        ) { _, args in
            .tensor(try Node.apply(.concat(axis: try args.integer("axis", default: 0)), try args.nodes("xs")))
        },
        Builtin(
            "stack", group: "make",
            summary: "Tensors of one shape joined along a new axis.",
            parameters: [.required("xs", .tensors), .optional("axis", .integer, "0")]
        ) { _, args in
            .tensor(try Node.apply(.stack(axis: try args.integer("axis", default: 0)), try args.nodes("xs")))
        },
        Builtin(
            "len", group: "make",
            summary: "The length of the first axis (or of a tuple).",
            parameters: [.required("x", .value)]
        ) { _, args in
            switch args.values["x"]! {
            case .tuple(let items): return .number(Double(items.count))
            case .tensor(let node) where node.value.rank > 0: return .number(Double(node.value.shape[0]))
            case let value:
                throw args.error(
                    "x must be a tensor with at least one axis or a tuple, got \(value.kindDescription)",
                    at: "x")
            }
        },
    ]
}

extension Arguments {
    /// The argument as a list of nodes (a `.tensors` parameter).
    func nodes(_ name: String) throws -> [Node] {
        guard case .tuple(let items)? = values[name] else { throw error("missing argument '\(name)'") }
        guard !items.isEmpty else { throw error("\(name) must hold at least one tensor", at: name) }
        return try items.map { item in
            guard let node = try Arguments.node(from: item) else {
                throw error("\(name) must hold tensors, got \(item.kindDescription)", at: name)
            }
            return node
        }
    }
}
