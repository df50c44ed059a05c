// Times dropstep's core and language on the workloads `scripts/bench.py` compares with numpy.
// Prints one JSON object: {"name": best milliseconds, ...}. Run through `make bench`.
import LessonScript

#if canImport(Glibc)
    import Glibc
#endif

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
}

/// The best of `repeats` runs of `body`, in milliseconds (a checksum keeps the work alive).
func best(_ repeats: Int = 5, _ body: () throws -> Double) rethrows -> (ms: Double, checksum: Double) {
    var fastest = Double.infinity
    var checksum = 0.0
    for _ in 0..<repeats {
        let start = now()
        checksum = try body()
        fastest = min(fastest, now() - start)
    }
    return (fastest, checksum)
}

Allocator.preferReuse()
var results = [(String, Double, Double)]()
let only = CommandLine.arguments.dropFirst().first

@MainActor func record(_ name: String, _ body: () throws -> Double) rethrows {
    if let only, only != name { return }
    let (ms, checksum) = try best(5, body)
    results.append((name, ms, checksum))
}

// (a) 10 million uniform draws, into a fresh tensor as np.random.rand(10_000_000) does.
try record("uniform_10m") {
    var source = NumpySource(generator: NumpyGenerator(seed: 0))
    return try source.draw(.uniform([10_000_000])).values.scalars[9_999_999]
}

// (b) A 10-million-element dropout forward pass with a drawn mask.
let big = Tensor(repeating: 1.5, shape: [10_000_000])
try record("dropout_forward_10m") {
    var source: any RandomSource = NumpySource(generator: NumpyGenerator(seed: 0))
    let y = try Dropout.dropout(Node.constant(big), DropoutSettings(dropProbability: 0.5), random: &source)
    return y.value.scalars[9_999_999]
}

// (b') The same through the language, as a learner types it: ones, then the mask pass.
try record("language_dropout_10m") {
    var evaluator = Evaluator()
    try evaluator.run("seed(0)\ny = dropout(ones(10000000), p=0.5)")
    return evaluator.environment.variables["y"]?.tensor?.scalars[9_999_999] ?? .nan
}

// (c) Exact expectation of relu(dropout(x) @ W) over all 2^20 masks of a 20-element x.
var setup = NumpyGenerator(seed: 1)
let x20 = Tensor((0..<20).map { _ in setup.nextGaussian() })
let w20 = Tensor(shape: [20, 4], scalars: (0..<80).map { _ in setup.nextGaussian() })
try record("exact_relu_dropout_2e20") {
    let result = try Expectation.exact { source in
        let h = try Dropout.dropout(
            Node.constant(x20), DropoutSettings(dropProbability: 0.5), random: &source
        ).value
        return try Tensor.matmul(h, w20).applying(.relu)
    }
    return result.mean.scalars[0]
}

// (d) Monte Carlo mean of dropout(x) on 12 elements with 1,000,000 samples.
let x12 = try Tensor.arange(1, 13)
try record("mc_dropout_12_1m") {
    var source = NumpySource(generator: NumpyGenerator(seed: 0))
    let estimate = try Expectation.monteCarlo(samples: 1_000_000, source: &source) { random in
        try Dropout.dropout(Node.constant(x12), DropoutSettings(dropProbability: 0.5), random: &random).value
    }
    return estimate.mean.scalars[0]
}

// (f) The same Monte Carlo mean through the language.
try record("language_mc_dropout_12_1m") {
    var evaluator = Evaluator()
    let results = try evaluator.run("x = arange(1, 13)\nmc(dropout(x, p=0.5), samples=1000000)")
    return results.last?.value?.tensor?.scalars[0] ?? .nan
}

// (g) DropConnect inference (Wan et al.'s Algorithm 2): W 64 x 32, Z = 100,000 Gaussian samples
// of the 64 pre-activations through relu, averaged; the numbers numpy draws after seed(0).
var layerSetup = NumpyGenerator(seed: 2013)
let w64x32 = Tensor(
    shape: [64, 32], scalars: (0..<2048).map { _ in layerSetup.nextGaussian() / 32.0.squareRoot() })
let v32 = Tensor((0..<32).map { _ in layerSetup.nextDouble() })
try record("dropconnect_infer_64x32_100k") {
    var source: any RandomSource = NumpySource(seed: 0)
    let y = try DropConnect.infer(
        Node.constant(v32), Node.constant(w64x32), dropProbability: 0.5, samples: 100_000, random: &source)
    return y.value.scalars[0]
}

// (h) The same through the language.
try record("language_dropconnect_infer_64x32_100k") {
    var evaluator = Evaluator()
    let results = try evaluator.run(
        "seed(2013)\nW = randn(64, 32) / sqrt(32)\nv = rand(32)\nseed(0)\ndropconnect_infer(v, W, 0.5, samples=100000)"
    )
    return results.last?.value?.tensor?.scalars[0] ?? .nan
}

let body = results.map { "\"\($0.0)\": {\"ms\": \($0.1), \"checksum\": \($0.2)}" }.joined(separator: ", ")
print("{" + body + "}")
