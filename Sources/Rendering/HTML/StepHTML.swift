import DropoutCore
import LessonScript
import Notebook
import Plot

/// One step record as HTML: each statement's code, then directly under it what that statement
/// produced (its trace, prints, pictures and reports in order, its value, its error), the
/// same order as the terminal's ``StepRenderer``.
struct StepHTML {
    /// How values are shown (precision, fractions, whether traces show).
    var settings: DisplaySettings

    /// Reports that read as text (checks, estimates, explanations), written as the terminal
    /// writes them without colour.
    var text: EventRenderer { EventRenderer(settings: settings, style: .plain, width: 80) }

    /// Values at the learner's precision, summarised past numpy's threshold.
    var values: TensorHTML {
        TensorHTML(
            formatter: TensorFormatter(
                precision: settings.precision, style: settings.usesFractions ? .fraction : .decimal))
    }

    /// Values inside a trace: three digits and a smaller summary, as the terminal's trace.
    var traceValues: TensorHTML {
        TensorHTML(
            formatter: TensorFormatter(
                precision: 3, style: settings.usesFractions ? .fraction : .decimal, threshold: 120))
    }

    /// The statements of a step, each followed by its outputs.
    func statements(of step: StepRecord) -> [BodyNode] {
        step.statements.map { statement in
            let outputs = outputs(of: statement, in: step)
            return .div(
                .class(outputs.isEmpty ? "stmt" : "stmt has-out"),
                .pre(.class("code"), .code(.raw(CodeHTML.highlight(statement.code)))),
                .if(!outputs.isEmpty, .div(.class("out"), .group(outputs)))
            )
        }
    }

    /// What one statement produced, in order.
    func outputs(of statement: StatementRecord, in step: StepRecord) -> [BodyNode] {
        let bound: DropoutCore.Node? = {
            if case .tensor(let node)? = statement.value, statement.names.count == 1 { return node }
            return nil
        }()
        var nodes = statement.events.compactMap { event in
            render(event, resultName: { $0 === bound ? statement.names.first : nil })
        }
        if statement.echoesValue, let value = statement.value {
            nodes.append(.div(.class("result"), render(value)))
        }
        if let error = statement.error {
            // The terminal's diagnostic, so an error inside a function names the cell defining it.
            let diagnostic = StepRenderer(style: .plain).diagnostic(error, in: step)
            nodes.append(.pre(.class("error"), .attr("role", "note"), .escaped(diagnostic)))
        }
        return nodes
    }

    /// One event, or nil when it shows nothing.
    func render(_ event: TraceEvent, resultName: (DropoutCore.Node) -> String?) -> BodyNode? {
        switch event {
        case .statementStarted, .statementFinished:
            return nil
        case .record(let node):
            guard settings.showsTrace, !node.steps.isEmpty else { return nil }
            return trace(node.steps, resultName: resultName(node))
        case .printed(let values):
            let line = values.map { value in
                if case .string(let text) = value { return text }
                return self.text.render(value)
            }.joined(separator: " ")
            return .pre(.class("printed"), .escaped(line))
        case .picture(let picture):
            return .element(named: "figure", nodes: [.class("picture"), .raw(SVGPicture.render(picture))])
        case .gradients(let gradients):
            return self.gradients(gradients)
        case .check(let report):
            return .pre(
                .class(report.passed ? "report check pass" : "report check fail"),
                .escaped(text.renderCheck(report)))
        case .call(let call):
            return self.call(call)
        default:
            guard let line = text.render(event) else { return nil }
            return .pre(.class("report"), .escaped(line))
        }
    }

    /// A trace record: each step's `name = formula` with its value beside or under it.
    func trace(_ steps: [TraceStep], resultName: String?) -> BodyNode {
        .div(
            .class("trace"),
            .attr("role", "group"),
            .attr("aria-label", "trace"),
            .forEach(steps) { step -> BodyNode in
                let name = step.name == "y" ? (resultName ?? step.name) : step.name
                let formula = step.formula.text(numbers: text.number)
                var lhs = "\(name) = \(formula)"
                let value: BodyNode
                switch step.value {
                case .number(let x):
                    if !formula.hasSuffix(text.number(x)) { lhs += " = " + text.number(x) }
                    value = .empty
                case .mask(let mask):
                    value = .raw(SVGPicture.maskGrid(mask.world(0), name: name, compact: true))
                case .tensor(let tensor):
                    value = traceValues.render(tensor.world(0))
                }
                return .group(
                    .div(.class("trace-lhs"), .code(.escaped(lhs))),
                    .div(.class("trace-value"), value)
                )
            }
        )
    }

    /// `backward from y:` and each gradient as `dy/dx = value`.
    func gradients(_ gradients: Gradients) -> BodyNode? {
        guard let output = gradients.records.first?.node else { return nil }
        let outputName = output.label ?? "y"
        let numerator = output.label == nil ? "y" : output.reference([])
        let shown = gradients.records.filter { EventRenderer.isShownInChainRule($0.node) }
        return .div(
            .class("gradients"),
            .p(.class("report"), .escaped("backward from \(outputName):")),
            .div(
                .class("trace"),
                .forEach(shown) { record -> BodyNode in
                    .group(
                        .div(
                            .class("trace-lhs"),
                            .code(.escaped("d\(numerator)/d\(record.node.reference([])) ="))),
                        .div(.class("trace-value"), values.render(record.gradient))
                    )
                }
            )
        )
    }

    /// A value shown as a statement's result.
    func render(_ value: Value) -> BodyNode {
        switch value {
        case .tensor(let node):
            return values.render(node.value)
        case .tuple(let items):
            // A tuple of numbers reads best as the terminal writes it: `(2, 4)`.
            if items.allSatisfy(\.isShortText) {
                return .div(.class("value scalar"), .code(.escaped(text.render(value))))
            }
            return .div(
                .class("value tuple"),
                .attr("role", "group"),
                .attr("aria-label", "a tuple of \(items.count)"),
                .forEach(items.enumerated()) { index, item in
                    .div(
                        .class("tuple-item"), .span(.class("tuple-index"), .escaped("[\(index)]")),
                        render(item))
                }
            )
        case .string(let text):
            return .div(.class("value scalar"), .code(.escaped("'" + text + "'")))
        case .none, .function:
            return .div(.class("value scalar"), .code(.escaped(text.render(value))))
        }
    }

    /// A call of the learner's function: its events under a `layer(v):` heading, or one line
    /// when folded by `trace(depth=...)`.
    func call(_ call: CallTrace) -> BodyNode? {
        let inner = call.events.compactMap { render($0, resultName: { _ in nil }) }
        guard settings.showsTrace else { return inner.isEmpty ? nil : .div(.class("call"), .group(inner)) }
        if call.isFolded {
            let result: String
            if case .tensor(let node) = call.result {
                result = text.preview(node.value)
            } else {
                result = text.render(call.result)
            }
            return .div(
                .class("call folded"), .pre(.class("report"), .escaped(call.call + " = " + result)),
                .group(inner))
        }
        guard !inner.isEmpty else { return nil }
        return .div(
            .class("call"), .attr("role", "group"), .attr("aria-label", "inside " + call.call),
            .pre(.class("report"), .escaped(call.call + ":")), .group(inner))
    }
}

extension Value {
    /// Whether the value prints on one short line: a number, a string or `none`.
    fileprivate var isShortText: Bool {
        switch self {
        case .tensor(let node): node.value.rank == 0 && node.value.worlds == nil
        case .string, .none, .function: true
        case .tuple: false
        }
    }
}
