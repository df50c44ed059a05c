import Testing

@testable import LessonScript

/// The DropConnect built-ins as a learner calls them: traces, errors, help.
@Suite struct DropConnectBuiltinTests {
    let layer = "W = [[1., -2., 0.5], [0.5, 1., -1.]]\nv = [2., 1., 3.]\n"

    @Test func traceReadsLikeDropouts() throws {
        let (value, output) = try run(layer + "seed(43)\ny = dropconnect(v, W, p=0.5)", trace: true)
        #expect(value?.tensor == Tensor([3.5, 2]))
        #expect(
            output == [
                """
                u = rand(2, 3)       [[0.115 0.609 0.133]
                                      [0.241 0.327 0.859]]
                M = u < q (q = 0.5)  ■ □ ■ / ■ ■ □
                y = (M * W) @ v      [3.5 2. ]
                """
            ])
    }

    @Test func drawsWhatBernoulliDrawsWithTheSameSeed() throws {
        let masks = try tensor("seed(7)\nbernoulli(0.6, 3, 2, 3)")
        let direct = try tensor(layer + "V = [v, 2 * v, -v]\nseed(7)\ndropconnect(V, W, p=0.4)")
        let given = try tensor(
            layer + "V = [v, 2 * v, -v]\nseed(7)\nMs = bernoulli(0.6, 3, 2, 3)\ndropconnect(V, W, mask=Ms)")
        #expect(masks.shape == [3, 2, 3])
        #expect(direct == given)
    }

    @Test func explainShowsTheSumOfProductsOnWrappedLines() throws {
        let (_, output) = try run(layer + "y = dropconnect(v, W, mask=[[1, 0, 1], [1, 1, 0]])\nexplain(y[1])")
        #expect(
            output.last == """
                y[1] = (M * W)[1, 0] * v[0] + (M * W)[1, 1] * v[1] + (M * W)[1, 2] * v[2]
                     = 0.5 * 2 + 1 * 1 + 0 * 3
                     = 2
                """)
    }

    @Test func momentsTupleAndInference() throws {
        #expect(try tensor(layer + "m, s = dropconnect_moments(v, W, 0.5)\nm") == Tensor([0.75, -0.5]))
        #expect(try tensor(layer + "m, s = dropconnect_moments(v, W, 0.5)\ns") == Tensor([2.5625, 2.75]))
        let closed = try tensor(layer + "dropconnect_infer(v, W, 0.5, samples=0)")
        let typed = try tensor(
            layer + "m, s = dropconnect_moments(v, W, 0.5)\nsd = sqrt(s)\nm * Phi(m / sd) + sd * phi(m / sd)")
        #expect(closed == typed)
        let sampled = try tensor(layer + "seed(0)\ndropconnect_infer(v, W, 0.5, samples=500)")
        let byHand = try tensor(
            layer
                + "m, s = dropconnect_moments(v, W, 0.5)\nseed(0)\nmean(relu(m + sqrt(s) * randn(500, 2)), axis=0)"
        )
        for (a, b) in zip(sampled.scalars, byHand.scalars) { #expect(abs(a - b) <= 1e-15) }
    }

    @Test func errorsAreLocatedInTheUsersTerms() {
        expectError(
            layer + "dropconnect(v, W, p=1.5)", "dropconnect: p must be in [0, 1], got 1.5", line: 3,
            column: 21)
        expectError(
            layer + "dropconnect([1., 2.], W)",
            "dropconnect: W of shape [2, 3] takes inputs of length 3, but v has shape [2]", line: 3, column: 1
        )
        expectError(
            layer + "dropconnect_infer(v, W, samples=-5)",
            "dropconnect_infer: samples must be 0 (the closed form) or more, got -5", line: 3, column: 33)
        expectError(
            layer + "dropconnect_infer(v, W, activation=\"elu\")",
            "dropconnect_infer: activation must be one of relu, tanh, sigmoid, identity, got 'elu'", line: 3,
            column: 36)
        expectError(
            layer + "dropconnect(v, W, drop_bias=true)", "dropconnect: drop_bias and bias_mask need a bias b",
            line: 3, column: 1)
        expectError(
            layer + "expect(dropconnect_infer(v, W, samples=10))",
            "expect: randn(10, 2) draws continuous values; exact enumeration covers Bernoulli and binomial draws only (use mc)",
            line: 3, column: 8)
    }

    @Test func everyBuiltinHasHelp() {
        for name in ["dropconnect", "dropconnect_moments", "dropconnect_infer", "Phi", "phi"] {
            let builtin = Builtins.table[name]
            #expect(builtin != nil && !builtin!.summary.isEmpty && !builtin!.details.isEmpty, "\(name)")
        }
        #expect(Builtins.groups.prefix(5) == ["make", "math", "random", "dropout", "DropConnect"])
        #expect(
            Builtins.group("DropConnect").map(\.name) == [
                "dropconnect", "dropconnect_infer", "dropconnect_moments",
            ])
    }
}
