import Testing

@testable import LessonScript

/// numpy spellings typed from habit: the unambiguous method forms run, the rest are answered
/// with the dropstep spelling.
@Suite struct NumpyHabitTests {
    @Test func reductionsAndReshapeWorkAsMethods() throws {
        let x = "x = reshape(arange(1, 7), 2, 3)\n"
        #expect(try tensor(x + "x.sum()") == Tensor(21))
        #expect(try tensor(x + "x.sum(axis=0)") == Tensor([5, 7, 9]))
        #expect(try tensor(x + "x.mean()") == Tensor(3.5))
        #expect(try tensor(x + "x.max(axis=1)") == Tensor([3, 6]))
        #expect(try tensor(x + "x.min()") == Tensor(1))
        #expect(try tensor(x + "x.argmax()") == Tensor(5))
        #expect(try tensor(x + "x.reshape(3, 2)").shape == [3, 2])
        #expect(try tensor("[1, 2].sum()") == Tensor(3))
    }

    @Test func methodFormsKeepGradientsAndNames() throws {
        // The receiver is the built-in's first argument, so the graph is the same as sum(w * w).
        let viaMethod = try tensor(
            "w = [1.0, 2, 3]\nloss = (w * w).sum()\nbackward(loss, show=false)\ngrad(w)")
        #expect(viaMethod == Tensor([2, 4, 6]))
    }

    @Test func numpyFunctionsAreAnsweredWithTheDropstepSpelling() {
        expectError("np.random.rand(3)", "np.random.rand is rand here: write rand(3)", line: 1, column: 1)
        expectError(
            "x = [1, 2]\nnp.sum(x, axis=0)", "np.sum is sum here: write sum(x, axis=0)", line: 2, column: 1)
        expectError(
            "numpy.random.seed(4)", "numpy.random.seed is seed here: write seed(4)", line: 1, column: 1)
        expectError(
            "np.concatenate([[1], [2]])", "np.concatenate is concat here: write concat([[1], [2]])", line: 1,
            column: 1)
        expectError(
            "np.linalg.inv([[1, 0], [0, 1]])",
            "numpy is not loaded: built-ins have plain names (:help lists them)", line: 1, column: 1)
        expectError(
            "y = np.pi", "numpy is not loaded: built-ins have plain names (:help lists them)", line: 1,
            column: 5)
    }

    @Test func otherMethodsPointToTheBuiltinOrSayThereIsNone() {
        expectError(
            "x = [1, 2]\nx.clip(0, 1)", "tensors have no method 'clip': write clip(x, 0, 1)", line: 2,
            column: 1)
        expectError("x = [1, 2]\nx.exp()", "tensors have no method 'exp': write exp(x)", line: 2, column: 1)
        expectError(
            "x = [1, 2]\nx.summ()", "tensors have no method 'summ'; did you mean 'sum'?", line: 2, column: 1)
    }

    @Test func aVariableNamedNpIsNotNumpy() throws {
        #expect(try tensor("np = [1, 2, 3]\nnp.sum()") == Tensor(6))
    }

    @Test func numpyNamesMapToBuiltins() {
        #expect(Evaluator.builtinName(forNumpy: "np.sum") == "sum")
        #expect(Evaluator.builtinName(forNumpy: "numpy.random.randn") == "randn")
        #expect(Evaluator.builtinName(forNumpy: "np.random.random") == "rand")
        #expect(Evaluator.builtinName(forNumpy: "np.linalg.inv") == nil)
        #expect(Evaluator.builtinName(forNumpy: "sum") == nil)
    }
}
