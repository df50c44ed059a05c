/// The one checked conversion from the language's numbers (doubles) to counts, extents, axes and
/// indices.
///
/// A double is validated before it becomes an `Int`: converting NaN, an infinity or a value
/// beyond `Int`'s range traps, and truncating 2.5 to 2 would silently run something other
/// than what was written.
public enum WholeNumber {
    /// The largest magnitude accepted, 2^53: above it doubles skip whole numbers.
    public static let largest = 9_007_199_254_740_992.0

    /// What is wrong with a number that was meant to be whole.
    public enum Problem: Sendable, Equatable {
        /// NaN or an infinity.
        case notFinite
        /// A fraction such as 2.5.
        case fractional
        /// Beyond ``WholeNumber/largest`` in magnitude.
        case tooLarge
    }

    /// What is wrong with `x` as a whole number, or `nil` when it converts exactly.
    public static func problem(_ x: Double) -> Problem? {
        if !x.isFinite { return .notFinite }
        if x != x.rounded() { return .fractional }
        if Swift.abs(x) > largest { return .tooLarge }
        return nil
    }

    /// `x` as an `Int` when it is a finite whole number no larger than ``largest``, else `nil`.
    public static func exact(_ x: Double) -> Int? {
        problem(x) == nil ? Int(x) : nil
    }

    /// `x` as an `Int`, or an error naming `what` (e.g. `n`, `axis`) in the user's words.
    ///
    /// - Throws: ``CoreError`` "n must be a whole number, got 2.5" and the like.
    public static func convert(_ x: Double, _ what: String) throws -> Int {
        guard let problem = problem(x) else { return Int(x) }
        throw CoreError(message(problem, x, what))
    }

    /// The sentence for a number that is not a usable whole number.
    public static func message(_ problem: Problem, _ x: Double, _ what: String) -> String {
        switch problem {
        case .notFinite: "\(what) must be a finite whole number, got \(Explanation.number(x))"
        case .fractional: "\(what) must be a whole number, got \(Explanation.number(x))"
        case .tooLarge: "\(what) is too large: \(Explanation.number(x)) (whole numbers go up to 2**53)"
        }
    }
}

extension Shape {
    /// A shape from extents the language computed, each validated before it becomes an `Int`.
    ///
    /// - Parameters:
    ///   - extents: the requested extents, as written.
    ///   - inferred: whether one extent may be `-1` (reshape infers it).
    ///   - operation: the function's name, for messages.
    /// - Throws: ``CoreError`` for a fraction, NaN, an infinity, a negative extent, an extent
    ///   (or product) over ``Limits/maxElements``, or more than 4 axes.
    public static func checked(_ extents: [Double], inferred: Bool = false, _ operation: String) throws
        -> Shape
    {
        let written = "[" + extents.map { Explanation.number($0) }.joined(separator: ", ") + "]"
        guard extents.count <= 4 else {
            throw CoreError("\(operation): tensors have at most 4 axes, got shape \(written)")
        }
        var dims = [Int]()
        for extent in extents {
            if let problem = WholeNumber.problem(extent), problem != .tooLarge {
                let expected = problem == .notFinite ? "finite whole numbers" : "whole numbers"
                throw CoreError(
                    "\(operation): shape extents must be \(expected), got \(Explanation.number(extent))"
                        + (extents.count > 1 ? " in \(written)" : ""))
            }
            if extent == -1 && inferred {
                dims.append(-1)
                continue
            }
            guard extent >= 0 else {
                throw CoreError("\(operation): negative dimension in shape \(written)")
            }
            guard extent <= Double(Limits.maxElements) else {
                throw CoreError(
                    "\(operation): a tensor of shape \(written) exceeds the limit of \(Limits.maxElements) elements"
                )
            }
            dims.append(Int(extent))
        }
        guard dims.filter({ $0 == -1 }).count <= 1 else {
            throw CoreError("\(operation): only one extent may be -1, got shape \(written)")
        }
        // Each extent is at most 2^26, so four of them cannot overflow an Int.
        let product = dims.filter { $0 != -1 }.reduce(1, *)
        guard product <= Limits.maxElements else {
            throw CoreError(
                "\(operation): a tensor of shape \(written) (\(product) elements) exceeds the limit of \(Limits.maxElements) elements"
            )
        }
        return Shape(dims)
    }
}
