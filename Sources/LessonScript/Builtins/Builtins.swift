/// The table of every built-in function, by name.
public enum Builtins {
    /// Every built-in, by name.
    public static let table: [String: Builtin] = {
        var table = [String: Builtin]()
        let groups =
            make + math + randomness + dropout + dropConnect + recurrent + gradients + expectation + checking
            + show
        for builtin in groups + extras {
            precondition(table[builtin.name] == nil, "built-in \(builtin.name) registered twice")
            table[builtin.name] = builtin
        }
        return table
    }()

    /// Every built-in's name, sorted.
    public static let names: [String] = table.keys.sorted()

    /// The groups in the order `:help` lists them (docs/language.md), then any others by name.
    public static let groups: [String] = {
        let order = [
            "make", "math", "random", "dropout", "DropConnect", "recurrent", "gradients", "expectation",
            "checking", "show",
        ]
        let present = Set(table.values.map(\.group))
        return order.filter(present.contains) + present.subtracting(order).sorted()
    }()

    /// Built-ins of one group, sorted by name.
    public static func group(_ name: String) -> [Builtin] {
        table.values.filter { $0.group == name }.sorted { $0.name < $1.name }
    }
}
