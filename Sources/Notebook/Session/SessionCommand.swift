/// The commands a learner types after a colon, each with its help line.
///
/// The session carries out those that move through the lesson or change its state; the
/// front end carries out those that touch files or the terminal (``isForFrontEnd``).
public enum SessionCommand: String, CaseIterable, Sendable {
    case lessons, load, next, step, back, run, goto, `where`, reset, vars, show, mask, grad, p
    case trace, precision, format, seed, mode, hint, reveal, skip, save, export, history, edit, help, quit

    /// Short forms.
    public static let aliases: [String: SessionCommand] = [
        "n": .next, "s": .step, "b": .back, "q": .quit, "l": .load, "h": .help, "exit": .quit,
    ]

    /// The command named by `word` (without its colon), if any.
    public init?(word: String) {
        if let command = SessionCommand(rawValue: word) ?? SessionCommand.aliases[word] {
            self = command
        } else {
            return nil
        }
    }

    /// How it is typed.
    public var usage: String {
        switch self {
        case .load: ":load ID|PATH"
        case .goto: ":goto N"
        case .p: ":p EXPR"
        case .show: ":show NAME"
        case .mask: ":mask NAME"
        case .grad: ":grad NAME"
        case .trace: ":trace on|off"
        case .precision: ":precision N"
        case .format: ":format decimal|fraction"
        case .seed: ":seed N"
        case .mode: ":mode train|eval"
        case .save: ":save FILE"
        case .export: ":export FILE (.html, .ipynb or .py)"
        case .history: ":history [N]"
        case .edit: ":edit [N]"
        case .help: ":help [NAME] / ?NAME"
        case .next: ":next / :n"
        case .step: ":step / :s"
        case .back: ":back / :b"
        case .quit: ":quit / :q"
        default: ":" + rawValue
        }
    }

    /// One line of help.
    public var summary: String {
        switch self {
        case .lessons: "list lessons with your progress"
        case .load: "open a lesson (resumes where you left off)"
        case .next: "run the next cell (so does Enter on an empty line)"
        case .step: "run the next statement only"
        case .back: "undo the last step: variables, random state and position restored"
        case .run: "run until the next exercise or the end"
        case .goto: "restart and run steps 1 to N (0 is the start)"
        case .p: "print an expression's value without running it as a step or an answer"
        case .skip: "leave the open exercise unanswered and move on"
        case .where: "show the position in the lesson (steps done of steps in all)"
        case .reset: "restart the lesson"
        case .vars: "variables with shapes and a preview"
        case .show: "print a variable in full"
        case .mask: "draw the mask drawn for a variable (or its nonzero cells)"
        case .grad: "a variable's gradient from the last backward"
        case .trace: "show or hide the inner steps of dropout and friends"
        case .precision: "digits after the decimal point"
        case .format: "print numbers as decimals or exact fractions"
        case .seed: "reseed the generator (as numpy's np.random.seed)"
        case .mode: "switch dropout between training and inference"
        case .hint: "a hint for the current exercise"
        case .reveal: "show the answer to the current exercise (marked revealed, not solved)"
        case .save: "write the session so far as a Markdown lesson"
        case .export:
            "write the session so far as a web page (.html) or as numpy: a Jupyter notebook (.ipynb) or a script (.py)"
        case .history: "the last N inputs (default 20), numbered for :edit N"
        case .edit:
            "open the last input (or input N) in $VISUAL or $EDITOR; it comes back at the prompt (Ctrl-X Ctrl-E edits the line being typed)"
        case .help: "commands, or help on a function"
        case .quit: "leave (so does Ctrl-D); history and progress are saved"
        }
    }
}

extension SessionCommand {
    /// Whether the front end carries it out (files, the lesson library, the terminal).
    public var isForFrontEnd: Bool {
        switch self {
        case .lessons, .load, .save, .export, .history, .edit, .help, .quit: true
        default: false
        }
    }
}
