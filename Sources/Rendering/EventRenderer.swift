import DropoutCore
import LessonScript
import Notebook

#if canImport(Glibc)
    import Glibc
#endif

/// Turns values, trace events and pictures into the text a learner reads.
///
/// One renderer serves the terminal (with a colour style and the window's width) and plain
/// text (transcripts, `check`, pipes: `.plain` at 80 columns); only the style differs.
public struct EventRenderer: Sendable {
    /// How the learner asked values to be shown.
    public var settings: DisplaySettings
    /// Colour, or none.
    public var style: TerminalStyle
    /// The columns available.
    public var width: Int

    /// A renderer with the given settings, style and width.
    public init(settings: DisplaySettings = DisplaySettings(), style: TerminalStyle = .plain, width: Int = 80)
    {
        self.settings = settings
        self.style = style
        self.width = Swift.max(20, width)
    }

    var formatter: TensorFormatter {
        TensorFormatter(precision: settings.precision, style: settings.usesFractions ? .fraction : .decimal)
    }

    /// A value as the REPL prints it.
    public func render(_ value: Value) -> String {
        switch value {
        case .tensor(let node): return formatter.format(node.value)
        case .tuple(let items):
            // A tuple of whole numbers is a shape (`x.shape`): written [2, 3], as every shape is.
            let integers = items.compactMap { item -> String? in
                guard case .tensor(let node) = item, node.value.rank == 0, !node.value.isBatched,
                    let x = node.value.scalars.first, x == x.rounded(), Swift.abs(x) < 1e15
                else { return nil }
                return String(Int(x))
            }
            if !items.isEmpty && integers.count == items.count {
                return "[" + integers.joined(separator: ", ") + "]"
            }
            let parts = items.map(render)
            return "(" + parts.joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .string(let text): return "'" + text + "'"
        case .function(let callable): return callable.description
        case .none: return "none"
        }
    }

    /// The text for one event, or `nil` when it shows nothing.
    ///
    /// - Parameter resultName: the name the statement bound the value to, used for the result
    ///   step of a trace record that made exactly that value (`z = x * mask * scale`).
    public func render(_ event: TraceEvent, resultName: (Node) -> String? = { _ in nil }) -> String? {
        switch event {
        case .statementStarted, .statementFinished:
            return nil
        case .record(let node):
            return settings.showsTrace ? renderSteps(node.steps, resultName: resultName(node)) : nil
        case .printed(let values):
            return values.map { value in
                if case .string(let text) = value { return text }
                return render(value)
            }.joined(separator: " ")
        case .picture(let picture):
            return render(picture)
        case .gradients(let gradients):
            return renderGradients(gradients)
        case .explanation(let explanation):
            return explanation.lines(width: width, numbers: number).joined(separator: "\n")
        case .check(let report):
            return renderCheck(report)
        case .estimate(let estimate):
            let se = estimate.standardError.scalars
            let seText =
                se.count == 1 ? Explanation.number(se[0]) : "up to " + Explanation.number(se.max() ?? 0)
            return "mc: \(estimate.samples) samples, standard error \(seText)"
        case .enumerated(let bits):
            return settings.showsTrace
                ? "expect: \(bits) Bernoulli draw\(bits == 1 ? "" : "s"), \(1 << bits) outcome\(bits == 0 ? "" : "s") enumerated exactly"
                : nil
        case .gradientCheck(let result, let names):
            let parts = zip(names, result.inputs).map { "\($0): \(scientific($1.relativeError))" }
            let line =
                "gradcheck: relative error " + parts.joined(separator: ", ")
                + " (max \(scientific(result.maxRelativeError)))"
            // Many inputs: one per line, so the report stays within the width.
            guard line.count > width else { return line }
            return
                (["gradcheck: relative error (max \(scientific(result.maxRelativeError)))"]
                + parts.map { "  " + $0 })
                .joined(separator: "\n")
        case .note(let text):
            return text
        case .call:
            // A call holds other events; StepRenderer lays them out under it.
            return nil
        }
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
        let indent = String(repeating: " ", count: displayWidth(of: lhs) + 3)
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
    /// The string padded with spaces on the right to `length` terminal columns.
    public func padding(toLength length: Int) -> String {
        let used = displayWidth(of: self)
        return used >= length ? self : self + String(repeating: " ", count: length - used)
    }
}
