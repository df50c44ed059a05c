#!/usr/bin/env python3
"""Time dropstep against numpy on the same machine, in one run, and print the ratios.

Run with `make bench` (builds the release binaries first). Ratio = dropstep / numpy;
below 0.5 means dropstep is at least twice as fast. Both sides report the best of
several runs, net of process start-up (except the cold-start row, which is start-up).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "release", "dropstep-bench")
DROPSTEP = os.path.join(ROOT, ".build", "release", "dropstep")


def best(fn, repeats=5):
    fastest = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest * 1000


def numpy_uniform():
    np.random.seed(0)
    return np.random.rand(10_000_000)


X10M = np.full(10_000_000, 1.5)


def numpy_dropout_forward():
    np.random.seed(0)
    q = 0.5
    return X10M * (np.random.rand(X10M.size) < q) / q


def numpy_language_dropout():
    """`dropout(ones(10000000), p=0.5)` as numpy writes it: make x, draw, compare, scale."""
    np.random.seed(0)
    q = 0.5
    x = np.ones(10_000_000)
    return x * (np.random.rand(x.size) < q) / q


def numpy_exact_relu_dropout():
    rng = np.random.RandomState(1)
    x = rng.randn(20)
    w = rng.randn(20, 4)
    total = np.zeros(4)
    chunk = 1 << 14
    bits = np.arange(20)
    for start in range(0, 1 << 20, chunk):
        outcomes = np.arange(start, start + chunk)[:, None]
        masks = (outcomes >> bits) & 1
        probs = np.prod(np.where(masks == 1, 0.5, 0.5), axis=1)
        h = np.maximum((x * masks / 0.5) @ w, 0)
        total += probs @ h
    return total


def numpy_mc_dropout():
    np.random.seed(0)
    x = np.arange(1, 13, dtype=float)
    q = 0.5
    samples = 1_000_000
    y = x * (np.random.rand(samples, 12) < q) / q
    return y.mean(axis=0), y.std(axis=0, ddof=1) / np.sqrt(samples)


DC_SETUP = np.random.RandomState(2013)
W64X32 = DC_SETUP.randn(64, 32) / np.sqrt(32)
V32 = DC_SETUP.rand(32)


def numpy_dropconnect_infer():
    """Wan et al.'s Algorithm 2 for one example: u ~ N(q W v, q (1 - q) (W*W)(v*v)), relu, mean."""
    np.random.seed(0)
    q = 0.5
    mean = q * W64X32 @ V32
    var = q * (1 - q) * (W64X32 * W64X32) @ (V32 * V32)
    u = mean + np.sqrt(var) * np.random.randn(100_000, 64)
    return np.maximum(u, 0).mean(axis=0)


def cold(command, repeats=20):
    fastest = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        fastest = min(fastest, time.perf_counter() - start)
    return fastest * 1000


def scaling():
    """Time against the number of statements and cells: linear, not quadratic."""
    with tempfile.TemporaryDirectory() as directory:
        print("time against program size (dropstep alone; doubling the size should double the time)")
        for count in (10_000, 20_000, 40_000):
            path = os.path.join(directory, f"lines{count}.ds")
            with open(path, "w") as program:
                program.write("x = 1\n" * count)
            ms = cold([DROPSTEP, "eval", path], repeats=3)
            print(f"  eval of {count:6} lines 'x = 1'{'':17} {ms:9.1f} ms")
        for count in (10_000, 20_000):
            path = os.path.join(directory, f"cells{count}.md")
            with open(path, "w") as lesson:
                lesson.write("---\nid: big\ntitle: Big\n---\n\n")
                lesson.write("".join(f"```dropstep\nx = {i}\n```\n\n" for i in range(count)))
            ms = cold([DROPSTEP, "check", path], repeats=3)
            print(f"  check of a lesson of {count:6} cells{'':12} {ms:9.1f} ms")


def main():
    ours = json.loads(subprocess.run([BENCH], check=True, capture_output=True, text=True).stdout)
    rows = [
        ("(a) 10M uniform draws", "uniform_10m", best(numpy_uniform)),
        ("(b) 10M dropout forward", "dropout_forward_10m", best(numpy_dropout_forward)),
        ("language: y = dropout(ones(10000000), p=0.5)", "language_dropout_10m", best(numpy_language_dropout)),
        ("(c) exact E[relu(dropout(x) @ W)], 2^20 masks", "exact_relu_dropout_2e20", best(numpy_exact_relu_dropout, 3)),
        ("(d) mc dropout, 12 elements, 1M samples", "mc_dropout_12_1m", best(numpy_mc_dropout)),
        ("language: mc(dropout(x), samples=1000000)", "language_mc_dropout_12_1m", best(numpy_mc_dropout)),
        ("(g) dropconnect_infer, W 64x32, Z = 100,000", "dropconnect_infer_64x32_100k", best(numpy_dropconnect_infer)),
        ("language: dropconnect_infer(v, W, samples=100000)", "language_dropconnect_infer_64x32_100k",
         best(numpy_dropconnect_infer)),
    ]
    # The same computation on both sides: the first output agrees (numpy's BLAS may round W @ v
    # differently in the last bit, hence a tolerance rather than equality).
    expected = numpy_dropconnect_infer()[0]
    for key in ("dropconnect_infer_64x32_100k", "language_dropconnect_infer_64x32_100k"):
        if key in ours and abs(ours[key]["checksum"] - expected) > 1e-12:
            print(f"warning: {key} gave {ours[key]['checksum']}, numpy {expected}")
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}; times are best-of-N milliseconds")
    print(f"{'workload':48} {'numpy':>9} {'dropstep':>9} {'ratio':>7}")
    for label, key, numpy_ms in rows:
        ms = ours[key]["ms"]
        print(f"{label:48} {numpy_ms:9.1f} {ms:9.1f} {ms / numpy_ms:7.2f}")
    scaling()
    numpy_start = cold([sys.executable, "-c", "import numpy"])
    our_start = cold([DROPSTEP, "eval", "-e", "1 + 1"])
    print(f"{'cold start: dropstep eval -e 1+1 vs import numpy':48} {numpy_start:9.1f} {our_start:9.1f} {our_start / numpy_start:7.2f}")


if __name__ == "__main__":
    main()
