import DropoutCore
import LessonScript

extension NumpyBackward {
    /// The chain rule for one `backward`: every gradient, output first, and (when shown) the
    /// lines the trace printed, each as `show("dloss/ds =", dloss_ds)`.
    mutating func chainRule(_ gradients: Gradients, shows: Bool) throws -> [String] {
        let records = gradients.records
        guard let output = records.first?.node else { return [] }
        let outputName = PyNames.identifier(from: output.label ?? "") ?? "y"
        let numerator = output.label == nil ? "y" : output.reference([])
        var position = [ObjectIdentifier: Int]()
        for (i, record) in records.enumerated() { position[ObjectIdentifier(record.node)] = i }
        // Who uses each node, in the order backward visits the users.
        var users = [ObjectIdentifier: [(user: Node, input: Int)]]()
        for record in records {
            for (k, input) in record.node.inputs.enumerated() where position[ObjectIdentifier(input)] != nil {
                users[ObjectIdentifier(input), default: []].append((record.node, k))
            }
        }
        // Only gradients something reads are written: those printed, those of variables
        // (grad(x) reads them), and those on the way to either.
        var needed = Set<ObjectIdentifier>()
        let variableNodes = Set(
            translator.variables.values.compactMap { variable -> ObjectIdentifier? in
                if case .tensor(let node)? = variable.value { return ObjectIdentifier(node) }
                return nil
            })
        for node in output.topologicalOrder() {
            let wanted =
                (shows && EventRenderer.isShownInChainRule(node))
                || variableNodes.contains(ObjectIdentifier(node))
            if wanted || node.inputs.contains(where: { needed.contains(ObjectIdentifier($0)) }) {
                needed.insert(ObjectIdentifier(node))
            }
        }
        if shows { lines.append("show(\"backward from \(output.label ?? "y"):\")") }
        for (i, record) in records.enumerated() where needed.contains(ObjectIdentifier(record.node)) {
            let node = record.node
            let name = gradientName(node, output: outputName, isOutput: i == 0)
            let traceName = "d\(numerator)/d\(node.reference([]))"
            if i == 0 {
                let ones = node.value.rank == 0 ? "1.0" : "np.ones(\(PyLiteral.shape(node.value.shape.dims)))"
                lines.append("\(name) = \(ones)  # \(traceName)")
            } else {
                var terms = [String]()
                for (user, k) in users[ObjectIdentifier(node)] ?? [] {
                    if let term = try contribution(of: user, to: k) { terms.append(term) }
                }
                guard !terms.isEmpty else { throw ExportError("no chain rule reaches \(traceName)") }
                lines.append("\(name) = \(terms.joined(separator: " + "))  # \(traceName)")
            }
            gradient[ObjectIdentifier(node)] = name
            if shows && EventRenderer.isShownInChainRule(node) {
                lines.append("show(\(PyLiteral.string(traceName + " =")), \(name))")
            }
        }
        return lines
    }

    /// `dloss_ds` for a node labelled `s`, `dloss_dnode_2` and the like for the others.
    mutating func gradientName(_ node: Node, output: String, isOutput: Bool) -> String {
        if let label = node.label, let identifier = PyNames.identifier(from: label) {
            return translator.fresh("d\(output)_d\(identifier)")
        }
        let stem = Self.stem(node)
        return translator.fresh("d\(output)_d\(stem.isEmpty ? "node" : stem)")
    }

    /// A word for what a node computes: `product`, `softmax`, `matmul`, ...
    static func stem(_ node: Node) -> String {
        let stem: String
        switch node.operation {
        case .binary(let op):
            stem =
                ["+": "sum", "-": "difference", "*": "product", "/": "quotient", "**": "power"][op.rawValue]
                ?? "comparison"
        case .unary(let f): stem = f == .negate ? "negation" : f.rawValue
        case .matmul: stem = "matmul"
        case .reduce(let r, _, _): stem = r.rawValue
        case .scale: stem = node.composite ?? "masked"
        default: stem = node.operation.name.filter { $0.isLetter }
        }
        return stem.isEmpty ? "node" : stem
    }

    /// `code` summed back to `input`'s shape when `user` broadcast it.
    mutating func reduced(_ code: String, to input: Node, from user: Node) -> String {
        guard input.value.shape != user.value.shape else { return code }
        translator.helpers.insert(.unbroadcast)
        return "unbroadcast(\(code), \(PyLiteral.shape(input.value.shape.dims)))"
    }

    /// What `user` passes back to its input number `k`, or nil when that input gets no gradient.
    mutating func contribution(of user: Node, to k: Int) throws -> String? {
        guard let g = gradient[ObjectIdentifier(user)] else { return nil }
        let input = user.inputs[k]
        switch user.operation {
        case .constant:
            return nil
        case .binary(let op):
            let other = user.inputs[1 - k]
            switch op {
            case .add: return reduced(g, to: input, from: user)
            case .subtract: return reduced(k == 0 ? g : "-\(g)", to: input, from: user)
            case .multiply: return reduced("\(g) * \(try value(of: other))", to: input, from: user)
            case .divide:
                if k == 0 { return reduced("\(g) / \(try value(of: other))", to: input, from: user) }
                let y = try value(of: user)
                return reduced("-(\(g) / \(try value(of: other)) * \(y))", to: input, from: user)
            case .power:
                if k == 0 {
                    let b = try value(of: other)
                    return reduced(
                        "\(g) * (\(b) * \(try value(of: input)) ** (\(b) - 1))", to: input, from: user)
                }
                let base = try value(of: user.inputs[0])
                let y = try value(of: user)
                return reduced(
                    "\(g) * (\(y) * np.where(\(base) > 0, np.log(np.where(\(base) > 0, \(base), 1.0)), 0.0))",
                    to: input, from: user)
            default: return nil
            }
        case .unary(let f):
            let y = try value(of: user)
            switch f {
            case .exp: return "\(g) * \(y)"
            case .log: return "\(g) * (1 / \(try value(of: input)))"
            case .sqrt: return "\(g) * (0.5 / \(y))"
            case .abs: return "\(g) * np.sign(\(try value(of: input)))"
            case .relu: return "\(g) * (\(try value(of: input)) > 0)"
            case .tanh: return "\(g) * (1 - \(y) * \(y))"
            case .sigmoid: return "\(g) * (\(y) * (1 - \(y)))"
            case .negate: return "-\(g)"
            }
        case .matmul:
            return try matmulContribution(user, k, g)
        case .reduce(let r, let axes, _):
            let rank = input.value.rank
            let resolved = (axes ?? Array(0..<rank)).map { $0 < 0 ? $0 + rank : $0 }
            let kept = (0..<rank).map { resolved.contains($0) ? 1 : input.value.shape[$0] }
            let shape = PyLiteral.shape(input.value.shape.dims)
            let spread = "np.broadcast_to(np.reshape(\(g), \(PyLiteral.shape(kept))), \(shape))"
            switch r {
            case .sum: return spread
            case .mean:
                let count = resolved.reduce(1) { $0 * input.value.shape[$1] }
                return "\(spread) / \(count)"
            case .max, .min:
                let y = try value(of: user)
                let hits = "(\(try value(of: input)) == np.reshape(\(y), \(PyLiteral.shape(kept))))"
                return
                    "np.reshape(\(g), \(PyLiteral.shape(kept))) * \(hits) / np.sum(\(hits), axis=\(PyLiteral.shape(resolved)), keepdims=True)"
            case .countNonzero: return nil
            }
        case .reshape:
            return "np.reshape(\(g), \(PyLiteral.shape(input.value.shape.dims)))"
        case .transpose(let perm):
            let rank = input.value.rank
            let order = perm?.map { $0 < 0 ? $0 + rank : $0 } ?? Array((0..<rank).reversed())
            var inverse = [Int](repeating: 0, count: order.count)
            for (i, axis) in order.enumerated() { inverse[axis] = i }
            return "np.transpose(\(g), \(PyLiteral.shape(inverse)))"
        case .index(let items):
            let name = translator.fresh("scattered")
            lines.append("\(name) = np.zeros(\(PyLiteral.shape(input.value.shape.dims)))")
            lines.append("\(name)[\(Self.index(items))] = \(g)")
            return name
        case .replace(let items):
            if k == 1 { return reduced("\(g)[\(Self.index(items))]", to: input, from: user) }
            let name = translator.fresh("cleared")
            lines.append("\(name) = np.array(\(g), dtype=float)")
            lines.append("\(name)[\(Self.index(items))] = 0")
            return name
        case .concat(let axis), .stack(let axis):
            let removes: Bool = { if case .stack = user.operation { return true } else { return false } }()
            let rank = user.value.rank
            let resolved = axis < 0 ? axis + rank : axis
            let start = user.inputs[..<k].reduce(0) { $0 + (removes ? 1 : $1.value.shape[resolved]) }
            var parts = [String](repeating: ":", count: resolved)
            parts.append(removes ? "\(start)" : "\(start):\(start + input.value.shape[resolved])")
            return "\(g)[\(parts.joined(separator: ", "))]"
        case .select(let condition):
            let c = try conditionCode(condition, user)
            let picked = k == 0 ? "np.where(\(c), \(g), 0.0)" : "np.where(\(c), 0.0, \(g))"
            return reduced(picked, to: input, from: user)
        case .clip(let low, let high):
            return
                "\(g) * ((\(try value(of: input)) >= \(PyLiteral.number(low))) & (\(try value(of: input)) <= \(PyLiteral.number(high))))"
        case .softmax(let axis):
            let y = try value(of: user)
            return "\(y) * (\(g) - np.sum(\(g) * \(y), axis=\(axis), keepdims=True))"
        case .scale(let mask, let multiplier, let divisor):
            return Self.scaled(g, try maskCode(mask), multiplier, divisor)
        }
    }

    /// A matrix product's gradients, for the vector and matrix cases.
    mutating func matmulContribution(_ user: Node, _ k: Int, _ g: String) throws -> String? {
        let a = try value(of: user.inputs[0])
        let b = try value(of: user.inputs[1])
        switch (user.inputs[0].value.rank, user.inputs[1].value.rank) {
        case (2, 2): return k == 0 ? "\(g) @ \(b).T" : "\(a).T @ \(g)"
        case (1, 2): return k == 0 ? "\(b) @ \(g)" : "np.outer(\(a), \(g))"
        case (2, 1): return k == 0 ? "np.outer(\(g), \(b))" : "\(a).T @ \(g)"
        case (1, 1): return k == 0 ? "\(g) * \(b)" : "\(g) * \(a)"
        case (let ra, let rb) where ra >= 2 && rb >= 2:
            // Stacks of matrices: the same rule per matrix, summed over any broadcast axes.
            let term = k == 0 ? "\(g) @ np.swapaxes(\(b), -1, -2)" : "np.swapaxes(\(a), -1, -2) @ \(g)"
            return reduced(term, to: user.inputs[k], from: user)
        default:
            throw ExportError("the chain rule of a vector times a stack of matrices has no numpy form yet")
        }
    }
}
