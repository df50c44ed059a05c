/// Writes an ``ExportDocument`` as a Jupyter notebook (nbformat 4.5).
///
/// Every cell has a stable id (`cell-1`, ...), so exporting twice gives the same file. A code
/// cell's output is what its code prints, as one `stdout` stream, numbered as a run from the top.
public enum NotebookDocument {
    /// The notebook's JSON text.
    public static func json(_ document: ExportDocument) -> String {
        var cells = [String]()
        var count = 0
        for (index, cell) in document.cells.enumerated() {
            let id = "\"id\": \"cell-\(index + 1)\""
            switch cell {
            case .markdown(let text):
                cells.append(
                    "  {\n   \"cell_type\": \"markdown\",\n   \(id),\n   \"metadata\": {},\n   \"source\": \(lines(text))\n  }"
                )
            case .pictures(let svgs):
                let text = svgs.joined(separator: "\n\n")
                cells.append(
                    "  {\n   \"cell_type\": \"markdown\",\n   \(id),\n   \"metadata\": {},\n   \"source\": \(lines(text))\n  }"
                )
            case .code(let source, let output):
                count += 1
                let outputs =
                    output.isEmpty
                    ? "[]"
                    : "[\n    {\n     \"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \"text\": \(lines(output, indent: "      "))\n    }\n   ]"
                cells.append(
                    "  {\n   \"cell_type\": \"code\",\n   \"execution_count\": \(count),\n   \(id),\n   \"metadata\": {},\n   \"outputs\": \(outputs),\n   \"source\": \(lines(source))\n  }"
                )
            }
        }
        let metadata = """
             "metadata": {
              "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
              "language_info": {"name": "python"},
              "title": \(string(document.title))
             },
            """
        return "{\n \"cells\": [\n" + cells.joined(separator: ",\n") + "\n ],\n" + metadata
            + "\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"
    }

    /// Text as nbformat's list of lines, each keeping its newline.
    static func lines(_ text: String, indent: String = "    ") -> String {
        guard !text.isEmpty else { return "[]" }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        if text.hasSuffix("\n") { parts.removeLast() } else { parts[parts.count - 1].removeLast() }
        let outer = String(indent.dropLast())
        return "[\n" + parts.map { indent + string(String($0)) }.joined(separator: ",\n") + "\n" + outer + "]"
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Writes an ``ExportDocument`` as a Python script: the prose as comments, the code as is.
public enum PythonScript {
    /// The script's text.
    public static func text(_ document: ExportDocument) -> String {
        var parts = [
            "# \(document.title)\n# Exported from dropstep: numpy code that prints the lesson's numbers."
        ]
        for cell in document.cells {
            switch cell {
            case .markdown(let text):
                parts.append(
                    text.split(separator: "\n", omittingEmptySubsequences: false).map {
                        $0.isEmpty ? "#" : "# " + $0
                    }
                    .joined(separator: "\n"))
            case .code(let source, _):
                parts.append(source)
            case .pictures:
                continue
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }
}
