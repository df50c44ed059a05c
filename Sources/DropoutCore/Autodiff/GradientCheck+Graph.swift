extension GradientCheck {
    /// Compares `backward` with centered differences by re-running a recorded graph.
    ///
    /// For a value built over several statements (a loop through time, say), there is no one
    /// expression to re-evaluate; instead each perturbed value of a node in `wrt` is pushed
    /// forward through every operation downstream of it, in the graph's order. Masks and other
    /// draws are part of the recorded operations, so they are replayed by construction. A
    /// non-scalar output is summed (its nudged outputs are differenced elementwise first).
    ///
    /// - Parameters:
    ///   - output: the checked value.
    ///   - wrt: nodes to nudge, any node of the graph (a leaf or a variable computed earlier);
    ///     a node the output does not depend on gets zero gradients on both sides.
    public static func run(output: Node, wrt: [Node], step h: Double = 1e-5) throws -> GradientCheckResult {
        let loss =
            output.value.elementCount == 1
            ? output : try Node.apply(.reduce(.sum, axes: nil, keepDims: false), [output])
        let gradients = try loss.backward()
        let order = output.topologicalOrder()
        try Interruption.check()
        try checkWork(
            perEvaluation: Double(order.reduce(0) { $0 + $1.value.scalars.count }),
            inputs: wrt.reduce(0) { $0 + $1.value.scalars.count })
        var results = [GradientCheckResult.Input]()
        for node in wrt {
            let key = ObjectIdentifier(node)
            var affected: Set<ObjectIdentifier> = [key]
            let downstream = order.filter { candidate in
                guard candidate !== node,
                    candidate.inputs.contains(where: { affected.contains(ObjectIdentifier($0)) })
                else { return false }
                affected.insert(ObjectIdentifier(candidate))
                return true
            }
            func evaluate(_ value: Tensor) throws -> Tensor {
                guard affected.contains(ObjectIdentifier(output)) else { return output.value }
                var values = [key: value]
                for next in downstream {
                    let inputs = next.inputs.map { values[ObjectIdentifier($0)] ?? $0.value }
                    values[ObjectIdentifier(next)] = try next.operation.forward(inputs)
                }
                return values[ObjectIdentifier(output)]!
            }
            var nudged = node.value
            var numeric = [Double](repeating: 0, count: nudged.scalars.count)
            for e in 0..<numeric.count {
                // Nudged as `run(inputs:)` nudges, so both checks see the same numbers.
                let original = nudged.scalars[e]
                nudged.scalars[e] += h
                let plus = try evaluate(nudged)
                nudged.scalars[e] -= 2 * h
                let minus = try evaluate(nudged)
                nudged.scalars[e] = original
                let change = zip(plus.scalars, minus.scalars).reduce(0.0) { $0 + ($1.0 - $1.1) }
                numeric[e] = change / (2 * h)
            }
            let analytic = gradients[node] ?? Tensor(repeating: 0, shape: node.value.shape)
            let numericTensor = Tensor(shape: node.value.shape, scalars: numeric)
            results.append(
                .init(
                    analytic: analytic, numeric: numericTensor,
                    relativeError: relativeError(analytic, numericTensor)))
        }
        return GradientCheckResult(inputs: results)
    }
}
