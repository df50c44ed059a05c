#if canImport(Glibc)
    import Glibc
#endif

/// How values and trace events are shown as text.
public struct RenderOptions: Sendable {
    /// Digits after the decimal point for tensors (`:precision N`).
    public var precision = 8
    /// Exact fractions where a small denominator fits (`:format fraction`).
    public var usesFractions = false
    /// Whether the inner steps of composite operations and engine notes are shown (`:trace on`).
    public var showsTrace = true
    /// ANSI colour in pictures.
    public var usesColor = false

    /// Default options: precision 8, decimals, trace on, no colour.
    public init(
        precision: Int = 8, usesFractions: Bool = false, showsTrace: Bool = true, usesColor: Bool = false
    ) {
        self.precision = precision
        self.usesFractions = usesFractions
        self.showsTrace = showsTrace
        self.usesColor = usesColor
    }
}

/// Turns values and ``TraceEvent``s into the text a learner reads (no ANSI unless asked).
public struct EventRenderer: Sendable {
    /// The display options.
    public var options: RenderOptions

    /// A renderer with the given options.
    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    var formatter: TensorFormatter {
        TensorFormatter(precision: options.precision, style: options.usesFractions ? .fraction : .decimal)
    }

    /// A value as the REPL prints it.
    public func render(_ value: Value) -> String {
        switch value {
        case .tensor(let node): return formatter.format(node.value)
        case .tuple(let items):
            let parts = items.map(render)
            return "(" + parts.joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .string(let text): return "'" + text + "'"
        case .none: return "none"
        }
    }

    /// The text for one event, or `nil` when it shows nothing.
    public func render(_ event: TraceEvent) -> String? {
        switch event {
        case .statementStarted, .statementFinished:
            return nil
        case .record(let node):
            return options.showsTrace ? renderSteps(node.steps) : nil
        case .printed(let values):
            return values.map { value in
                if case .string(let text) = value { return text }
                return render(value)
            }.joined(separator: " ")
        case .show(let tensor, _):
            if tensor.isMask && tensor.rank <= 4 { return maskGrid(tensor) }
            return heatMap(tensor, colored: options.usesColor)
        case .timeGrid(let panels):
            return timeGrid(panels)
        case .plot(let plot):
            var text = plot.title.map { $0 + "\n" } ?? ""
            switch plot.kind {
            case .line:
                text += lineChart(series: plot.series, reference: plot.reference, xValues: plot.xValues)
            case .bar:
                let values = plot.series[0].values
                text += barChart(labels: plot.labels ?? values.indices.map(String.init), values: values)
            }
            return text
        case .gradients(let gradients):
            return renderGradients(gradients)
        case .explanation(let explanation):
            return explanation.lines().joined(separator: "\n")
        case .check(let report):
            return renderCheck(report)
        case .estimate(let estimate):
            let se = estimate.standardError.scalars
            let seText =
                se.count == 1 ? Explanation.number(se[0]) : "up to " + Explanation.number(se.max() ?? 0)
            return "mc: \(estimate.samples) samples, standard error \(seText)"
        case .enumerated(let bits):
            return options.showsTrace
                ? "expect: \(bits) Bernoulli draw\(bits == 1 ? "" : "s"), \(1 << bits) outcome\(bits == 0 ? "" : "s") enumerated exactly"
                : nil
        case .gradientCheck(let result, let names):
            let parts = zip(names, result.inputs).map { "\($0): \(scientific($1.relativeError))" }
            let line =
                "gradcheck: relative error " + parts.joined(separator: ", ")
                + " (max \(scientific(result.maxRelativeError)))"
            // Many inputs: one per line, so the report stays within 80 columns.
            guard line.count > 80 else { return line }
            return
                (["gradcheck: relative error (max \(scientific(result.maxRelativeError)))"]
                + parts.map { "  " + $0 })
                .joined(separator: "\n")
        case .note(let text):
            return text
        }
    }

    /// `name = formula   value` lines with the names and formulas aligned, as SPEC section 3 shows.
    func renderSteps(_ steps: [TraceStep]) -> String {
        let nameWidth = steps.map(\.name.count).max() ?? 0
        let lefts = steps.map { step -> String in
            let name = step.name.padding(toLength: nameWidth)
            if case .number(let x) = step.value, !step.formula.hasSuffix(Explanation.number(x)) {
                return "\(name) = \(step.formula) = \(Explanation.number(x))"
            }
            return "\(name) = \(step.formula)"
        }
        let leftWidth =
            zip(steps, lefts).filter { if case .number = $0.0.value { return false } else { return true } }
            .map(\.1.count).max() ?? 0
        return zip(steps, lefts).map { step, left in
            switch step.value {
            case .number: return left
            case .mask(let mask):
                return left.padding(toLength: leftWidth) + "  " + maskGridInline(mask, maxColumns: 10)
            case .tensor(let tensor): return left.padding(toLength: leftWidth) + "  " + preview(tensor)
            }
        }.joined(separator: "\n")
    }

    /// A tensor on one line: its first row at precision 3, then `...` when there is more.
    public func preview(_ tensor: Tensor) -> String {
        var short = TensorFormatter(precision: 3, style: options.usesFractions ? .fraction : .decimal)
        short.lineWidth = 10_000
        let lines = short.format(tensor.world(0)).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count > 1 else { return lines.first.map(String.init) ?? "" }
        return lines[0] + " ...]"
    }

    func renderGradients(_ gradients: Gradients) -> String {
        guard let output = gradients.records.first?.node else { return "" }
        let outputName = output.label ?? "y"
        // d(a * b)/dx, not da * b/dx, when the output is an unnamed expression.
        let numerator = output.label == nil ? "y" : output.reference([])
        var lines = ["backward from \(outputName):"]
        for record in gradients.records where EventRenderer.isShownInChainRule(record.node) {
            let lhs = "  d\(numerator)/d\(record.node.reference([]))"
            lines.append(assignment(lhs, formatter.format(record.gradient)))
        }
        return lines.joined(separator: "\n")
    }

    /// Whether `backward` prints a node: results of operations, and leaves that are variables
    /// (not the `randn(3, 4)` inside `W = randn(3, 4) * 0.5`).
    static func isShownInChainRule(_ node: Node) -> Bool {
        guard let label = node.label else { return false }
        if !node.isLeaf { return true }
        return label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            && !(label.first?.isNumber ?? true)
    }

    /// `lhs = value`, with the value's later lines indented under its first.
    public func assignment(_ lhs: String, _ value: String) -> String {
        let indent = String(repeating: " ", count: lhs.count + 3)
        return lhs + " = "
            + value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent)
    }

    func renderCheck(_ report: CheckReport) -> String {
        if let problem = report.shapeProblem { return "✗ check failed: \(problem)" }
        let tol = scientific(report.tolerance)
        if report.passed {
            return "✓ check passed (max difference \(scientific(report.maxDifference)), tol \(tol))"
        }
        var lines = [
            "✗ check failed: \(report.mismatches.count) of \(report.actual.elementCount) elements differ by more than \(tol)"
        ]
        for mismatch in report.mismatches.prefix(10) {
            let index = "[" + mismatch.index.map(String.init).joined(separator: ", ") + "]"
            lines.append(
                "  \(index): got \(Explanation.number(mismatch.actual)), expected \(Explanation.number(mismatch.expected))"
                    + " (difference \(Explanation.number(Swift.abs(mismatch.actual - mismatch.expected))))")
        }
        if report.mismatches.count > 10 { lines.append("  ... and \(report.mismatches.count - 10) more") }
        return lines.joined(separator: "\n")
    }

    /// A small positive number in short scientific form, e.g. `2.3e-11`; zero as `0`.
    public func scientific(_ x: Double) -> String {
        if x == 0 { return "0" }
        if !x.isFinite || x < 1e-300 { return Explanation.number(x) }
        if x >= 1e-3 && x < 1e4 { return Explanation.number((x * 1000).rounded() / 1000) }
        var exponent = Int(log10(x).rounded(.down))
        var mantissa = ((x / pow10(exponent)) * 10).rounded() / 10
        if mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let m = mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(mantissa)
        return "\(m)e\(exponent < 0 ? "-" : "+")\(Swift.abs(exponent) < 10 ? "0" : "")\(Swift.abs(exponent))"
    }

    func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<Swift.abs(n) { result *= 10 }
        return n < 0 ? 1 / result : result
    }
}

extension String {
    /// The string padded with spaces on the right to `length` characters.
    public func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
