import DropoutCore
import LessonScript
import Notebook

/// The text the exported numpy code prints for a statement, predicted from its record.
///
/// The exporter stores it as the notebook cell's output; running the notebook must print the
/// same (that is the test that numpy reproduces dropstep's numbers). It covers exactly what the
/// generated code prints: `show` of values, prints and pictures, `check`'s verdict, the
/// standard error of `mc`, the chain rule and a gradient check's verdict.
enum NumpyOutput {
    static let formatter = TensorFormatter()

    /// A value as the `text` helper writes it.
    static func text(_ value: Value) -> String {
        switch value {
        case .tensor(let node): return formatter.format(node.value)
        case .tuple(let items):
            return "(" + items.map(text).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .string(let s): return "'" + s + "'"
        case .none: return "None"
        case .function: return EventRenderer().render(value)
        }
    }

    /// Everything the statement's code prints, each line ending in a newline.
    static func text(of record: StatementRecord) -> String {
        var out = ""
        for event in record.events {
            if let line = text(of: event) { out += line + "\n" }
        }
        if record.echoesValue, let value = record.value, !isGradcheck(record.code) {
            out += text(value) + "\n"
        }
        return out
    }

    static func isGradcheck(_ code: String) -> Bool {
        guard let statements = try? Parser.parse(code), statements.count == 1,
            case .expression(let e) = statements[0].kind, case .call(let callee, _) = e.kind,
            case .name("gradcheck") = callee.kind
        else { return false }
        return true
    }

    static func text(of event: TraceEvent) -> String? {
        switch event {
        case .call(let call):
            let lines = call.events.compactMap { text(of: $0) }
            return lines.isEmpty ? nil : lines.joined(separator: "\n")
        case .printed(let values):
            return values.map { value in
                if case .string(let s) = value { return s }
                return text(value)
            }.joined(separator: " ")
        case .picture(let picture):
            switch picture {
            case .maskGrid(let t, _), .heatMap(let t, _): return formatter.format(t)
            case .chart(let plot):
                return plot.series.map { formatter.format(Tensor($0.values)) }.joined(separator: "\n")
            case .timeGrid(let panels):
                return panels.map { formatter.format($0.steps) }.joined(separator: "\n")
            }
        case .gradients(let gradients):
            guard let output = gradients.records.first?.node else { return nil }
            let numerator = output.label == nil ? "y" : output.reference([])
            var lines = ["backward from \(output.label ?? "y"):"]
            for record in gradients.records where EventRenderer.isShownInChainRule(record.node) {
                lines.append(
                    "d\(numerator)/d\(record.node.reference([])) = " + formatter.format(record.gradient))
            }
            return lines.joined(separator: "\n")
        case .explanation(let explanation):
            return formatter.format(explanation.value)
        case .check(let report):
            return report.passed ? "check passed" : "check failed"
        case .estimate(let estimate):
            return "mc: standard error " + formatter.format(estimate.standardError)
        case .gradientCheck(let result, let names):
            let parts = zip(names, result.inputs).map {
                "\($0): " + ($1.relativeError < 1e-6 ? "below 1e-06" : "1e-06 or more")
            }
            return "gradcheck: relative error " + parts.joined(separator: ", ")
        case .statementStarted, .statementFinished, .record, .enumerated, .note:
            return nil
        }
    }
}
