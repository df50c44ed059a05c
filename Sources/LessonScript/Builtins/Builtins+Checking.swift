extension Builtins {
    static let checking: [Builtin] = [
        Builtin(
            "check", group: "checking",
            summary:
                "Compare two values elementwise; prints a pass mark or the differing elements, returns 1 or 0.",
            parameters: [
                .required("actual", .tensor), .required("expected", .tensor),
                .optional("tol", .number, "1e-9"),
            ]
        ) { evaluator, args in
            let report = try compare(
                try args.tensor("actual"), try args.tensor("expected"),
                tolerance: try args.number("tol", default: 1e-9))
            evaluator.emit(.check(report))
            return .number(report.passed ? 1 : 0)
        },
        Builtin(
            "explain", group: "checking", usage: "explain(y[i, j], depth=1)",
            summary:
                "Show how one element was computed, with numbers: y[2, 1] = x[2, 1] * mask[2, 1] / q = 8 * 0 / 0.5 = 0.",
            parameters: [.required("element", .expression), .optional("depth", .integer, "1")]
        ) { evaluator, args in
            let expression = try args.expression("element")
            let depth = try args.integer("depth", default: 1)
            guard depth >= 1, depth <= 10 else { throw args.error("depth must be in [1, 10]", at: "depth") }
            var random = args.random
            defer { args.random = random }
            let node: Node
            var index = [Int]()
            if case .index(let base, let items) = expression.kind,
                items.allSatisfy({ if case .single = $0 { return true } else { return false } })
            {
                node = try evaluator.tensorNode(
                    try evaluator.evaluate(base, &random), operation: "explain", range: base.range)
                for (axis, item) in items.enumerated() {
                    guard case .single(let e) = item else { continue }
                    var i = try evaluator.integer(try evaluator.evaluate(e, &random), range: e.range)
                    if axis < node.value.rank && i < 0 { i += node.value.shape[axis] }
                    index.append(i)
                }
            } else {
                node = try evaluator.tensorNode(
                    try evaluator.evaluate(expression, &random), operation: "explain", range: expression.range
                )
                guard node.value.elementCount == 1 else {
                    throw ScriptError(
                        "explain: pick one element, e.g. explain(y[0, 1])", at: expression.range)
                }
                index = [Int](repeating: 0, count: node.value.rank)
            }
            guard !node.value.isBatched else { throw args.error("cannot explain inside expect or mc") }
            let explanation = try evaluator.located(expression.range) {
                try node.explain(at: index, depth: depth)
            }
            evaluator.emit(.explanation(explanation))
            return .none
        },
    ]

    /// Elementwise comparison of two tensors within a tolerance.
    public static func compare(_ actual: Tensor, _ expected: Tensor, tolerance: Double) throws -> CheckReport
    {
        var report = CheckReport(
            actual: actual, expected: expected, tolerance: tolerance, mismatches: [], maxDifference: 0)
        guard actual.shape == expected.shape || expected.elementCount == 1 || actual.elementCount == 1 else {
            report.shapeProblem = "shapes differ: \(actual.shape) and \(expected.shape)"
            return report
        }
        let shape = actual.elementCount >= expected.elementCount ? actual.shape : expected.shape
        let a = try actual.broadcast(to: shape)
        let e = try expected.broadcast(to: shape)
        for (offset, (x, y)) in zip(a.scalars, e.scalars).enumerated() {
            let difference = Swift.abs(x - y)
            let same = x == y || (x.isNaN && y.isNaN)
            if !same {
                report.maxDifference = Swift.max(
                    report.maxDifference, difference.isNaN ? .infinity : difference)
            }
            if !same && !(difference <= tolerance) {
                var rest = offset
                let index = shape.strides.map { stride -> Int in
                    defer { rest %= stride }
                    return rest / stride
                }
                report.mismatches.append((index, x, y))
            }
        }
        return report
    }
}
