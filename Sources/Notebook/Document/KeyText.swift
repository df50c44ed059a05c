/// How an exercise key's value is written in its `key:` field, and read back.
///
/// A scalar is a bare number and a tensor a nested list, so the text carries the shape:
/// `12`, `[12]` (shape [1]) and `[[1, 2], [3, 4]]` (shape [2, 2]). Numbers are written with
/// the fewest digits that read back to the same double, so a recorded key is the key itself,
/// not a rounding of it, and judging against it loses nothing.
enum KeyText {
    /// The field's value as lines: one line for a scalar or a vector, one line per element of
    /// the outermost axis otherwise (continuation lines, which the caller indents).
    static func lines(for tensor: Tensor) -> [String] {
        let numbers = tensor.scalars.map(number)
        guard tensor.rank >= 2 else {
            return [tensor.rank == 0 ? numbers[0] : "[" + numbers.joined(separator: ", ") + "]"]
        }
        let inner = Array(tensor.shape.dims.dropFirst())
        let size = inner.reduce(1, *)
        let rows = (0..<tensor.shape[0]).map { row in
            nested(Array(numbers[(row * size)..<((row + 1) * size)]), shape: inner)
        }
        return rows.enumerated().map { index, row in
            (index == 0 ? "[" : "") + row + (index == rows.count - 1 ? "]" : ",")
        }
    }

    /// One number, as short as it can be while still reading back to the same double.
    static func number(_ value: Double) -> String {
        var text = "\(value)"
        // Swift writes whole numbers as `12.0`; lessons and numpy users read `12`.
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    private static func nested(_ numbers: [String], shape: [Int]) -> String {
        guard let first = shape.first else { return numbers.first ?? "" }
        let rest = Array(shape.dropFirst())
        let size = rest.reduce(1, *)
        let parts = (0..<first).map { nested(Array(numbers[($0 * size)..<(($0 + 1) * size)]), shape: rest) }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// Reads a field's value back; the message says what is wrong when it is not a key.
    static func parse(_ text: String) -> Result<Tensor, KeyTextError> {
        var reader = Reader(characters: Array(text))
        do {
            reader.skipBlanks()
            let value = try reader.value()
            reader.skipBlanks()
            guard reader.isAtEnd else {
                throw KeyTextError("unexpected '\(reader.characters[reader.index])'")
            }
            let shape = try value.shape()
            return .success(Tensor(shape: Shape(shape), scalars: value.flattened()))
        } catch let error as KeyTextError {
            return .failure(error)
        } catch {
            return .failure(KeyTextError("\(error)"))
        }
    }

    /// A parsed value before it becomes a tensor: a number or a list of values.
    private indirect enum Value {
        case number(Double)
        case list([Value])

        func shape() throws -> [Int] {
            guard case .list(let items) = self else { return [] }
            guard let first = items.first else { return [0] }
            let inner = try first.shape()
            for item in items.dropFirst() where try item.shape() != inner {
                throw KeyTextError("ragged list: its rows have different shapes")
            }
            return [items.count] + inner
        }

        func flattened() -> [Double] {
            switch self {
            case .number(let x): [x]
            case .list(let items): items.flatMap { $0.flattened() }
            }
        }
    }

    private struct Reader {
        let characters: [Character]
        var index = 0

        var isAtEnd: Bool { index >= characters.count }

        mutating func skipBlanks() {
            while !isAtEnd, characters[index].isWhitespace { index += 1 }
        }

        mutating func value() throws -> Value {
            skipBlanks()
            guard !isAtEnd else { throw KeyTextError("expected a number or '['") }
            guard characters[index] == "[" else { return .number(try number()) }
            index += 1
            var items = [Value]()
            skipBlanks()
            if !isAtEnd, characters[index] == "]" {
                index += 1
                return .list(items)
            }
            while true {
                items.append(try value())
                skipBlanks()
                guard !isAtEnd else { throw KeyTextError("unclosed '['") }
                let next = characters[index]
                index += 1
                if next == "]" { return .list(items) }
                guard next == "," else { throw KeyTextError("expected ',' or ']', got '\(next)'") }
            }
        }

        mutating func number() throws -> Double {
            let start = index
            while !isAtEnd, !"[],".contains(characters[index]), !characters[index].isWhitespace { index += 1 }
            let text = String(characters[start..<index])
            guard let value = Double(text) else { throw KeyTextError("'\(text)' is not a number") }
            return value
        }
    }
}

/// Why a `key:` field could not be read.
struct KeyTextError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
