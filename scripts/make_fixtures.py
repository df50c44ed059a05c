#!/usr/bin/env python3
"""Write the JSON fixtures the Swift tests compare against, straight from numpy.

Regenerate with `python3 scripts/make_fixtures.py` (or `make fixtures`) from the repository
root; the files land in Tests/DropoutCoreTests/Fixtures/. Each fixture file has one
`write_*` function below; add a new file by adding a function and calling it from `main()`.

Doubles are written with Python's `repr`, the shortest string that reads back to the same
bits, so the Swift side can compare for exact equality.
"""

import json
import pathlib

import numpy as np

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "DropoutCoreTests" / "Fixtures"


def write_json(name, payload):
    """Write one fixture file as compact JSON under Tests/DropoutCoreTests/Fixtures/."""
    FIXTURES.mkdir(parents=True, exist_ok=True)
    path = FIXTURES / name
    text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    path.write_text(text + "\n")
    print(f"wrote {path.relative_to(FIXTURES.parent.parent.parent)} ({len(text)} bytes)")


# ---------------------------------------------------------------------------------------------
# random.json: numpy's legacy global generator (np.random.seed / rand / randn / binomial).
#
# A case is a seed and a list of steps run in order on one generator; each step records the
# values numpy produced, flattened row-major. Ops:
#   rand      shape                  np.random.rand(*shape)
#   randn     shape                  np.random.randn(*shape)
#   binomial  n, p, shape            np.random.binomial(n, p, size=shape)
#   bernoulli q, shape               np.random.rand(*shape) < q, as 0/1
#   seed      seed                   np.random.seed(seed) mid-stream (no values)
# An empty shape means the scalar call (no size argument). Every case ends with rand(3) so a
# step that consumes the wrong number of words shows up even when its own values match.


def rand(*shape):
    return {"op": "rand", "shape": list(shape)}


def randn(*shape):
    return {"op": "randn", "shape": list(shape)}


def binomial(n, p, *shape):
    return {"op": "binomial", "n": n, "p": p, "shape": list(shape)}


def bernoulli(q, *shape):
    return {"op": "bernoulli", "q": q, "shape": list(shape)}


def reseed(seed):
    return {"op": "seed", "seed": seed}


def run_step(step):
    """Perform one step on numpy's global generator and return it with its values."""
    op, shape = step["op"], tuple(step.get("shape", ()))
    if op == "seed":
        np.random.seed(step["seed"])
        return dict(step)
    if op == "rand":
        out = np.random.rand(*shape)
    elif op == "randn":
        out = np.random.randn(*shape)
    elif op == "binomial":
        out = np.random.binomial(step["n"], step["p"], size=shape or None)
    elif op == "bernoulli":
        out = (np.random.rand(*shape) < step["q"]).astype(np.float64)
    else:
        raise ValueError(op)
    values = np.asarray(out, dtype=np.float64).ravel().tolist()
    return dict(step, values=values)


def random_case(name, seed, steps):
    np.random.seed(seed)
    return {"name": name, "seed": seed, "steps": [run_step(s) for s in steps + [rand(3)]]}


def random_cases():
    cases = []
    for seed in [0, 1, 42, 100, 2**32 - 1, 123456789]:
        cases.append(random_case(f"seed {seed}", seed, [rand(3), rand(2, 3), randn(4), rand(), randn()]))
    cases.append(random_case("seed 100 rand(2,3,3,3)", 100, [rand(2, 3, 3, 3)]))
    cases.append(random_case("shapes", 9, [rand(1), rand(4, 1), rand(2, 2, 2), rand(1, 2, 3, 4), rand(0), randn(3, 5)]))

    # 624 words make one block; these cross the twist many times, at odd offsets too.
    cases.append(random_case("many twists", 5, [rand(4000)]))
    cases.append(random_case("twists at odd offsets", 7, [randn(1), rand(311), randn(1001), rand(313), randn(7), rand(1000)]))

    # The legacy Gaussian cache survives other draws and is cleared by seeding.
    cases.append(random_case("interleaved", 3, [
        randn(), rand(), randn(), randn(), rand(), randn(3), rand(2), randn(1), randn(2, 2), rand(1), randn(),
        binomial(10, 0.3, 2), randn(), bernoulli(0.5, 3), randn(5), binomial(1000, 0.4, 3), randn(1),
    ]))
    cases.append(random_case("seed clears the gauss cache", 11, [randn(1), reseed(11), randn(1), randn(3), reseed(12), rand(2), randn()]))

    # Inversion (n * min(p, 1 - p) <= 30), including the legacy path's draws for n == 0 or p in {0, 1}.
    cases.append(random_case("binomial inversion", 0, [
        binomial(10, 0.3, 50), binomial(1, 0.5, 20), binomial(20, 0.7, 30), binomial(60, 0.5, 20),
        binomial(50, 0.9, 100), binomial(1, 0.999, 10), binomial(1, 0.001, 10), binomial(3, 0.5),
        binomial(5, 0.0, 3), binomial(0, 0.5, 3), binomial(5, 1.0, 3), binomial(0, 0.0, 2), binomial(200, 0.15, 40),
    ]))
    # BTPE (n * min(p, 1 - p) > 30); large n*p*q reaches the squeeze and Stirling steps.
    cases.append(random_case("binomial btpe", 1, [
        binomial(100, 0.4, 500), binomial(1000, 0.7, 500), binomial(61, 0.5, 200), binomial(10000, 0.3, 500),
        binomial(100000, 0.01, 200), binomial(1000000, 0.5, 100), binomial(100, 0.4),
        binomial(100, 0.4, 5), binomial(100, 0.6, 5), binomial(100, 0.4, 5), binomial(80, 0.45, 5),
    ]))

    # Seeds where the Stirling bound of BTPE's step 52 decides some samples (found by mutation).
    cases.append(random_case("binomial btpe stirling", 206, [binomial(10000, 0.3, 300), reseed(138), binomial(1000, 0.7, 300)]))

    # The two mask conventions: binomial(1, q) and rand() < q differ for the same seed.
    mask_steps = []
    for q in [0.5, 0.8, 0.2, 0.9, 0.25, 0.0, 1.0]:
        mask_steps += [reseed(4), binomial(1, q, 4, 5), reseed(4), bernoulli(q, 4, 5)]
    cases.append(random_case("masks", 4, mask_steps))
    return cases


def decoder_checks():
    """Doubles with their bit patterns, so the tests can check the JSON reader is exact."""
    values = [0.1, 1 / 3, 0.5434049417909654, 2.0**-53, 1 - 2.0**-53, 5e-324, 2.2250738585072014e-308,
              1.7976931348623157e308, -1.764052345967664, 123456789.12345679, 9007199254740993.0]
    np.random.seed(2024)
    values += np.random.randn(20).tolist()
    return [{"value": v, "bits": np.float64(v).view(np.uint64).item()} for v in values]


def write_random():
    write_json("random.json", {
        "numpy_version": np.__version__,
        "decoder_checks": decoder_checks(),
        "cases": random_cases(),
    })


def main():
    write_random()


if __name__ == "__main__":
    main()
