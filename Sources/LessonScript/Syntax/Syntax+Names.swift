// The names a piece of code reads, for `gradcheck`, which must know whether an expression
// reads variables computed earlier from the ones it nudges.

extension Expression {
    /// Every name the expression reads (variables and functions alike); a lambda's body counts
    /// without the lambda's own parameters.
    var referencedNames: Set<String> {
        switch kind {
        case .number, .string, .boolean, .none: return []
        case .name(let name): return [name]
        case .list(let items), .tuple(let items):
            return items.reduce(into: []) { $0.formUnion($1.referencedNames) }
        case .unary(_, let operand): return operand.referencedNames
        case .binary(_, let left, let right): return left.referencedNames.union(right.referencedNames)
        case .call(let callee, let arguments):
            return arguments.reduce(into: callee.referencedNames) { $0.formUnion($1.value.referencedNames) }
        case .index(let base, let items):
            return items.reduce(into: base.referencedNames) { names, item in
                switch item {
                case .single(let e): names.formUnion(e.referencedNames)
                case .slice(let start, let stop, let step, _):
                    for e in [start, stop, step].compactMap({ $0 }) { names.formUnion(e.referencedNames) }
                }
            }
        case .attribute(let base, _): return base.referencedNames
        case .lambda(let parameters, let body):
            return body.referencedNames.subtracting(parameters.map(\.name))
                .union(parameters.compactMap(\.defaultValue).flatMap(\.referencedNames))
        }
    }
}

extension Statement {
    /// Every name the statement reads, its nested blocks included.
    var referencedNames: Set<String> {
        switch kind {
        case .expression(let expression): return expression.referencedNames
        case .return(let value): return value?.referencedNames ?? []
        case .assignment(let targets, let value):
            return targets.reduce(into: value.referencedNames) { names, target in
                if case .subscript(let base, let items, _) = target {
                    names.formUnion(Expression(.index(base, items), range: target.range).referencedNames)
                }
            }
        case .forLoop(_, _, let sequence, let body):
            return body.reduce(into: sequence.referencedNames) { $0.formUnion($1.referencedNames) }
        case .definition(let definition):
            return definition.body.reduce(
                into: Set(definition.parameters.compactMap(\.defaultValue).flatMap(\.referencedNames))
            ) {
                $0.formUnion($1.referencedNames)
            }
        }
    }
}
