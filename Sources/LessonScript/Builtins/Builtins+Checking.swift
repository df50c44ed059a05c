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
            let tolerance = try args.number("tol", default: 1e-9)
            guard tolerance >= 0 else {
                throw args.error(
                    "tol must be a number of at least 0, got \(Explanation.number(tolerance))", at: "tol")
            }
            let report = try compare(
                try args.tensor("actual"), try args.tensor("expected"), tolerance: tolerance)
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
    ///
    /// One pass, without copying either tensor; Ctrl-C is polled as it goes.
    public static func compare(_ actual: Tensor, _ expected: Tensor, tolerance: Double) throws -> CheckReport
    {
        var report = CheckReport(
            actual: actual, expected: expected, tolerance: tolerance, mismatches: Mismatches(),
            maxDifference: 0)
        guard actual.shape == expected.shape || expected.elementCount == 1 || actual.elementCount == 1 else {
            report.shapeProblem = "shapes differ: \(actual.shape) and \(expected.shape)"
            return report
        }
        guard !actual.isBatched, !expected.isBatched else {
            throw CoreError("check: cannot compare values that depend on a random draw inside expect or mc")
        }
        let shape = actual.elementCount >= expected.elementCount ? actual.shape : expected.shape
        let count = shape.elementCount
        var offsets = [Int]()
        var total = 0
        var largest = 0.0
        try actual.scalars.withUnsafeBufferPointer { a in
            try expected.scalars.withUnsafeBufferPointer { e in
                let aStep = a.count == 1 ? 0 : 1
                let eStep = e.count == 1 ? 0 : 1
                var start = 0
                while start < count {
                    let end = Swift.min(start + Interruption.stride, count)
                    for offset in start..<end {
                        let x = a[offset * aStep]
                        let y = e[offset * eStep]
                        guard x != y else { continue }
                        let difference = Swift.abs(x - y)
                        if !(x.isNaN && y.isNaN) {
                            largest = Swift.max(largest, difference.isNaN ? .infinity : difference)
                        }
                        if Mismatches.differs(x, y, tolerance) {
                            if offsets.count < Mismatches.stored { offsets.append(offset) }
                            total += 1
                        }
                    }
                    start = end
                    try Interruption.check()
                }
            }
        }
        report.maxDifference = largest
        report.mismatches = Mismatches(
            actual: actual, expected: expected, shape: shape, tolerance: tolerance, offsets: offsets,
            total: total)
        return report
    }
}
