import Rendering
import Testing

@testable import LessonScript

/// Random and mutated programs must evaluate to a value or a located error: never a crash or a hang.
@Suite struct EvaluatorFuzzTests {
    /// SplitMix64: a tiny deterministic generator so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let corpus = [
        "x = reshape(arange(1, 13), 4, 3)\nseed(100); y = dropout(x, p=0.5)\nexplain(y[2, 1])",
        "x = [1.0, -2, 3]; W = [[1, 2], [3, 4], [5, 6]]\nh = relu(x @ W)\nbackward(sum(h * h)); grad(W)",
        "expect(relu(dropout([1, 2, 3], p=0.4) @ [[1, -1], [2, 0], [0, 1]]))",
        "v, p = outcomes(dropout([1, 2], p=0.25)); sum(v * reshape(p, 4, 1), axis=0)",
        "s = 0\nfor t in range(5):\n    s = s + t ** 2\ncheck(s, 30)",
        "z = softmax([[1, 2, 3], [0, 0, 0]], axis=-1); z[1, ::2]; z.T.shape",
        "seed(3); m = bernoulli(0.3, 2, 4); where(m, 1, -1) * clip(randn(2, 4), -1, 1)",
        "mc(dropout(ones(6), p=0.5), samples=64)",
        "x = randn(3); gradcheck(sum(tanh(x) * sigmoid(x)), wrt=[x])",
        "a = concat([ones(2, 2), zeros(2, 1)], axis=1); stack([a, a], axis=0)[1, :, 2]",
        "variance(dropout([4, 8], p=0.5, mode=\"downscale_in_infer\"))",
        "x = zeros(3, 3); x[1, :] = [1, 2, 3]; mean(x, axis=0, keepdims=true)",
        "eval(); dropout([1, 2]); train(); alpha_dropout(randn(4), p=0.2); gaussian_dropout([1, 2], p=0.3)",
        "W = eye(3)\ndef layer(x, p=0.5):\n    return relu(dropout(x, p=p) @ W)\nexpect(layer(layer([1, 2, 3])))",
        "def f(n):\n    s = 0\n    for t in range(n):\n        s = s + t\n        return s * f(n - 1)\nf(3)",
        "g = lambda x, k=2: x * k; mc(g(dropout(ones(2))), samples=8); gradcheck(sum(g(tanh([1., 2]))), wrt=[g])",
        "def cell(s, x=1):\n    \"Doc.\"\n    return tanh(dropout(s) + x)\nvariance(cell(cell([0.5, 1])))",
    ]

    static let fragments = [
        "(", ")", "[", "]", ",", ":", "=", "+", "-", "*", "/", "**", "@", "<", "==", ".", "x", "y", "p=",
        "axis=",
        "dropout(", "expect(", "sum(", "\n", "    ", ";", "#", "\"", "'", "None", "true", "for t in ",
        "range(", "1e308", "-1", "def f(x):\n    ", "return ", "lambda x: ", "f(", "layer(",
    ]

    func evaluateSafely(_ source: String) {
        var evaluator = Evaluator()
        evaluator.iterationLimit = 5_000
        do {
            try evaluator.run(source)
        } catch {
            // The error points into the text: a line it has, a column on that line (or just past
            // its end), and an end not before its start.
            #expect(
                error.range.isWithin(source), "error at \(error.range) outside \(source.debugDescription)")
            #expect(!error.message.isEmpty, "error without a message for: \(source.debugDescription)")
            let rendered = DiagnosticRenderer().render(error, source: source)
            #expect(
                rendered.contains(error.message), "rendering lost the message for \(source.debugDescription)")
        }
    }

    @Test func mutatedProgramsNeverCrash() {
        var random = SplitMix(state: 20_261_123)
        for _ in 0..<3_000 {
            var characters = Array(Self.corpus.randomElement(using: &random)!)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                guard !characters.isEmpty else { break }
                let at = Int.random(in: 0..<characters.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: characters.remove(at: at)
                case 1: characters.insert(contentsOf: Self.fragments.randomElement(using: &random)!, at: at)
                case 2: characters.swapAt(at, Int.random(in: 0..<characters.count, using: &random))
                default: characters.insert(characters[at], at: at)
                }
            }
            evaluateSafely(String(characters))
        }
    }

    @Test func randomFragmentSoupNeverCrashes() {
        var random = SplitMix(state: 7)
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...12, using: &random)
            evaluateSafely((0..<count).map { _ in Self.fragments.randomElement(using: &random)! }.joined())
        }
    }

    @Test func randomBytesNeverCrash() {
        var random = SplitMix(state: 99)
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            evaluateSafely(String(decoding: bytes, as: UTF8.self))
        }
    }
}
