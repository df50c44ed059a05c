import Testing

@testable import DropoutCore

/// Expects two tensors to agree in shape and within `tolerance` elementwise, reporting at the caller.
func expectClose(
    _ actual: Tensor, _ expected: Tensor, tolerance: Double = 1e-12,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        actual.shape == expected.shape, "shape \(actual.shape) != \(expected.shape)",
        sourceLocation: sourceLocation)
    #expect(actual.worlds == expected.worlds, sourceLocation: sourceLocation)
    guard actual.scalars.count == expected.scalars.count else { return }
    for (i, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() {
        let ok = (a.isNaN && e.isNaN) || abs(a - e) <= tolerance * max(1, abs(e))
        #expect(ok, "element \(i): \(a) != \(e)", sourceLocation: sourceLocation)
    }
}

/// A deterministic tensor with varied values, for property tests.
func sample(_ dims: [Int], seed: Double = 1) -> Tensor {
    let shape = Shape(dims)
    return Tensor(
        shape: shape,
        scalars: (0..<shape.elementCount).map {
            (Double($0) * 0.37 + seed).truncatingRemainder(dividingBy: 2.3) - 1.1
        })
}

extension Tensor {
    static func matrix(_ rows: [[Double]]) -> Tensor { Tensor(rows: rows) }
}
