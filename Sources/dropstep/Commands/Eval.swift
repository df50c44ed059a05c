import ArgumentParser
import LessonScript
import Notebook
import Rendering

/// `dropstep eval [-e CODE | FILE] [--json]`: run code and print results.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run code and print results (or JSON Lines with --json).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customShort("e"), help: "The code to run.")
    var code: String?

    @ArgumentParser.Argument(help: "A file of code to run ('-' for standard input).")
    var file: String?

    @Flag(help: "Print one JSON object per top-level statement (see docs/language.md).")
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
        let style: TerminalStyle = global.color.isEnabled(forDescriptor: json ? 2 : 1) ? .ansi : .plain
        let renderer = StepRenderer(
            settings: DisplaySettings(precision: precision, showsTrace: trace), style: style, width: 80)
        let errorStyle: TerminalStyle = global.color.isEnabled(forDescriptor: 2) ? .ansi : .plain
        let json = self.json
        var session = Session()
        let origin = file.map { _ in StepRecord.Origin(path: name, line: 1) }
        let record = session.runProgram(source, origin: origin) { statement, step in
            if json {
                // The objects go to standard output; what the statement drew or printed, to errors.
                var shown = statement
                shown.error = nil
                shown.echoesValue = false
                for line in renderer.outputs(of: shown, in: step) { Output.error(line) }
                for line in JSONLines.lines(for: statement) { Output.line(line) }
                return
            }
            var shown = statement
            shown.error = nil
            for line in renderer.outputs(of: shown, in: step) { Output.line(line) }
            if let error = statement.error {
                Output.error(
                    StepRenderer(style: errorStyle).diagnostic(error, in: step))
            }
        }
        if record.error != nil { throw ExitCode(ExitStatus.failure) }
    }
}
