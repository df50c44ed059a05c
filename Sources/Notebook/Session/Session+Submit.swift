import DropoutCore
import LessonScript

extension Session {
    /// Takes one complete input (a line, or a block of lines) and decides what it is: Enter on
    /// an empty line (the next step), a `:command`, an answer to the open exercise, or code.
    ///
    /// This is the one place the lesson's rules live: the REPL reads lines and renders what
    /// comes back, and so can any other front end.
    public mutating func submit(_ input: String) -> [SessionReply] {
        let trimmed = input.trimmingCharacters(in: " \t\r\n")
        if trimmed.isEmpty { return enter() }
        if trimmed.hasPrefix(":") { return command(trimmed) }
        if openExercise != nil, isAnswer(input) {
            if let name = bareVariable(input) {
                return [
                    .value(title: name, evaluator.environment.variables[name]!),
                    .notice(.shownNotAnswered(name)),
                ]
            }
            let result = answer(input)
            var replies: [SessionReply] = [.answer(result)]
            if result.isCorrect && isAtEnd { replies += endOfLesson() }
            return replies
        }
        return [.step(execute(input), echoesCode: false)]
    }

    /// Enter on an empty line: the next step, unless an exercise waits for its answer.
    mutating func enter() -> [SessionReply] {
        guard lesson != nil else { return [.notice(.noLesson)] }
        if let index = openExercise { return [.notice(.exerciseWaiting(exercise: index))] }
        return moveOn { $0.next().map { [$0] } ?? [] }
    }

    /// Runs a lesson move, then adds the end of the lesson when the move reached it.
    ///
    /// A lesson whose last step is an exercise ends once that exercise is answered or
    /// skipped, so the summary never appears between a question and its answer.
    mutating func moveOn(_ move: (inout Session) -> [StepRecord]) -> [SessionReply] {
        let wasAtEnd = isAtEnd && openExercise == nil
        let records = move(&self)
        var replies = records.map { SessionReply.step($0, echoesCode: true) }
        if wasAtEnd && records.isEmpty || !wasAtEnd && isAtEnd && openExercise == nil {
            replies += endOfLesson()
        }
        return replies
    }

    /// The lesson's closing prose and summary.
    func endOfLesson() -> [SessionReply] {
        guard let lesson else { return [] }
        return [
            .lessonEnded(
                LessonSummary(
                    lessonID: lesson.id, closingProse: lesson.trailingProse, solved: solved.count,
                    revealed: revealed.subtracting(solved).count, exercises: lesson.exercises.count))
        ]
    }

    /// Whether input typed while an exercise is open is an answer: one bare expression.
    func isAnswer(_ input: String) -> Bool {
        guard let statements = try? Parser.parse(input), statements.count == 1 else { return false }
        if case .expression = statements[0].kind { return true }
        return false
    }

    /// The variable named by `input` alone, if that is all it is.
    func bareVariable(_ input: String) -> String? {
        guard let expression = try? Parser.parseExpression(input), case .name(let name) = expression.kind,
            evaluator.environment.variables[name] != nil
        else { return nil }
        return name
    }

    /// Where the learner is.
    public var positionReport: PositionReport {
        var statements: (run: Int, of: Int)?
        if statementIndex > 0, position < steps.count, case .cell(let cell) = steps[position].kind,
            let parsed = try? Parser.parse(cell.code)
        {
            statements = (statementIndex, parsed.count)
        }
        return PositionReport(
            done: position, steps: steps.count, statements: statements, solved: solved.count,
            exercises: lesson?.exercises.count ?? 0, isTraining: evaluator.environment.isTraining)
    }

    /// Carries out a `:command`.
    mutating func command(_ line: String) -> [SessionReply] {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let word = parts.first ?? ""
        guard let command = SessionCommand(word: word) else {
            let suggestion = closestMatch(to: word, among: SessionCommand.allCases.map(\.rawValue))
            return [.notice(.unknownCommand(word, suggestion: suggestion))]
        }
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: " \t") : ""
        if command.isForFrontEnd { return [.frontEnd(command, argument: argument)] }
        let needsLesson: Set<SessionCommand> = [.next, .step, .run, .goto]
        if needsLesson.contains(command) && lesson == nil { return [.notice(.noLesson)] }
        switch command {
        case .next:
            var replies = [SessionReply]()
            if let index = openExercise { replies.append(.notice(.skipped(exercise: index))) }
            return replies + moveOn { $0.next().map { [$0] } ?? [] }
        case .step:
            var replies = [SessionReply]()
            if let index = openExercise { replies.append(.notice(.skipped(exercise: index))) }
            return replies + moveOn { $0.step().map { [$0] } ?? [] }
        case .run:
            var replies = [SessionReply]()
            if let index = openExercise { replies.append(.notice(.skipped(exercise: index))) }
            return replies + moveOn { $0.runToExercise() }
        case .skip:
            guard let index = openExercise else { return [.notice(.noOpenExercise)] }
            takeSnapshot()
            openExercise = nil
            return [.notice(.skipped(exercise: index))] + (isAtEnd ? endOfLesson() : [])
        case .back:
            return [.notice(back() ? .movedBack(positionReport) : .nothingToUndo)]
        case .goto:
            guard let n = Int(argument) else { return [.notice(.usage(.goto, nil))] }
            guard positions.contains(n) else {
                return [.notice(.gotoOutOfRange(given: n, range: positions))]
            }
            let records = goto(n)
            var report = positionReport
            report.failedCells = records.filter { $0.error != nil }.count
            return [.notice(.movedTo(report))]
        case .where:
            return [.notice(.position(lessonID: lesson?.id, positionReport))]
        case .reset:
            reset()
            return [.notice(.movedTo(positionReport))]
        case .vars:
            let environment = evaluator.environment
            guard !environment.variables.isEmpty else { return [.notice(.noVariables)] }
            return [
                .variables(environment.names.map { NamedValue(name: $0, value: environment.variables[$0]!) })
            ]
        case .show, .mask, .grad:
            return inspect(command, argument)
        case .p:
            guard !argument.isEmpty else { return [.notice(.usage(.p, nil))] }
            do {
                return [.value(title: argument, try evaluateQuietly(argument))]
            } catch {
                return [
                    .step(
                        StepRecord(
                            kind: .code, prose: [], source: argument, origin: nil,
                            statements: [
                                StatementRecord(code: argument, line: 1, error: error)
                            ]), echoesCode: false)
                ]
            }
        case .trace:
            guard argument == "on" || argument == "off" else { return [.notice(.usage(.trace, nil))] }
            display.showsTrace = argument == "on"
            return [.notice(.setting("trace", argument))]
        case .precision:
            guard let n = Int(argument), (0...17).contains(n) else {
                return [.notice(.usage(.precision, nil))]
            }
            display.precision = n
            return [.notice(.setting("precision", argument))]
        case .format:
            guard argument == "decimal" || argument == "fraction" else {
                return [.notice(.usage(.format, nil))]
            }
            display.usesFractions = argument == "fraction"
            return [.notice(.setting("format", argument))]
        case .seed:
            // A recorded move: it runs as code, so a saved session replays it.
            guard let n = UInt32(argument) else { return [.notice(.usage(.seed, nil))] }
            return [.step(execute("seed(\(n))"), echoesCode: true)]
        case .mode:
            guard argument == "train" || argument == "eval" else { return [.notice(.usage(.mode, nil))] }
            return [.step(execute(argument == "train" ? "train()" : "eval()"), echoesCode: true)]
        case .hint:
            guard openExercise != nil else { return [.notice(.noOpenExercise)] }
            return [.notice(.hint(currentExercise?.hint))]
        case .reveal:
            guard let exercise = currentExercise, let index = openExercise else {
                return [.notice(.noOpenExercise)]
            }
            if !solved.contains(index) { revealed.insert(index) }
            return [.notice(.revealed(key: exercise.answer, value: try? answerKey(for: exercise)))]
        case .lessons, .load, .save, .export, .help, .quit:
            return [.frontEnd(command, argument: argument)]
        }
    }

    /// `:show`, `:mask` and `:grad` on a variable.
    func inspect(_ command: SessionCommand, _ name: String) -> [SessionReply] {
        guard !name.isEmpty else { return [.notice(.usage(command, nil))] }
        guard case .tensor(let node)? = evaluator.environment.variables[name] else {
            let suggestion = closestMatch(to: name, among: evaluator.environment.names)
            return [.notice(.unknownVariable(name, suggestion: suggestion))]
        }
        switch command {
        case .mask:
            if let mask = node.drawnMask { return [.picture(.maskGrid(mask, name: name))] }
            return [.notice(.maskFromNonzero(name)), .picture(.maskGrid(node.value, name: name))]
        case .grad:
            guard let gradient = evaluator.environment.lastGradients?[node] else {
                return [.notice(.noGradient(name))]
            }
            return [.value(title: "d/d\(name)", .constant(gradient))]
        default:
            return [.value(title: name, .tensor(node))]
        }
    }
}

extension Node {
    /// The mask drawn by the nearest dropout-like operation this value came from, when one
    /// was drawn with the value's own shape (`h = dropout(relu(x - 5), p=0.2) * 3`).
    var drawnMask: Tensor? {
        var pending = [self]
        var seen = Set<ObjectIdentifier>()
        while !pending.isEmpty {
            let node = pending.removeFirst()
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            if let draw = node.draws.last, draw.values.shape == value.shape { return draw.values }
            pending += node.inputs
        }
        return nil
    }
}

extension String {
    /// The string without the given characters at either end.
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
