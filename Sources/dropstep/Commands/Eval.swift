import ArgumentParser
import LessonScript

/// `dropstep eval [-e CODE | FILE] [--json]`: run code and print results.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run code and print results (or JSON Lines with --json).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customShort("e"), help: "The code to run.")
    var code: String?

    @ArgumentParser.Argument(help: "A file of code to run ('-' for standard input).")
    var file: String?

    @Flag(help: "Print one JSON object per top-level statement (SPEC section 7).")
    var json = false

    @Flag(help: "Show the inner steps of dropout and other composite operations.")
    var trace = false

    @Option(help: "Digits after the decimal point.")
    var precision: Int = 8

    func validate() throws {
        if (code == nil) == (file == nil) { throw ValidationError("give either -e CODE or a FILE") }
        if precision < 0 || precision > 17 { throw ValidationError("--precision must be in 0...17") }
    }

    func run() throws {
        let source: String
        let name: String
        if let code {
            source = code
            name = "<code>"
        } else if file == "-" {
            var lines = [String]()
            while let line = readLine(strippingNewline: false) { lines.append(line) }
            source = lines.joined()
            name = "<stdin>"
        } else {
            do {
                source = try SystemFiles.read(file!)
            } catch {
                Output.error("error: \(error)")
                throw ExitCode(ExitStatus.failure)
            }
            name = file!
        }
        let color = global.color.isEnabled(forDescriptor: json ? 2 : 1)
        let renderer = EventRenderer(
            options: RenderOptions(precision: precision, showsTrace: trace, usesColor: color))
        var evaluator = Evaluator()
        let json = self.json
        evaluator.onEvent = { event in
            if case .statementFinished(let result) = event {
                if json {
                    Output.line(JSONLines.encode(result))
                } else if result.name == nil, let value = result.value {
                    Output.line(renderer.render(value))
                }
                return
            }
            guard let text = renderer.render(event) else { return }
            if json { Output.error(text) } else { Output.line(text) }
        }
        do {
            try evaluator.run(source)
        } catch {
            if json {
                Output.line(JSONLines.encode(error))
            } else {
                Output.error(
                    DiagnosticRenderer(
                        color: global.color.isEnabled(forDescriptor: 2), fileName: file == nil ? nil : name
                    ).render(error, source: source))
            }
            throw ExitCode(ExitStatus.failure)
        }
    }
}
