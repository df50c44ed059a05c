/// The elements a `check` found to differ by more than its tolerance, in row-major order.
///
/// Only the first few are stored; the rest are counted, and found again by scanning if anyone
/// reads that far. A check of fifty million differing elements therefore keeps a few hundred
/// bytes, not an index array per element.
public struct Mismatches: RandomAccessCollection, @unchecked Sendable {
    public typealias Element = (index: [Int], actual: Double, expected: Double)

    /// How many mismatches are stored as they are found.
    static let stored = 64

    let actual: Tensor
    let expected: Tensor
    let shape: Shape
    let tolerance: Double
    /// Row-major offsets of the first ``stored`` mismatches.
    let offsets: [Int]
    /// The number of mismatches.
    let total: Int

    /// No mismatches.
    public init() {
        self.init(actual: Tensor(0), expected: Tensor(0), shape: [], tolerance: 0, offsets: [], total: 0)
    }

    init(actual: Tensor, expected: Tensor, shape: Shape, tolerance: Double, offsets: [Int], total: Int) {
        self.actual = actual
        self.expected = expected
        self.shape = shape
        self.tolerance = tolerance
        self.offsets = offsets
        self.total = total
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { total }

    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < total, "Mismatches: index out of range")
        let offset: Int
        if position < offsets.count {
            offset = offsets[position]
        } else {
            // Beyond the stored ones: scan on from the last stored mismatch.
            var seen = offsets.count - 1
            var candidate = offsets.last ?? -1
            repeat {
                candidate += 1
                if Mismatches.differs(value(actual, candidate), value(expected, candidate), tolerance) {
                    seen += 1
                }
            } while seen < position
            offset = candidate
        }
        return (unravel(offset), value(actual, offset), value(expected, offset))
    }

    /// Element `offset` of `tensor` read at the compared shape (a one-element tensor is repeated).
    func value(_ tensor: Tensor, _ offset: Int) -> Double {
        tensor.scalars.count == 1 ? tensor.scalars[0] : tensor.scalars[offset]
    }

    /// The index of a row-major offset in the compared shape.
    func unravel(_ offset: Int) -> [Int] {
        var rest = offset
        return shape.strides.map { stride -> Int in
            defer { rest %= stride }
            return rest / stride
        }
    }

    /// Whether two elements differ by more than `tolerance` (NaN equals NaN, as numpy's
    /// `equal_nan`).
    static func differs(_ x: Double, _ y: Double, _ tolerance: Double) -> Bool {
        let same = x == y || (x.isNaN && y.isNaN)
        return !same && !(Swift.abs(x - y) <= tolerance)
    }
}
