/// The REPL's commands (SPEC section 5), each with its help line.
enum REPLCommand: String, CaseIterable {
    case lessons, load, next, step, back, run, goto, `where`, reset, vars, show, mask, grad
    case trace, precision, format, seed, mode, hint, reveal, save, help, quit

    /// Short forms.
    static let aliases: [String: REPLCommand] = [
        "n": .next, "s": .step, "b": .back, "q": .quit, "l": .load, "h": .help, "exit": .quit,
    ]

    /// The command named by `word` (without its colon), if any.
    init?(word: String) {
        if let command = REPLCommand(rawValue: word) ?? REPLCommand.aliases[word] {
            self = command
        } else {
            return nil
        }
    }

    /// How it is typed.
    var usage: String {
        switch self {
        case .load: ":load ID|PATH"
        case .goto: ":goto N"
        case .show: ":show NAME"
        case .mask: ":mask NAME"
        case .grad: ":grad NAME"
        case .trace: ":trace on|off"
        case .precision: ":precision N"
        case .format: ":format decimal|fraction"
        case .seed: ":seed N"
        case .mode: ":mode train|eval"
        case .save: ":save FILE"
        case .help: ":help [NAME]"
        case .next: ":next / :n  (or Enter on an empty line)"
        case .step: ":step / :s"
        case .back: ":back / :b"
        case .quit: ":quit / :q  (or Ctrl-D)"
        default: ":" + rawValue
        }
    }

    /// One line of help.
    var summary: String {
        switch self {
        case .lessons: "list lessons with your progress"
        case .load: "open a lesson (resumes where you left off)"
        case .next: "run the next cell"
        case .step: "run the next statement only"
        case .back: "undo the last step: variables, random state and position restored"
        case .run: "run until the next exercise or the end"
        case .goto: "restart and run up to step N"
        case .where: "show the position in the lesson"
        case .reset: "restart the lesson"
        case .vars: "variables with shapes and a preview"
        case .show: "print a variable in full"
        case .mask: "draw a variable as a mask grid"
        case .grad: "a variable's gradient from the last backward"
        case .trace: "show or hide the inner steps of dropout and friends"
        case .precision: "digits after the decimal point"
        case .format: "print numbers as decimals or exact fractions"
        case .seed: "reseed the generator (as numpy's np.random.seed)"
        case .mode: "switch dropout between training and inference"
        case .hint: "a hint for the current exercise"
        case .reveal: "show the answer to the current exercise"
        case .save: "write the session so far as a Markdown lesson"
        case .help: "commands, or help on a function"
        case .quit: "leave (history and progress are saved)"
        }
    }
}
