import Testing

@testable import DropoutCore

/// Every primitive's backward rule against centered differences.
@Suite struct AutodiffTests {
    typealias Build = @Sendable ([Node]) throws -> Node

    static func op(_ operation: Operation, _ inputs: Node...) throws -> Node {
        try Node.apply(operation, inputs)
    }

    /// Named cases: the inputs and how to combine them into a value to differentiate.
    static let cases: [(String, [Tensor], Build)] = [
        ("add broadcast", [sample([2, 3]), sample([3], seed: 2)], { try op(.binary(.add), $0[0], $0[1]) }),
        (
            "subtract", [sample([2, 3]), sample([2, 1], seed: 2)],
            { try op(.binary(.subtract), $0[0], $0[1]) }
        ),
        (
            "multiply", [sample([2, 3]), sample([2, 3], seed: 2)],
            { try op(.binary(.multiply), $0[0], $0[1]) }
        ),
        ("divide", [sample([3]), Tensor([1.5, 2, 2.5])], { try op(.binary(.divide), $0[0], $0[1]) }),
        ("power", [Tensor([0.5, 1.5, 2]), Tensor([2, 0.5, 3])], { try op(.binary(.power), $0[0], $0[1]) }),
        ("exp", [sample([4])], { try op(.unary(.exp), $0[0]) }),
        ("log", [Tensor([0.5, 1.5, 2])], { try op(.unary(.log), $0[0]) }),
        ("sqrt", [Tensor([0.5, 1.5, 2])], { try op(.unary(.sqrt), $0[0]) }),
        ("abs", [Tensor([-0.5, 1.5, -2])], { try op(.unary(.abs), $0[0]) }),
        ("relu", [Tensor([-0.5, 1.5, -2, 0.3])], { try op(.unary(.relu), $0[0]) }),
        ("tanh", [sample([4])], { try op(.unary(.tanh), $0[0]) }),
        ("sigmoid", [sample([4])], { try op(.unary(.sigmoid), $0[0]) }),
        ("negate", [sample([4])], { try op(.unary(.negate), $0[0]) }),
        ("matmul", [sample([2, 3]), sample([3, 4], seed: 3)], { try op(.matmul, $0[0], $0[1]) }),
        ("vector matmul", [sample([3]), sample([3, 2], seed: 3)], { try op(.matmul, $0[0], $0[1]) }),
        ("matrix vector", [sample([2, 3]), sample([3], seed: 3)], { try op(.matmul, $0[0], $0[1]) }),
        (
            "batched matmul", [sample([2, 2, 3]), sample([3, 2], seed: 3)], { try op(.matmul, $0[0], $0[1]) }
        ),
        ("sum axis", [sample([2, 3])], { try op(.reduce(.sum, axes: [1], keepDims: false), $0[0]) }),
        ("mean", [sample([2, 3])], { try op(.reduce(.mean, axes: nil, keepDims: false), $0[0]) }),
        ("max axis", [sample([2, 3])], { try op(.reduce(.max, axes: [0], keepDims: true), $0[0]) }),
        ("min", [sample([2, 3])], { try op(.reduce(.min, axes: nil, keepDims: false), $0[0]) }),
        ("reshape", [sample([2, 3])], { try op(.reshape([3, 2]), $0[0]) }),
        ("transpose", [sample([2, 3, 2])], { try op(.transpose([1, 2, 0]), $0[0]) }),
        (
            "index", [sample([3, 3])],
            { try op(.index([.slice(start: 1, stop: nil, step: nil), .at(0)]), $0[0]) }
        ),
        ("replace", [sample([3, 3]), sample([3], seed: 4)], { try op(.replace([.at(1)]), $0[0], $0[1]) }),
        ("concat", [sample([2, 2]), sample([2, 3], seed: 5)], { try op(.concat(axis: 1), $0[0], $0[1]) }),
        ("stack", [sample([2]), sample([2], seed: 5)], { try op(.stack(axis: 0), $0[0], $0[1]) }),
        (
            "where", [sample([3]), sample([3], seed: 6)],
            { try op(.select(condition: Tensor([1, 0, 1])), $0[0], $0[1]) }
        ),
        ("clip", [Tensor([-0.5, 0.2, 0.9])], { try op(.clip(low: 0, high: 0.5), $0[0]) }),
        ("softmax", [sample([2, 3])], { try op(.softmax(axis: -1), $0[0]) }),
        (
            "scale", [sample([2, 3])],
            { try op(.scale(mask: Tensor([1, 0, 1]), multiplier: 1, divisor: 0.5), $0[0]) }
        ),
    ]

    @Test(arguments: cases.indices)
    func backwardMatchesCenteredDifferences(_ index: Int) throws {
        let (name, inputs, build) = Self.cases[index]
        // A weighted sum makes every output element's gradient distinct.
        var random: any RandomSource = ReplaySource([])
        let result = try GradientCheck.run(inputs: inputs, random: &random) { leaves, _ in
            let y = try build(leaves)
            let weights = Node.constant(
                Tensor(
                    shape: y.value.shape, scalars: (0..<y.value.elementCount).map { 1 + Double($0) * 0.25 }))
            return try Node.apply(
                .reduce(.sum, axes: nil, keepDims: false), [try Node.apply(.binary(.multiply), [y, weights])])
        }
        #expect(result.maxRelativeError < 1e-6, "\(name): relative error \(result.maxRelativeError)")
    }

    @Test func backwardNeedsAScalar() throws {
        let y = Node.constant(sample([2, 2]))
        #expect(
            throws: CoreError(
                "backward: needs a scalar, got a tensor of shape [2, 2]; try backward(sum(...))")
        ) {
            try y.backward()
        }
    }

    @Test func gradientsAccumulateOverSharedInputs() throws {
        let x = Node.constant(Tensor(3))
        let y = try Node.apply(.binary(.multiply), [x, x])
        let g = try y.backward()
        #expect(g[x] == Tensor(6))
        #expect(g.records.first?.node === y)
    }

    @Test func deepGraphsDoNotOverflowTheStack() throws {
        var node = Node.constant(Tensor(1))
        let start = node
        for _ in 0..<50_000 { node = try Node.apply(.binary(.add), [node, Node.constant(Tensor(1))]) }
        #expect(try node.backward()[start] == Tensor(1))
    }

    @Test func explainsElementsWithNumbers() throws {
        let x = Node.constant(try Tensor.arange(1, 13).reshaped(to: [4, 3]), label: "x")
        let mask = Tensor(shape: [4, 3], scalars: [1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0])
        let y = try Node.apply(.scale(mask: mask, multiplier: 1, divisor: 0.5), [x])
        y.label = "y"
        #expect(try y.explain(at: [2, 1]).line == "y[2, 1] = x[2, 1] * mask[2, 1] / q = 8 * 0 / 0.5 = 0")
        let w = Node.constant(.matrix([[1, 2], [3, 4]]), label: "W")
        let v = Node.constant(Tensor([5, 6]), label: "v")
        let h = try Node.apply(.matmul, [v, w])
        h.label = "h"
        #expect(try h.explain(at: [1]).line == "h[1] = v[0] * W[0, 1] + v[1] * W[1, 1] = 5 * 2 + 6 * 4 = 34")
        let s = try Node.apply(.reduce(.sum, axes: nil, keepDims: false), [h])
        s.label = "s"
        let deep = try s.explain(at: [], depth: 2)
        #expect(
            [deep.line] + deep.inputs.map { "  " + $0.line } == [
                "s = h[0] + h[1] = 23 + 34 = 57",
                "  h[0] = v[0] * W[0, 0] + v[1] * W[1, 0] = 5 * 1 + 6 * 3 = 23",
                "  h[1] = v[0] * W[0, 1] + v[1] * W[1, 1] = 5 * 2 + 6 * 4 = 34",
            ])
    }
}
