/// Collects rendered text while code runs (a reference, so the evaluator's callback can append).
final class OutputCollector {
    var parts: [String] = []
}

extension Session {
    /// Runs source text, collecting its rendered output; errors are located in the lesson file.
    mutating func run(_ code: String, kind: StepOutput.Kind, prose: [Lesson.Prose], lineOffset: Int)
        -> StepOutput
    {
        let collector = OutputCollector()
        evaluator.onEvent = Session.collecting(into: collector, renderer: EventRenderer(options: options))
        defer { evaluator.onEvent = { _ in } }
        var error: ScriptError?
        do {
            try evaluator.run(code)
        } catch let caught {
            error = caught
        }
        return finish(
            code, kind: kind, prose: prose, collector: collector, error: error, lineOffset: lineOffset)
    }

    /// Runs some statements of a cell (for `step`, or to finish a cell being stepped).
    mutating func runStatements(
        _ cell: Lesson.Cell, _ statements: ArraySlice<Statement>, kind: StepOutput.Kind, prose: [Lesson.Prose]
    ) -> StepOutput {
        let collector = OutputCollector()
        evaluator.onEvent = Session.collecting(into: collector, renderer: EventRenderer(options: options))
        defer { evaluator.onEvent = { _ in } }
        var error: ScriptError?
        var code = [String]()
        for statement in statements {
            code.append(String(statement.range.text(in: cell.code)))
            do {
                _ = try evaluator.execute(statement, in: cell.code)
            } catch let caught {
                error = caught
                break
            }
        }
        return finish(
            cell.code, shown: code.joined(separator: "\n"), kind: kind, prose: prose, collector: collector,
            error: error,
            lineOffset: 0)
    }

    private func finish(
        _ code: String, shown: String? = nil, kind: StepOutput.Kind, prose: [Lesson.Prose],
        collector: OutputCollector,
        error: ScriptError?, lineOffset: Int
    ) -> StepOutput {
        let errorText = error.map {
            DiagnosticRenderer(color: options.usesColor, fileName: nil, lineOffset: lineOffset).render(
                $0, source: code)
        }
        return StepOutput(
            kind: kind, prose: prose, code: shown ?? code, text: collector.parts.joined(separator: "\n"),
            error: error,
            errorText: errorText)
    }

    /// An event handler that renders events and the values of bare expressions into `collector`.
    static func collecting(into collector: OutputCollector, renderer: EventRenderer) -> (TraceEvent) -> Void {
        { event in
            if case .statementFinished(let result) = event {
                if result.name == nil, let value = result.value {
                    collector.parts.append(renderer.render(value))
                }
                return
            }
            if let text = renderer.render(event) { collector.parts.append(text) }
        }
    }
}

extension Session {
    /// The open exercise, if any.
    public var currentExercise: Lesson.Exercise? {
        guard let index = openExercise, let lesson, index < lesson.exercises.count else { return nil }
        return lesson.exercises[index]
    }

    /// Evaluates an expression in a copy of the current state (nothing changes).
    public func evaluateQuietly(_ text: String) throws -> Tensor {
        var copy = evaluator
        copy.onEvent = { _ in }
        let expression = try Parser.parseExpression(text)
        let statement = Statement(.expression(expression), range: expression.range)
        let result = try copy.execute(statement, in: text)
        guard let tensor = result.value.flatMap({ try? Arguments.node(from: $0)?.value }) else {
            throw ScriptError("the answer must be a number or a tensor", at: expression.range)
        }
        return tensor
    }

    /// The exercise's key: the value `dropstep check --update` recorded, else its expression
    /// evaluated in the current state.
    public func answerKey(for exercise: Lesson.Exercise) throws -> Tensor {
        if let recorded = exercise.key { return recorded.value }
        return try evaluatedKey(for: exercise)
    }

    /// Checks a learner's answer to the open exercise.
    public mutating func answer(_ text: String) -> AnswerResult {
        guard let exercise = currentExercise, let index = openExercise else {
            return AnswerResult(isCorrect: false, message: "there is no open exercise; :next moves on")
        }
        let key: Tensor
        do {
            key = try answerKey(for: exercise)
        } catch {
            return AnswerResult(
                isCorrect: false, message: "this exercise's answer key does not evaluate: \(error)")
        }
        let verdict: Verdict
        do {
            verdict = try judge(text, for: exercise, key: key)
        } catch let error as ScriptError {
            return AnswerResult(isCorrect: false, message: DiagnosticRenderer().render(error, source: text))
        } catch {
            return AnswerResult(isCorrect: false, message: "\(error)")
        }
        if verdict.isAccepted {
            takeSnapshot()
            solved.insert(index)
            openExercise = nil
            let value = EventRenderer(options: options).render(.constant(key))
            return AnswerResult(isCorrect: true, message: "✓ \(verdict.message): \(value)")
        }
        var message = "✗ \(verdict.message)."
        if exercise.hint != nil { message += " Type :hint for a hint, or :reveal for the answer." }
        return AnswerResult(isCorrect: false, message: message)
    }

    /// The open exercise's hint.
    public var hint: String? { currentExercise?.hint }

    /// The open exercise's answer key, with its value in the current state.
    public func reveal() -> String? {
        guard let exercise = currentExercise else { return nil }
        guard let key = try? answerKey(for: exercise) else { return "answer: \(exercise.answer)" }
        let value = EventRenderer(options: options).render(.constant(key))
        return value == exercise.answer ? "answer: \(value)" : "answer: \(exercise.answer) = \(value)"
    }
}
