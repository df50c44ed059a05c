import LessonScript
import Notebook
import Testing

@testable import Rendering

/// The numpy lines for `code` run as one program (comments left out), from its records.
func exported(_ code: String, asserting: Bool = false) throws -> [String] {
    var session = Session()
    let step = session.runProgram(code, origin: nil) { _, _ in }
    #expect(step.error == nil, "dropstep ran \(code) without an error")
    var translator = NumpyTranslator()
    var lines = [String]()
    for statement in step.statements {
        lines += try translator.translate(statement, asserting: asserting)
    }
    return lines.filter { !$0.hasPrefix("#") }
}

/// The export's error for `code`, or nil when it exports.
func exportError(_ code: String) -> String? {
    do {
        _ = try exported(code)
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite struct NumpyTemplateTests {
    /// One call of every built-in, after setting up what it needs: a built-in without a numpy
    /// form fails here (and a new built-in must be added here, with its numpy form).
    static let examples: [String: String] = [
        "zeros": "zeros(2, 3)", "ones": "ones(4)", "full": "full(0.5, 3)", "arange": "arange(1, 13)",
        "range": "range(3)", "linspace": "linspace(0, 1, 5)", "eye": "eye(3)",
        "reshape": "reshape(arange(6), 2, 3)", "transpose": "transpose(W)", "concat": "concat([x, x])",
        "stack": "stack([x, x], axis=1)", "len": "len(x)", "exp": "exp(x)", "log": "log(x)",
        "sqrt": "sqrt(x)", "abs": "abs(x)", "relu": "relu(x)", "tanh": "tanh(x)", "sigmoid": "sigmoid(x)",
        "sum": "sum(W, axis=0)", "mean": "mean(W)", "max": "max(W, axis=1, keepdims=true)", "min": "min(x)",
        "count_nonzero": "count_nonzero(x > 1)", "softmax": "softmax(W, axis=0)",
        "where": "where(x > 1, x, 0)",
        "clip": "clip(x, 0, 1)", "shape": "shape(W)", "selu": "selu(x)", "argmin": "argmin(x)",
        "argmax": "argmax(W, axis=1)", "Phi": "Phi(x)", "phi": "phi(x)", "detach": "detach(x)",
        "seed": "seed(3)", "rand": "rand(2, 3)", "randn": "randn(3)", "binomial": "binomial(1, 0.8, 2, 3)",
        "bernoulli": "bernoulli(0.5, 4)", "dropout": "dropout(x, p=0.5)",
        "gaussian_dropout": "gaussian_dropout(x, p=0.2)", "alpha_dropout": "alpha_dropout(x, p=0.2)",
        "train": "train()", "eval": "eval()", "trace": "trace(false)", "print": "print(\"x is\", x)",
        "show": "show(W)", "plot": "plot(x, kind=\"bar\")",
        "timegrid": "timegrid(reshape(bernoulli(0.5, 4), 2, 2))",
        "check": "check(x, x)", "explain": "explain(W[0, 1])", "expect": "expect(dropout(x, p=0.5))",
        "variance": "variance(dropout(x, p=0.5))", "outcomes": "outcomes(bernoulli(0.5, 2))",
        "mc": "mc(dropout(x, p=0.5), samples=10)", "samples": "samples(rand(2), n=3)",
        "backward": "y = sum(x * x)\nbackward(y)", "grad": "y = sum(x * x)\nbackward(y)\ngrad(x)",
        "gradcheck": "gradcheck(sum(dropout(x, p=0.5) * x), wrt=[x])",
        "dropconnect": "dropconnect(x, W, p=0.5)", "dropconnect_moments": "dropconnect_moments(x, W, p=0.5)",
        "dropconnect_infer": "dropconnect_infer(x, W, p=0.5, samples=10)",
        "rnn_cell": "rnn_cell(x, x, eye(3), eye(3), x)",
        "lstm_cell": "lstm_cell(x, x, x, ones(3, 12), ones(3, 12), ones(12))",
        "gru_cell": "gru_cell(x, x, ones(3, 9), ones(3, 9), ones(9), ones(9))",
        "locked_mask": "locked_mask(0.5, 3)", "zoneout": "zoneout(x, x * 2, 0.5)",
        "embedding_dropout": "embedding_dropout(W, 0.5, words=[1, 0])", "embedding": "embedding(W, [1, 1])",
        "weight_drop": "weight_drop(W, 0.5, variational=true)",
    ]

    static let setUp = "x = [0.5, 1.5, 2.]\nW = [[1., -2., 3.], [0.5, 0.25, -1.]]\nseed(0)\n"

    @Test func everyBuiltInHasANumpyForm() throws {
        #expect(Set(Builtins.names).subtracting(Self.examples.keys).isEmpty)
        for (name, code) in Self.examples.sorted(by: { $0.key < $1.key }) {
            let error = exportError(Self.setUp + code)
            #expect(error == nil, "\(name): \(error ?? "")")
        }
    }

    @Test func dropoutDrawsItsMaskAsRandLessThanQ() throws {
        let lines = try exported("x = [1., 2.]\nseed(0)\ny = dropout(x, p=0.25)")
        #expect(lines.contains("np.random.seed(0)"))
        #expect(lines.contains("mask = np.random.rand(*x.shape) < 0.75"))
        #expect(lines.contains("y = x * mask / 0.75"))
    }

    @Test func dropoutModesAndInference() throws {
        let down = try exported("x = [1., 2.]\ny = dropout(x, p=0.5, mode=\"downscale_in_infer\")")
        #expect(down.contains("y = x * mask"))
        let inference = try exported(
            "x = [1., 2.]\neval()\ny = dropout(x, p=0.5, mode=\"downscale_in_infer\")")
        #expect(inference.contains("y = x * 0.5"))
        #expect(!inference.contains(where: { $0.contains("np.random") }))
        let axis = try exported("x = ones(2, 3)\ny = dropout(x, p=0.5, axis=1)")
        #expect(axis.contains("mask = np.random.rand(1, x.shape[1]) < 0.5"))
    }

    @Test func drawsKeepNumpysLegacyCalls() throws {
        let lines = try exported(
            "a = rand(2, 3)\nb = randn(4)\nc = binomial(1, 0.8, 2, 3)\nd = bernoulli(0.25, 5)")
        #expect(lines.contains("a = np.random.rand(2, 3)"))
        #expect(lines.contains("b = np.random.randn(4)"))
        #expect(lines.contains("c = np.random.binomial(1, 0.8, size=(2, 3))"))
        #expect(lines.contains("d = (np.random.rand(5) < 0.25).astype(float)"))
    }

    @Test func comparisonsAreNumbersAndListsAreFloatArrays() throws {
        let lines = try exported("x = [1, 2, 3]\nm = x > 1")
        #expect(lines.contains("x = np.array([1, 2, 3], dtype=float)"))
        #expect(lines.contains("m = (x > 1).astype(float)"))
    }
}

@Suite struct NumpyNamingTests {
    @Test func pythonKeywordsAndHelpersAreRenamed() throws {
        let lines = try exported("pass = 2\ntext = 3")
        #expect(lines.contains("pass_ = 2"))
        #expect(lines.contains("text_ = 3"))
    }

    @Test func valueSemanticsCopyArrays() throws {
        let lines = try exported("W = [[1., 2.], [3., 4.]]\nV = W\nV[0, 1] = 5")
        #expect(lines.contains("V = W.copy()"))
        #expect(lines.contains("V[0, 1] = 5"))
    }

    @Test func loopsOverRangeUsePythonRange() throws {
        let lines = try exported("e = zeros(3)\nfor i in range(3): e[i] = i * 2")
        #expect(lines.contains("for i in range(3):"))
        #expect(lines.contains("    e[i] = i * 2"))
    }
}

@Suite struct NumpyChainRuleTests {
    @Test func gradientsAreWrittenOutputFirstNamedAsTheTrace() throws {
        let lines = try exported("x = [1., 2.]\nw = [3., 4.]\nloss = sum(x * w)\nbackward(loss)")
        let output = try #require(lines.firstIndex(of: "dloss_dloss = 1.0  # dloss/dloss"))
        let product = try #require(lines.firstIndex { $0.hasPrefix("dloss_dproduct = ") })
        let w = try #require(lines.firstIndex { $0.hasPrefix("dloss_dw = ") })
        let x = try #require(lines.firstIndex { $0.hasPrefix("dloss_dx = ") })
        #expect(output < product && product < x && product < w)
        #expect(lines[w] == "dloss_dw = dloss_dproduct * x  # dloss/dw")
        #expect(lines.contains("show(\"dloss/dw =\", dloss_dw)"))
    }

    @Test func dropoutsBackwardMultipliesByTheSameMask() throws {
        let lines = try exported(
            "h = [1., 2., 3.]\nseed(1)\nd = dropout(h, p=0.5)\nloss = sum(d * d)\nbackward(loss)")
        #expect(lines.contains("dloss_dh = dloss_dd * mask / 0.5  # dloss/dh"))
    }

    @Test func gradReadsTheGradientVariable() throws {
        let lines = try exported("x = [1., 2.]\nloss = sum(x * x)\nbackward(loss, show=false)\ng = grad(x)")
        #expect(lines.contains("g = dloss_dx.copy()"))
        #expect(!lines.contains { $0.hasPrefix("show(") })
    }

    @Test func gradcheckUsesCentredDifferencesWithTheDrawsMadeOnce() throws {
        let lines = try exported("x = [1., 2.]\nseed(0)\ngradcheck(sum(dropout(x, p=0.5) * x), wrt=[x])")
        let draw = try #require(lines.firstIndex { $0.contains("np.random.rand") })
        let function = try #require(lines.firstIndex { $0.hasPrefix("def checked(x):") })
        #expect(draw < function)
        #expect(
            lines.contains { $0.contains("centred_differences(lambda nudged: checked(nudged), x, h=1e-05)") })
    }
}

@Suite struct NumpyEnumerationTests {
    @Test func expectEnumeratesEveryOutcomeFromTheRecordedBitCount() throws {
        let lines = try exported("x = [1., 2., 3.]\ne = expect(dropout(x, p=0.5))")
        #expect(lines.contains("def per_outcome(o):"))
        #expect(lines.contains("    mask = o.bernoulli(0.5, x.shape)"))
        #expect(lines.contains("    return mask * (x / 0.5)"))
        #expect(lines.contains("e = expectation(per_outcome, 3)"))
    }

    @Test func varianceAndGeometricMeanUseTheirHelpers() throws {
        #expect(
            try exported("x = [1., 2.]\nv = variance(dropout(x, p=0.5))").contains(
                "v = exact_variance(per_outcome, 2)"))
        let geometric = try exported(
            "x = [1., 2.]\ng = expect(softmax(dropout(x, p=0.5) + 1), mean=\"geometric\")")
        #expect(geometric.contains("g = geometric_expectation(per_outcome, 2)"))
    }

    @Test func oneDrawSiteIsVectorisedAndSeveralLoopInNumpysOrder() throws {
        let one = try exported("x = [1., 2.]\nm = mc(dropout(x, p=0.5), samples=10)")
        #expect(one.contains("mask = np.random.rand(10, *x.shape) < 0.5"))
        let two = try exported("x = [1., 2.]\nm = mc(dropout(x, p=0.5) * rand(2), samples=10)")
        #expect(two.contains("for run in range(10):"))
        #expect(two.contains("runs = np.array(runs, dtype=float)"))
    }

    @Test func whatCannotBeExportedNamesTheStatement() throws {
        let error = try #require(
            exportError("x = [1., 2.]\nfor i in range(2): v = outcomes(bernoulli(0.5, 1))"))
        #expect(error.contains("cannot export 'for i in range(2): v = outcomes(bernoulli(0.5, 1))' (line 2)"))
    }
}

@Suite struct NumpyDocumentTests {
    @Test func assertionsFollowEachBoundValue() throws {
        let lines = try exported("seed(0)\nu = rand(2)", asserting: true)
        let assertion = try #require(lines.first { $0.hasPrefix("agrees(\"u\", u, ") })
        #expect(assertion.hasSuffix("shape=(2,), exact=True)"))
    }

    @Test func notebookCellsCarryTheOutputDropstepPredicts() throws {
        var session = Session()
        let step = session.runProgram("x = [1., 2.]\ncheck(x, x)\nx * 2", origin: nil) { _, _ in }
        let document = try NumpyExport().document(title: "T", steps: [step])
        guard case .code(let source, let output) = document.cells.last else {
            Issue.record("the last cell is code")
            return
        }
        #expect(source.contains("check(x, x)"))
        #expect(source.hasSuffix("show(x * 2)"))
        #expect(output == "check passed\n[2 4]\n")
        let json = NotebookDocument.json(document)
        #expect(json.contains("\"nbformat_minor\": 5"))
        #expect(json.contains("\"id\": \"cell-2\""))
        #expect(json.contains("\"text\": [\n      \"check passed\\n\",\n      \"[2 4]\\n\"\n     ]"))
    }

    @Test func scriptsKeepProseAsComments() throws {
        let document = ExportDocument(
            title: "T", cells: [.markdown("# Title\n\nSome prose."), .code(source: "x = 1", output: "")])
        #expect(
            PythonScript.text(document)
                == "# T\n# Exported from dropstep: numpy code that prints the lesson's numbers.\n\n# # Title\n#\n# Some prose.\n\nx = 1\n"
        )
    }
}

@Suite struct NumpyLoopTests {
    @Test func severalDrawSitesDrawInALoopThenComputeVectorised() throws {
        let lines = try exported("seed(0)\nm = mc(dropout(selu(randn()), p=0.5), samples=10)")
        let loop = try #require(
            lines.firstIndex(of: "for run in range(10):  # the draws, in numpy's loop order"))
        #expect(lines[loop + 1] == "    drawn[run] = np.random.randn()")
        #expect(lines[loop + 2] == "    drawn_2[run] = np.random.rand()")
        #expect(lines.contains("mask = drawn_2 < 0.5"))
    }

    @Test func expectInsideALoopReadsItsOutcomeCountFromTheFirstRun() throws {
        let lines = try exported(
            "x = [1., 2.]\ne = zeros(3)\nfor i in range(3):\n    e[i] = sum(expect(dropout(x * i, p=0.5)))")
        #expect(lines.contains("for i in range(3):"))
        #expect(lines.contains("    e[i] = np.sum(expectation(per_outcome, 2))"))
    }

    @Test func backwardInsideATrainingLoop() throws {
        let lines = try exported(
            "w = [1., 2.]\nfor t in range(3):\n    loss = sum(w * w)\n    backward(loss, show=false)\n    w = detach(w - 0.1 * grad(w))"
        )
        #expect(lines.contains { $0.hasPrefix("    dloss_dw = ") })
        #expect(lines.contains("    w = w - 0.1 * dloss_dw"))
    }

    @Test func theChainRuleAfterALoopReadsEachStepsStoredMask() throws {
        let code = """
            h0 = [1., 2., 3.]
            M = zeros(2, 3)
            h = h0
            for t in range(2):
                M[t] = bernoulli(0.5, 3)
                h = tanh(h) * M[t]
            backward(sum(h), show=false)
            g = grad(h0)
            """
        let lines = try exported(code)
        #expect(lines.contains { $0.contains("* M[1]") })
        #expect(lines.contains { $0.contains("M[0]") })
        #expect(lines.contains { $0.hasPrefix("g = dy_dh0") })
    }

    @Test func gradcheckOfARecordedValueReplaysItsComputation() throws {
        let lines = try exported(
            "W = [[1., 2.], [3., 4.]]\nx = [1., -1.]\nloss = sum(tanh(W @ x))\ngradcheck(loss, wrt=[W])")
        #expect(lines.contains("def replayed(W):"))
        #expect(lines.contains("    # the recorded computation from W, its masks as drawn"))
        #expect(
            lines.contains {
                $0.hasPrefix("numeric_dW = centred_differences(lambda nudged: replayed(nudged), W")
            })
    }

    @Test func gradcheckInsideALoopIsRefused() throws {
        let error = try #require(
            exportError("x = [1., 2.]\nfor i in range(2): gradcheck(sum(x * x), wrt=[x])"))
        #expect(error.contains("gradcheck inside a loop"))
    }
}
