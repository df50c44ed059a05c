import DropoutCore
import LessonScript

/// Collects the events of a statement run by the language itself.
final class EventBox {
    var events: [TraceEvent] = []
}

/// Loops: the record of a loop holds no per-statement values, so the translator runs the
/// loop's first iteration itself, in the language, over the variables' recorded values. What
/// that run binds gives the shapes, the graphs `backward` walks and the outcome counts of
/// `expect` inside the body. (The numbers it draws are its own and never reach the code.)
extension NumpyTranslator {
    /// A language evaluator over the variables the translator knows.
    func firstRunEvaluator() -> Evaluator {
        var environment = Environment()
        environment.isTraining = isTraining
        for (name, variable) in variables {
            if let value = variable.value { environment.variables[name] = value }
        }
        return Evaluator(environment: environment)
    }

    /// Binds the loop variable to the sequence's first item in the first run; false when the
    /// first run cannot follow (an empty sequence, an error).
    mutating func startFirstRun(_ variable: String, _ sequence: Expression) -> Bool {
        var evaluator = firstRun ?? firstRunEvaluator()
        let text = "\(variable) = (\(self.text(sequence.range)))[0]"
        guard let statements = try? Parser.parse(text), statements.count == 1,
            (try? evaluator.execute(statements[0], in: text)) != nil
        else { return false }
        if let value = evaluator.environment.variables[variable] {
            variables[variable]?.value = value
            variables[variable]?.isFirstRun = true
        }
        firstRun = evaluator
        return true
    }

    /// Runs a body statement once in the first run, before translating it, so that its events
    /// (outcome counts, gradients) are known; returns what to store once it is translated.
    mutating func runFirst(_ statement: Statement) -> [String: Value] {
        guard var evaluator = firstRun else { return [:] }
        let box = EventBox()
        evaluator.onEvent = { box.events.append($0) }
        let before = evaluator.environment.variables
        if (try? evaluator.execute(statement, in: source)) == nil {
            firstRun = nil
            return [:]
        }
        evaluator.onEvent = { _ in }
        firstRun = evaluator
        collectPending(from: box.events)
        var changed = [String: Value]()
        for (name, value) in evaluator.environment.variables {
            if case .tensor(let new) = value, case .tensor(let old)? = before[name], new === old { continue }
            changed[name] = value
        }
        return changed
    }

    /// After a loop, its whole run in the language gives the values it left: the session's own
    /// numbers when the loop draws nothing, else the right shapes and graphs with other draws
    /// (marked, so that only their structure is used).
    mutating func runWhole(_ loop: Statement, over before: [String: Variable]) {
        let draws = drawSites(in: loop) > 0
        let after = variables
        variables = before
        var evaluator = firstRunEvaluator()
        variables = after
        guard (try? evaluator.execute(loop, in: source)) != nil else { return }
        for (name, value) in evaluator.environment.variables {
            if case .tensor(let new) = value, case .tensor(let old)? = before[name]?.value, new === old {
                continue
            }
            variables[name]?.value = value
            variables[name]?.isFirstRun = draws
        }
    }

    /// How many calls in a statement may draw.
    func drawSites(in statement: Statement) -> Int {
        switch statement.kind {
        case .expression(let e): return drawSites(e)
        case .assignment(let targets, let e):
            let indices = targets.map { target -> Int in
                guard case .subscript(_, let items, _) = target else { return 0 }
                return items.map { item in
                    switch item {
                    case .single(let e): return drawSites(e)
                    case .slice(let a, let b, let c, _):
                        return [a, b, c].compactMap { $0 }.map(drawSites).reduce(0, +)
                    }
                }.reduce(0, +)
            }
            return drawSites(e) + indices.reduce(0, +)
        case .forLoop(_, _, let sequence, let body):
            return drawSites(sequence) + body.map { drawSites(in: $0) }.reduce(0, +)
        case .definition: return 0
        case .return(let e): return e.map(drawSites) ?? 0
        }
    }

    /// The events a translation consumes in order: outcome counts, chain rules, gradient checks,
    /// explanations.
    mutating func collectPending(from events: [TraceEvent]) {
        pendingEnumerations = events.compactMap {
            if case .enumerated(let bits) = $0 { return bits } else { return nil }
        }
        pendingGradients = events.compactMap {
            if case .gradients(let g) = $0 { return g } else { return nil }
        }
        pendingGradchecks = events.compactMap {
            if case .gradientCheck(let result, let names) = $0 { return (result, names) } else { return nil }
        }
        pendingExplanations = events.compactMap {
            if case .explanation(let e) = $0 { return e.line } else { return nil }
        }
    }

    /// Stores the first run's values for the names a body statement bound.
    mutating func storeFirstRun(_ changed: [String: Value]) {
        for (name, value) in changed {
            if variables[name] == nil {
                bind(name, python: PyNames.python(name), type: .unknown, value: value)
                variables[name]?.isFirstRun = true
            } else {
                variables[name]?.value = value
                variables[name]?.isFirstRun = true
                if case .tensor(let node) = value,
                    variables[name]?.type == .unknown || variables[name]?.type == .array(nil)
                {
                    variables[name]?.type = .tensor(rank: node.value.rank)
                }
                if case .string = value { variables[name]?.type = .string }
            }
            registerMask(of: value)
            registerDraws(in: value)
        }
    }
}
