import DropoutCore
import LessonScript
import Notebook

/// `eval --json`'s machine-readable output: one JSON object per top-level statement.
public enum JSONLines {
    /// The objects for one statement's record: the statement (when it finished), then its error.
    public static func lines(for statement: StatementRecord) -> [String] {
        if let error = statement.error { return [encode(error)] }
        let value: Value? = {
            if case .none? = statement.value { return nil }
            return statement.value
        }()
        return [
            encode(
                StatementResult(
                    line: statement.line, source: statement.code, names: statement.names, value: value))
        ]
    }

    /// The object for a finished statement: line, source, name and value.
    public static func encode(_ result: StatementResult) -> String {
        let name = result.name.map(string) ?? "null"
        let value = result.value.map(encode) ?? "null"
        return
            "{\"line\": \(result.line), \"source\": \(string(result.source)), \"name\": \(name), \"value\": \(value)}"
    }

    /// The object for an error: line, column and message.
    public static func encode(_ error: ScriptError) -> String {
        "{\"line\": \(error.range.start.line), \"column\": \(error.range.start.column), \"error\": \(string(error.message))}"
    }

    /// A value: tensors as shape and flat data, tuples, strings, none as null.
    public static func encode(_ value: Value) -> String {
        switch value {
        case .tensor(let node):
            let tensor = node.value
            let shape = tensor.shape.dims.map(String.init).joined(separator: ", ")
            let data = tensor.scalars.map(number).joined(separator: ", ")
            return "{\"shape\": [\(shape)], \"data\": [\(data)]}"
        case .tuple(let items):
            return "{\"tuple\": [" + items.map(encode).joined(separator: ", ") + "]}"
        case .string(let text):
            return "{\"string\": \(string(text))}"
        case .none:
            return "null"
        }
    }

    /// The shortest decimal that reads back to the same double; NaN and infinities as strings.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "\"nan\"" }
        if x.isInfinite { return x < 0 ? "\"-inf\"" : "\"inf\"" }
        if x == 0 && x.sign == .minus { return "-0.0" }
        if x == x.rounded() && Swift.abs(x) < 1e15 { return String(Int(x)) }
        // Swift's description is the shortest round-trip form; JSON accepts its exponent syntax.
        return x.description
    }

    /// A JSON string literal.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
