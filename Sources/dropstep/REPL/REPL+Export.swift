import Notebook
import Rendering

extension REPL {
    /// `:export FILE`: the session so far (the lesson's steps and the learner's own code) as a
    /// web page (`.html`), or as numpy: a notebook (`.ipynb`) or a script (`.py`).
    func export(to path: String) {
        do {
            let format = try ExportFormat.resolve(nil, output: path)
            let text: String
            if format == .html {
                text = HTMLPage.session(session).render() + "\n"
            } else {
                let title = session.lesson.map { "A dropstep session: \($0.title)" } ?? "A dropstep session"
                text = try NumpyRun.render(
                    title: title, steps: session.transcript, as: format, asserting: false)
            }
            try SystemFiles.writeAtomically(text, to: path)
            Output.line("Exported \(session.transcript.count) steps to \(path).")
        } catch {
            Output.line(style.red("error: ") + "\(error)" + " (usage: \(SessionCommand.export.usage))")
        }
    }
}
