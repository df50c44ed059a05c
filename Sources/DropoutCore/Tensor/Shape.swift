/// The extents of a tensor's axes, outermost first (row-major).
public struct Shape: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The extent of each axis.
    public var dims: [Int]

    /// Creates a shape from its axis extents.
    public init(_ dims: [Int]) {
        self.dims = dims
    }

    public init(arrayLiteral elements: Int...) {
        self.dims = elements
    }

    /// The number of axes.
    public var rank: Int { dims.count }

    /// The number of elements a tensor of this shape holds.
    public var elementCount: Int { dims.reduce(1, *) }

    /// Row-major strides, in elements.
    public var strides: [Int] {
        var result = [Int](repeating: 1, count: dims.count)
        var running = 1
        for axis in stride(from: dims.count - 1, through: 0, by: -1) {
            result[axis] = running
            running *= dims[axis]
        }
        return result
    }

    public subscript(axis: Int) -> Int { dims[axis] }

    /// Written as numpy users read it in messages: `[2, 3]`.
    public var description: String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }

    /// The shape padded on the left with ones to `rank` axes.
    public func padded(toRank rank: Int) -> Shape {
        Shape([Int](repeating: 1, count: Swift.max(0, rank - dims.count)) + dims)
    }

    /// The numpy broadcast of two shapes.
    ///
    /// - Throws: ``CoreError`` naming both shapes and `operation` when they do not broadcast.
    public static func broadcast(_ a: Shape, _ b: Shape, operation: String) throws -> Shape {
        let rank = Swift.max(a.rank, b.rank)
        let pa = a.padded(toRank: rank).dims
        let pb = b.padded(toRank: rank).dims
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            if pa[axis] == pb[axis] || pb[axis] == 1 {
                result[axis] = pa[axis]
            } else if pa[axis] == 1 {
                result[axis] = pb[axis]
            } else {
                throw CoreError("\(operation): cannot broadcast shapes \(a) and \(b)")
            }
        }
        return Shape(result)
    }

    /// Strides for reading a tensor of this shape as if it had `target` shape (zero on broadcast axes).
    ///
    /// `target` must be a broadcast of `self`.
    public func broadcastStrides(to target: Shape) -> [Int] {
        let padded = padded(toRank: target.rank)
        let own = padded.strides
        return (0..<target.rank).map { padded.dims[$0] == 1 && target.dims[$0] != 1 ? 0 : own[$0] }
    }

    /// Resolves a possibly negative axis against this shape's rank.
    ///
    /// - Throws: ``CoreError`` when the axis is out of range.
    public func normalizedAxis(_ axis: Int, operation: String) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < rank else {
            throw CoreError("\(operation): axis \(axis) is out of range for shape \(self)")
        }
        return resolved
    }
}
