/// The ways learners coming from IPython, ghci or Julia ask for help on a name, recognised so
/// that `?dropout` shows the same help as `:help dropout` instead of a parse error.
///
/// Recognised: `?NAME`, `??NAME`, `NAME?`, `help(NAME)`, `help("NAME")`, and `?`, `help`,
/// `help()` alone for the overview. NAME may be a command (`?:load`) or a dotted numpy spelling
/// (`?np.sum`); what is shown for it is the front end's business.
public enum HelpRequest {
    /// The topic asked about (empty for the overview), or nil when `input` is not a help request.
    public static func topic(in input: String) -> String? {
        let text = input.trimmingCharacters(in: " \t\r\n")
        if text == "?" || text == "??" || text == "help" || text == "help()" { return "" }
        if text.hasPrefix("?") {
            let name = String(text.drop { $0 == "?" }).trimmingCharacters(in: " \t")
            return isTopic(name) ? name : nil
        }
        if text.hasSuffix("?") {
            var name = Substring(text)
            while name.last == "?" { name.removeLast() }
            let trimmed = String(name).trimmingCharacters(in: " \t")
            return isTopic(trimmed) ? trimmed : nil
        }
        if text.hasPrefix("help("), text.hasSuffix(")") {
            var name = String(text.dropFirst(5).dropLast()).trimmingCharacters(in: " \t")
            if name.count >= 2, let quote = name.first, quote == "\"" || quote == "'", name.last == quote {
                name = String(name.dropFirst().dropLast())
            }
            return isTopic(name) ? name : nil
        }
        return nil
    }

    /// A name, a dotted name or a `:command`: nothing that could be an expression.
    static func isTopic(_ name: String) -> Bool {
        let body = name.hasPrefix(":") ? name.dropFirst() : Substring(name)
        guard let first = body.first, first.isLetter || first == "_" else { return false }
        return body.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }
}
