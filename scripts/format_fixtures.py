#!/usr/bin/env python3
"""Generates Tests/DropoutCoreTests/Fixtures/format.json: how numpy prints tensors.

Each case holds a shape, its row-major data (as shortest round-trip strings, so every double
survives JSON exactly; "nan", "inf" and "-inf" included), print options, and the text numpy
gives. dropstep prints arrays whose elements are all finite whole numbers (below 1e16) as
numpy prints int64 arrays, so those cases are printed after `astype(np.int64)`.

Run from the repository root: python3 scripts/format_fixtures.py
"""

import json
import math
import os

import numpy as np

OUT = os.path.join("Tests", "DropoutCoreTests", "Fixtures", "format.json")


def is_integral(values):
    return all(math.isfinite(v) and v == math.floor(v) and abs(v) < 1e16 for v in values)


def case(name, data, shape=None, precision=8, linewidth=75, threshold=1000, edgeitems=3):
    array = np.array(data, dtype=np.float64)
    if shape is not None:
        array = array.reshape(shape)
    flat = [float(v) for v in array.reshape(-1)]
    options = dict(max_line_width=linewidth, threshold=threshold, edgeitems=edgeitems)
    if is_integral(flat):
        expected = np.array2string(array.astype(np.int64), **options)
    else:
        expected = np.array2string(array, precision=precision, **options)
    return {
        "name": name,
        "shape": list(array.shape),
        "data": [repr(v) for v in flat],
        "precision": precision,
        "lineWidth": linewidth,
        "threshold": threshold,
        "edgeItems": edgeitems,
        "expected": expected,
    }


def cases():
    rng = np.random.RandomState(20240611)
    yield case("scalar third", 1 / 3, shape=())
    yield case("scalar half", 0.5, shape=())
    yield case("scalar integral", 6.0, shape=())
    yield case("scalar negative zero", -0.0, shape=())
    yield case("scalar nan", math.nan, shape=())
    yield case("scalar -inf", -math.inf, shape=())
    yield case("scalar tiny", 1e-5, shape=())
    yield case("scalar large integral", 123456789.0, shape=())
    yield case("scalar large", 1.5e10 + 0.5, shape=())
    yield case("scalar 0.1+0.2", 0.1 + 0.2, shape=())
    yield case("vector simple", [1.5, 2.25, -3.125])
    yield case("vector thirds", [0.1 + 0.2, 1 / 3, 2 / 3])
    yield case("vector integral", [2.0, 0.0, 6.0])
    yield case("vector negative zero integral", [-0.0, 1.0, 2.0])
    yield case("vector negative zero float", [-0.0, 0.5])
    yield case("vector one and half", [1.0, 0.5])
    yield case("vector tiny alone", [1e-5])
    yield case("vector tiny and one", [1e-5, 1.0])
    yield case("vector ratio over 1000", [0.001, 2.0])
    yield case("vector mixed magnitudes", [0.001, 2.0, 300.5])
    yield case("vector large", [1e8 + 0.5, 3.25])
    yield case("vector large ratio", [123456.789, 0.001])
    yield case("vector just below 1e8", [99999999.5, 1.25])
    yield case("vector tiny scientific", [1e-5, 2e-7, -3.3e-9])
    yield case("vector scientific precision", [1e-5, 1.2345e-5, -3e-7])
    yield case("vector extreme", [1e-300, 5e-324])
    yield case("vector huge", [1e300, -2.5e-300])
    yield case("vector huge integral", [1e20, 3.0])
    yield case("vector nan inf", [1.5, math.nan, math.inf, -math.inf])
    yield case("vector nan only", [math.nan, math.nan])
    yield case("vector inf only", [math.inf])
    yield case("vector integral with nan", [1.0, math.nan])
    yield case("vector inf and tiny", [math.inf, 1e-7])
    yield case("vector ties p2", [0.125, 0.375, 0.625], precision=2)
    yield case("vector near ties p2", [1.005, 2.675, 0.135], precision=2)
    yield case("vector p0", [0.5, 1.5, 2.5, 3.7], precision=0)
    yield case("vector carry", [0.99999999999, 2.0])
    yield case("vector sci carry", [9.99999999999e-5, 1.0])
    yield case("vector exact digits p16", [1e-6, 0.2, -3.142857142857143], precision=16)
    yield case("vector rounding to zero", [1e-9 + 0.5, 0.25])
    yield case("matrix integral", [[1.0, -2.0], [3.0, 4.0]])
    yield case("matrix integral wide", [[1.0, -200.0, 3.0], [40.0, 5.0, 6.0]])
    for precision in (2, 4, 8):
        yield case(f"matrix randn p{precision}", rng.randn(3, 4), precision=precision)
        yield case(f"matrix rand p{precision}", rng.rand(4, 3), precision=precision)
        yield case(f"rank3 randn p{precision}", rng.randn(2, 3, 4), precision=precision)
    yield case("matrix negative", -rng.rand(3, 3))
    yield case("matrix scaled", rng.randn(3, 3) * 1000)
    yield case("matrix small", rng.randn(2, 3) * 1e-3)
    yield case("matrix very small", rng.randn(2, 3) * 1e-6)
    yield case("matrix thirds", np.arange(1, 7).reshape(2, 3) / 3)
    yield case("rank3 halves", np.arange(12).reshape(2, 3, 2) + 0.5)
    yield case("rank3 integral", np.arange(-6, 6).reshape(3, 2, 2))
    yield case("rank4 halves", np.arange(24).reshape(2, 3, 2, 2) + 0.5)
    yield case("rank4 randn", rng.randn(2, 2, 2, 3), precision=4)
    yield case("rank4 integral", np.arange(16).reshape(2, 2, 2, 2))
    yield case("wrap randn 30", rng.randn(30))
    yield case("wrap rand 3x20", rng.rand(3, 20))
    yield case("wrap p2 40", rng.randn(40), precision=2)
    yield case("wrap arange float", np.arange(100) * 1.5)
    yield case("wrap integral", np.arange(40) * 1000)
    yield case("wrap rank3", rng.randn(2, 2, 12), precision=4)
    yield case("wrap narrow", rng.rand(12), linewidth=40)
    # Big cases use few digits: only their corners are printed, and the file stays small.
    yield case("summary 1001", rng.randn(1001).round(4))
    yield case("summary 40x30", rng.randn(40, 30).round(4))
    yield case("summary 11x11x11", rng.randn(11, 11, 11).round(4), precision=3)
    yield case("summary integral", np.arange(2000))
    yield case("summary integral matrix", rng.randint(-50, 50, size=(50, 50)))
    yield case("summary rank4", rng.rand(8, 8, 4, 5).round(3), precision=2)
    yield case("summary edge 2", rng.randn(20), threshold=10, edgeitems=2)
    yield case("summary with tiny corner", np.concatenate([[1e-6], np.ones(1100) * 0.5]))
    yield case("dropout output", np.array([[2.0, 0.0, 6.0], [0.0, 10.0, 0.0]]))
    yield case("mask scaled", np.array([[1, 0, 1], [0, 1, 1]]) / 0.7)


def main():
    data = {
        "generator": "scripts/format_fixtures.py",
        "numpy": np.__version__,
        "note": "expected = np.array2string(array, precision=p); all-integral arrays as int64",
        "cases": list(cases()),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    # One case per line keeps the file small and its diffs readable.
    header = {k: v for k, v in data.items() if k != "cases"}
    lines = [json.dumps(c) for c in data["cases"]]
    text = json.dumps(header)[:-1] + ', "cases": [\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {len(data['cases'])} cases to {OUT} (numpy {np.__version__})")


if __name__ == "__main__":
    main()
