import Notebook
import Rendering

/// What Tab offers for the text left of the cursor.
struct Completion: Equatable {
    /// Full words that could replace the last word of the text (see `CompletionEdit`).
    var candidates: [String]
    /// The signature of the built-in whose call the cursor is in, shown when Tab lists
    /// candidates or has nothing to complete.
    var signature: String?
    /// That built-in's one line of help (Meta-h shows it under the signature).
    var summary: String?
    /// Put before each candidate when they are listed: the opening quote of a string whose
    /// accepted values are offered, so the list reads `"upscale_in_train"`.
    var listPrefix = ""
}

/// Tab completion candidates for the text left of the cursor (pure, so it is testable).
struct Completer {
    /// The REPL's commands, with their leading colon.
    var commands: [String]
    /// Lesson ids and file paths, for `:load`.
    var lessons: [String]
    /// Variable names in the session.
    var variables: [String]

    /// Full words that could replace the last word of `text`.
    func candidates(for text: String) -> [String] {
        completion(for: text).candidates
    }

    /// The candidates for `text`, and the signature of the call it is in.
    ///
    /// Inside a built-in's call, keyword names (`p=`, `mode=`) come first, and inside a string
    /// given to a parameter that accepts only some strings, those strings (`downscale_in_infer"`).
    func completion(for text: String) -> Completion {
        let word = String(
            text.reversed().prefix { $0.isLetter || $0.isNumber || "_.:/-".contains($0) }.reversed())
        if let call = CallContext(text: text), let builtin = Builtins.table[call.function] {
            return Completion(
                candidates: candidates(in: call, of: builtin, text: text, word: word),
                signature: builtin.usage,
                summary: builtin.summary, listPrefix: CallContext.openQuote(in: text).map { String($0) } ?? ""
            )
        }
        let before = text.dropLast(word.count).trimmingTrailingSpaces()
        let pool: [String]
        if before.isEmpty && word.hasPrefix(":") {
            pool = commands
        } else if before == ":load" || before == ":l" {
            pool = lessons
        } else if before == ":help" {
            pool = Builtins.names + commands.map { String($0.dropFirst()) }
        } else if [":show", ":mask", ":grad"].contains(before) {
            pool = variables
        } else if before.hasPrefix(":") {
            return Completion(candidates: [])
        } else {
            pool = names
        }
        return Completion(candidates: Array(Set(pool.filter { $0.hasPrefix(word) })).sorted())
    }

    /// Names code can use: built-ins, variables and keywords of the language.
    var names: [String] {
        Builtins.names + variables + ["for", "in", "def", "return", "lambda", "true", "false", "none"]
    }

    /// Candidates inside a call to `builtin`.
    func candidates(in call: CallContext, of builtin: Builtin, text: String, word: String) -> [String] {
        let parameter: Parameter? =
            if let keyword = call.keyword {
                builtin.parameters.first { $0.name == keyword }
            } else if call.isAtArgumentLevel && call.positionalCount < builtin.parameters.count {
                builtin.parameters[call.positionalCount]
            } else {
                nil
            }
        if let quote = CallContext.openQuote(in: text) {
            // Inside a string: the values the parameter accepts, closing the string.
            guard let parameter, call.isAtArgumentLevel else { return [] }
            return parameter.choices.filter { $0.hasPrefix(word) }.map { $0 + String(quote) }
        }
        let matchingNames = word.isEmpty ? [] : Array(Set(names.filter { $0.hasPrefix(word) })).sorted()
        if call.keyword != nil, call.isAtArgumentLevel, call.keywordValue?.isEmpty == true {
            // Right after `mode=`: the accepted strings, quoted.
            return parameter.map { $0.choices.map { "\"\($0)\"" } } ?? []
        }
        guard call.couldBeKeyword else { return matchingNames }
        let open = builtin.parameters.dropFirst(call.positionalCount).filter {
            !call.keywordsGiven.contains($0.name) && $0.kind != .shape && $0.kind != .rest
        }
        let keywords = open.map { $0.name + "=" }.filter { $0.hasPrefix(word) }
        return keywords + matchingNames.filter { !keywords.contains($0 + "=") }
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> String {
        var text = String(self)
        while text.last == " " { text.removeLast() }
        return text
    }
}
