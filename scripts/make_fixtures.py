#!/usr/bin/env python3
"""Write the JSON fixtures the Swift tests compare against, straight from numpy.

Regenerate with `python3 scripts/make_fixtures.py` (or `make fixtures`) from the repository
root; the files land in Tests/DropoutCoreTests/Fixtures/. Each fixture file has one
`write_*` function below; add a new file by adding a function and calling it from `main()`.

Doubles are written with Python's `repr`, the shortest string that reads back to the same
bits, so the Swift side can compare for exact equality.
"""

import json
import math
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


# ---------------------------------------------------------------------------------------------
# recurrent.json: the recurrent cells and every recurrent dropout variant, forward and backward.
#
# The reference math is written here in float64 numpy, backward by explicit formulas (checked
# against centered differences before anything is written). Each case's loss is
# sum(h' * wh) (+ sum(c' * wc) for the LSTM), so the gradients are those of a weighted sum.
# Shapes and gate orders follow SPEC section 8: x [in] or [batch, in], Wx [in, k*n],
# Wh [n, k*n], b [k*n]; LSTM gates i, f, o, g; GRU gates r, z, n as PyTorch's GRUCell.


def tensor(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": a.ravel().tolist()}


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def unbroadcast(g, shape):
    """Sum a gradient of a broadcast shape back to `shape` (numpy broadcasting's adjoint)."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, extent in enumerate(shape):
        if extent == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def matmul_backward(d, x, W):
    """Gradients of x @ W given d(x @ W) = d, for x a vector or a batch (d may carry a batch x lacks)."""
    dx = unbroadcast(d @ W.T, x.shape)
    d_own = d if d.ndim == x.ndim else d.sum(axis=0)
    dW = np.outer(x, d_own) if x.ndim == 1 else x.T @ d_own
    return dx, dW


def linear_backward(dax, dah, x, h, Wx, Wh):
    """Gradients of x @ Wx and h @ Wh given their gradients dax and dah."""
    dx, dWx = matmul_backward(dax, x, Wx)
    dh, dWh = matmul_backward(dah, h, Wh)
    return {"x": dx, "h": dh, "Wx": dWx, "Wh": dWh}


def rnn_forward(x, h, Wx, Wh, b):
    a = x @ Wx + h @ Wh + b
    return np.tanh(a), (x, h, Wx, Wh, b, a)


def rnn_backward(dh_next, cache):
    x, h, Wx, Wh, b, a = cache
    hn = np.tanh(a)
    da = dh_next * (1 - hn * hn)
    return linear_backward(da, da, x, h, Wx, Wh) | {"b": unbroadcast(da, b.shape)}


def lstm_forward(x, h, c, Wx, Wh, b, m=None):
    n = h.shape[-1]
    a = x @ Wx + h @ Wh + b
    i, f, o = sigmoid(a[..., :n]), sigmoid(a[..., n:2 * n]), sigmoid(a[..., 2 * n:3 * n])
    g = np.tanh(a[..., 3 * n:])
    gd = g if m is None else g * m
    c_next = f * c + i * gd
    h_next = o * np.tanh(c_next)
    return h_next, c_next, (x, h, c, Wx, Wh, b, m, i, f, o, g, gd, c_next)


def lstm_backward(dh_next, dc_next, cache):
    x, h, c, Wx, Wh, b, m, i, f, o, g, gd, c_next = cache
    tc = np.tanh(c_next)
    do = dh_next * tc
    dc = dc_next + dh_next * o * (1 - tc * tc)
    df, dc_prev, di, dgd = dc * c, dc * f, dc * gd, dc * i
    dg = dgd if m is None else dgd * m
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g * g)], axis=-1)
    grads = linear_backward(da, da, x, h, Wx, Wh)
    grads.update({"c": unbroadcast(dc_prev, c.shape), "b": unbroadcast(da, b.shape)})
    if m is not None:
        grads["update_mask"] = unbroadcast(dgd * g, np.shape(m))
    return grads


def gru_forward(x, h, Wx, Wh, bx, bh, m=None):
    n = h.shape[-1]
    ax, ah = x @ Wx + bx, h @ Wh + bh
    r = sigmoid(ax[..., :n] + ah[..., :n])
    z = sigmoid(ax[..., n:2 * n] + ah[..., n:2 * n])
    nn = np.tanh(ax[..., 2 * n:] + r * ah[..., 2 * n:])
    nd = nn if m is None else nn * m
    h_next = (1 - z) * nd + z * h
    return h_next, (x, h, Wx, Wh, bx, bh, m, ah, r, z, nn, nd)


def gru_backward(dh_next, cache):
    x, h, Wx, Wh, bx, bh, m, ah, r, z, nn, nd = cache
    n = h.shape[-1]
    dnd = dh_next * (1 - z)
    dz = dh_next * (h - nd)
    dn = dnd if m is None else dnd * m
    dan = dn * (1 - nn * nn)
    dar = dan * ah[..., 2 * n:] * r * (1 - r)
    daz = dz * z * (1 - z)
    dax = np.concatenate([dar, daz, dan], axis=-1)
    dah = np.concatenate([dar, daz, dan * r], axis=-1)
    grads = linear_backward(dax, dah, x, h, Wx, Wh)
    grads["h"] = grads["h"] + unbroadcast(dh_next * z, h.shape)
    grads.update({"bx": unbroadcast(dax, bx.shape), "bh": unbroadcast(dah, bh.shape)})
    if m is not None:
        grads["update_mask"] = unbroadcast(dnd * nn, np.shape(m))
    return grads


def numeric_gradient(f, inputs, name, step=1e-6):
    """Centered differences of the scalar f(inputs) with respect to inputs[name]."""
    base = inputs[name]
    grad = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        saved = base[index]
        base[index] = saved + step
        plus = f(inputs)
        base[index] = saved - step
        minus = f(inputs)
        base[index] = saved
        grad[index] = (plus - minus) / (2 * step)
    return grad


def verified(loss, inputs, grads):
    """Assert the hand-written gradients agree with centered differences; return them."""
    for name, grad in grads.items():
        numeric = numeric_gradient(loss, inputs, name)
        error = np.max(np.abs(grad - numeric) / np.maximum(1e-8, np.abs(grad) + np.abs(numeric)))
        assert error < 1e-6, (name, error)
    return grads


def cell_case(rng, cell, name, batch, n_in, n, h_batched=True, update_keep=None):
    k = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    lead = (batch,) if batch else ()
    inputs = {
        "x": rng.randn(*lead, n_in),
        "h": rng.randn(*(lead if h_batched else ()), n) * 0.5,
        "Wx": rng.randn(n_in, k * n) * 0.5,
        "Wh": rng.randn(n, k * n) * 0.5,
    }
    if cell == "lstm":
        inputs["c"] = rng.randn(*inputs["h"].shape)
    if cell == "gru":
        inputs["bx"], inputs["bh"] = rng.randn(k * n) * 0.1, rng.randn(k * n) * 0.1
    else:
        inputs["b"] = rng.randn(k * n) * 0.1
    if update_keep is not None:
        inputs["update_mask"] = (rng.rand(*lead, n) < update_keep) / update_keep
    out_shape = (batch, n) if batch else (n,)
    wh, wc = rng.randn(*out_shape), rng.randn(*out_shape)
    mask = lambda v: v.get("update_mask")

    def outputs(v):
        if cell == "rnn":
            return {"h": rnn_forward(v["x"], v["h"], v["Wx"], v["Wh"], v["b"])[0]}
        if cell == "lstm":
            h2, c2, _ = lstm_forward(v["x"], v["h"], v["c"], v["Wx"], v["Wh"], v["b"], mask(v))
            return {"h": h2, "c": c2}
        return {"h": gru_forward(v["x"], v["h"], v["Wx"], v["Wh"], v["bx"], v["bh"], mask(v))[0]}

    def loss(v):
        out = outputs(v)
        return np.sum(out["h"] * wh) + (np.sum(out["c"] * wc) if "c" in out else 0)

    if cell == "rnn":
        grads = rnn_backward(wh, rnn_forward(inputs["x"], inputs["h"], inputs["Wx"], inputs["Wh"], inputs["b"])[1])
    elif cell == "lstm":
        *_, cache = lstm_forward(inputs["x"], inputs["h"], inputs["c"], inputs["Wx"], inputs["Wh"], inputs["b"], mask(inputs))
        grads = lstm_backward(wh, wc, cache)
    else:
        _, cache = gru_forward(inputs["x"], inputs["h"], inputs["Wx"], inputs["Wh"], inputs["bx"], inputs["bh"], mask(inputs))
        grads = gru_backward(wh, cache)
    verified(loss, inputs, grads)
    weights = {"h": tensor(wh)}
    if cell == "lstm":
        weights["c"] = tensor(wc)
    return {
        "name": name, "cell": cell,
        "inputs": {key: tensor(v) for key, v in inputs.items()},
        "loss_weights": weights,
        "outputs": {key: tensor(v) for key, v in outputs(inputs).items()},
        "gradients": {key: tensor(v) for key, v in grads.items()},
    }


def cell_cases():
    rng = np.random.RandomState(8)
    return [
        cell_case(rng, "rnn", "rnn vector", 0, 3, 2),
        cell_case(rng, "rnn", "rnn batch", 4, 3, 2),
        cell_case(rng, "rnn", "rnn batch with a shared initial state", 3, 2, 3, h_batched=False),
        cell_case(rng, "lstm", "lstm vector", 0, 3, 2),
        cell_case(rng, "lstm", "lstm batch", 4, 3, 2),
        cell_case(rng, "lstm", "lstm batch, recurrent dropout on the update", 3, 2, 3, update_keep=0.6),
        cell_case(rng, "lstm", "lstm vector, recurrent dropout on the update", 0, 4, 3, update_keep=0.5),
        cell_case(rng, "gru", "gru vector", 0, 3, 2),
        cell_case(rng, "gru", "gru batch", 4, 3, 2),
        cell_case(rng, "gru", "gru batch with a shared initial state", 2, 3, 2, h_batched=False),
        cell_case(rng, "gru", "gru batch, recurrent dropout on the update", 3, 2, 3, update_keep=0.7),
    ]


def zoneout_cases():
    """Zoneout with a given mask (training) and in inference; loss sum(y * w)."""
    rng = np.random.RandomState(5)
    cases = []
    for name, training, p, shape in [
        ("training, vector", True, 0.3, (5,)), ("training, batch", True, 0.5, (3, 4)),
        ("inference, vector", False, 0.3, (5,)), ("inference, batch", False, 0.15, (3, 4)),
    ]:
        h_prev, h_new, w = rng.randn(*shape), rng.randn(*shape), rng.randn(*shape)
        m = (rng.rand(*shape) < p).astype(np.float64)
        if training:
            y = m * h_prev + (1 - m) * h_new
            grads = {"h_prev": m * w, "h_new": (1 - m) * w}
        else:
            y = p * h_prev + (1 - p) * h_new
            grads = {"h_prev": p * w, "h_new": (1 - p) * w}
        case = {"name": name, "training": training, "p": p, "h_prev": tensor(h_prev), "h_new": tensor(h_new),
                "loss_weights": tensor(w), "output": tensor(y),
                "gradients": {key: tensor(v) for key, v in grads.items()}}
        if training:
            case["mask"] = tensor(m)
        cases.append(case)
    return cases


def draw_cases():
    """Variants that draw their own masks, from np.random.seed(seed) as dropstep's seed(seed)."""
    cases = []
    rng = np.random.RandomState(21)

    def case(name, op, seed, p, x, mask, scale):
        """A dropout-like variant: y = x * mask * scale, loss sum(y * w), gradient w * mask * scale."""
        w = rng.randn(*x.shape)
        return {"name": name, "op": op, "seed": seed, "p": p, "input": tensor(x), "loss_weights": tensor(w),
                "mask": tensor(np.broadcast_to(mask, x.shape)), "output": tensor(x * mask * scale),
                "gradient": tensor(w * mask * scale)}

    # locked_mask(p, shape): bernoulli(q, shape) / q, one uniform per element. The input is a
    # sequence [T, ...shape] multiplied by the one mask at every step: y[t] = x[t] * m.
    for seed, p, shape in [(0, 0.5, (6,)), (3, 0.25, (2, 5)), (100, 0.7, (3, 1, 4))]:
        x = rng.randn(3, *shape)
        np.random.seed(seed)
        m = (np.random.rand(*shape) < 1 - p) / (1 - p)
        entry = case(f"locked_mask seed {seed}", "locked_mask", seed, p, x, m, 1)
        entry.update({"shape": list(shape), "mask": tensor(m)})
        cases.append(entry)
    # embedding_dropout(E, p): a [vocab, 1] mask, rows scaled by 1/q (dropout(E, p, axis=0)).
    for seed, p, vocab, dim in [(0, 0.5, 6, 3), (7, 0.3, 5, 4)]:
        E = rng.randn(vocab, dim)
        np.random.seed(seed)
        mask = (np.random.rand(vocab, 1) < 1 - p).astype(np.float64)
        cases.append(case(f"embedding_dropout seed {seed}", "embedding_dropout", seed, p, E, mask, 1 / (1 - p)))
    # weight_drop(W, p): every weight on its own; variational: whole columns of Wh [n, 4n].
    for seed, p, variational in [(1, 0.5, False), (2, 0.4, False), (1, 0.5, True), (9, 0.3, True)]:
        W = rng.randn(2, 8)
        np.random.seed(seed)
        shape = (1, 8) if variational else (2, 8)
        mask = (np.random.rand(*shape) < 1 - p).astype(np.float64)
        op = "weight_drop_variational" if variational else "weight_drop"
        cases.append(case(f"{op} seed {seed}", op, seed, p, W, mask, 1 / (1 - p)))
    # zoneout(h_prev, h_new, p) in training draws m = rand(shape) < p (1 = keep the old value).
    for seed, p, shape in [(4, 0.3, (5,)), (11, 0.5, (2, 3))]:
        h_prev, h_new, w = rng.randn(*shape), rng.randn(*shape), rng.randn(*shape)
        np.random.seed(seed)
        m = (np.random.rand(*shape) < p).astype(np.float64)
        cases.append({"name": f"zoneout seed {seed}", "op": "zoneout", "seed": seed, "p": p,
                      "h_prev": tensor(h_prev), "h_new": tensor(h_new), "loss_weights": tensor(w),
                      "mask": tensor(m), "output": tensor(m * h_prev + (1 - m) * h_new),
                      "gradients": {"h_prev": tensor(m * w), "h_new": tensor((1 - m) * w)}})
    return cases


def sequence_case(rng, cell, name, steps, batch, n_in, n):
    """A sequence unrolled over `steps` with backpropagation through time, loss sum_t sum(h_t * w_t).

    Each cell gets its dropout variant, with every mask given:
      rnn:  variational dropout (Gal): locked masks on x_t and on h_{t-1}, the same at every step;
      lstm: weight_drop on Wh (one elementwise mask) and Semeniuta's update mask, fresh per step;
      gru:  zoneout on h with a fresh 0/1 mask per step.
    """
    k = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    v = {
        "xs": rng.randn(steps, batch, n_in), "h0": rng.randn(batch, n) * 0.5,
        "Wx": rng.randn(n_in, k * n) * 0.5, "Wh": rng.randn(n, k * n) * 0.5,
    }
    if cell == "gru":
        v["bx"], v["bh"] = rng.randn(k * n) * 0.1, rng.randn(k * n) * 0.1
    else:
        v["b"] = rng.randn(k * n) * 0.1
    if cell == "lstm":
        v["c0"] = rng.randn(batch, n) * 0.5
    w = rng.randn(steps, batch, n)
    masks = {}
    if cell == "rnn":
        masks["x_mask"] = (rng.rand(batch, n_in) < 0.6) / 0.6
        masks["h_mask"] = (rng.rand(batch, n) < 0.6) / 0.6
    elif cell == "lstm":
        masks["weight_mask"] = (rng.rand(n, k * n) < 0.5) / 0.5
        masks["update_masks"] = (rng.rand(steps, batch, n) < 0.7) / 0.7
    else:
        masks["zoneout_masks"] = (rng.rand(steps, batch, n) < 0.4).astype(np.float64)

    def run(v):
        h, c, hs, caches = v["h0"], v.get("c0"), [], []
        for t in range(steps):
            if cell == "rnn":
                xt, hin = v["xs"][t] * masks["x_mask"], h * masks["h_mask"]
                h, cache = rnn_forward(xt, hin, v["Wx"], v["Wh"], v["b"])
            elif cell == "lstm":
                h, c, cache = lstm_forward(v["xs"][t], h, c, v["Wx"], v["Wh"] * masks["weight_mask"], v["b"],
                                           masks["update_masks"][t])
            else:
                h_new, cache = gru_forward(v["xs"][t], h, v["Wx"], v["Wh"], v["bx"], v["bh"])
                m = masks["zoneout_masks"][t]
                cache = (cache, h, h_new, m)
                h = m * h + (1 - m) * h_new
            hs.append(h)
            caches.append(cache)
        return np.array(hs), caches

    def loss(v):
        return np.sum(run(v)[0] * w)

    hs, caches = run(v)
    grads = {key: np.zeros_like(value) for key, value in v.items()}
    dh, dc = np.zeros((batch, n)), np.zeros((batch, n))
    for t in reversed(range(steps)):
        dh = dh + w[t]
        if cell == "rnn":
            g = rnn_backward(dh, caches[t])
            grads["xs"][t] = g["x"] * masks["x_mask"]
            dh = g["h"] * masks["h_mask"]
            for key in ("Wx", "Wh", "b"):
                grads[key] += g[key]
        elif cell == "lstm":
            g = lstm_backward(dh, dc, caches[t])
            grads["xs"][t] = g["x"]
            dh, dc = g["h"], g["c"]
            grads["Wx"] += g["Wx"]
            grads["Wh"] += g["Wh"] * masks["weight_mask"]
            grads["b"] += g["b"]
        else:
            cache, h_prev, h_new, m = caches[t]
            g = gru_backward(dh * (1 - m), cache)
            grads["xs"][t] = g["x"]
            dh = g["h"] + dh * m
            for key in ("Wx", "Wh", "bx", "bh"):
                grads[key] += g[key]
    grads["h0"] = dh
    if cell == "lstm":
        grads["c0"] = dc
    verified(loss, v, grads)
    return {
        "name": name, "cell": cell, "steps": steps,
        "inputs": {key: tensor(value) for key, value in v.items()},
        "masks": {key: tensor(value) for key, value in masks.items()},
        "loss_weights": tensor(w), "outputs": tensor(hs),
        "gradients": {key: tensor(value) for key, value in grads.items()},
    }


def sequence_cases():
    rng = np.random.RandomState(12)
    return [
        sequence_case(rng, "rnn", "rnn, variational dropout on x and h", 3, 2, 3, 2),
        sequence_case(rng, "lstm", "lstm, weight drop and recurrent dropout", 3, 2, 3, 2),
        sequence_case(rng, "gru", "gru, zoneout", 4, 2, 2, 3),
    ]


def write_recurrent():
    write_json("recurrent.json", {
        "numpy_version": np.__version__,
        "cells": cell_cases(),
        "zoneout": zoneout_cases(),
        "draws": draw_cases(),
        "sequences": sequence_cases(),
    })


# dropconnect.json: DropConnect (Wan et al. 2013) forward, backward, moments, exact expectation
# over every weight mask, and Gaussian moment-matching inference, all in plain numpy.
#
# Conventions, as dropstep's SPEC section 8 and DropConnect.swift fix them:
#   p is the DROP probability, q = 1 - p keeps a weight (the paper's p is our q).
#   W is [out, in]; v is [in] or a batch [batch, in] with one mask per example.
#   The weight mask is ONE draw, np.random.rand(*mask_shape) < q, row-major: [out, in] or
#   [batch, out, in]. A dropped bias draws np.random.rand(*output_shape) < q after it.
#   Inference draws np.random.randn(Z, *mean.shape) in one call; u = mean + sd * n; the
#   activation is applied and each output is summed over the Z samples IN ORDER, then / Z.


def dc_forward(v, w, mask, b=None, bias_mask=None):
    """(M * W) @ v per example, plus b (or bias_mask * b)."""
    if v.ndim == 1:
        y = (mask * w) @ v
    else:
        y = np.einsum("noi,ni->no", mask * w, v)
    if b is not None:
        y = y + (b if bias_mask is None else bias_mask * b)
    return y


def dc_backward(v, w, mask, g):
    """dW = sum over examples of M * (g v^T); dv = (M * W)^T g, for the loss sum(g * y)."""
    if v.ndim == 1:
        return mask * np.outer(g, v), (mask * w).T @ g
    dw = np.einsum("noi,no,ni->oi", mask, g, v)
    dv = np.einsum("noi,no->ni", mask * w, g)
    return dw, dv


def seq_matvec(a, x):
    """a @ x (x a vector) or x @ a.T (x a batch of rows), each dot product summed in order.

    BLAS may sum in another order and differ in the last bit; a running cumsum does not.
    """
    products = a * x if x.ndim == 1 else a[None, :, :] * x[:, None, :]
    return np.cumsum(products, axis=-1)[..., -1]


def dc_moments(v, w, q, b=None, drops_bias=False):
    """E and Var of (M * W) @ v (+ bias) over the masks, per the formulas of article 004."""
    mean, var = seq_matvec(w, v), seq_matvec(w * w, v * v)
    if b is not None and drops_bias:
        mean, var = mean + b, var + b * b
    mean, var = q * mean, q * (1 - q) * var
    if b is not None and not drops_bias:
        mean = mean + b
    return mean, var


ACTIVATIONS = {
    "relu": lambda u: np.maximum(u, 0),
    "tanh": np.tanh,
    "sigmoid": lambda u: 1 / (1 + np.exp(-u)),
    "identity": lambda u: u,
}


def dc_infer(v, w, p, activation, samples, seed):
    """Wan et al.'s Algorithm 2 exactly as dropconnect_infer orders it (seeded numpy)."""
    q = 1 - p
    mean, var = dc_moments(v, w, q)
    np.random.seed(seed)
    u = mean + np.sqrt(var) * np.random.randn(samples, *mean.shape)
    a = ACTIVATIONS[activation](u)
    total = np.zeros(mean.shape)
    for row in a:  # in order, as dropstep sums; a.mean(axis=0) agrees for more than one output
        total += row
    return total / samples, u[:3]


def normal_cdf(x):
    """Phi(x) through Python's math.erfc, which keeps the left tail (NormalDist's cdf does not)."""
    return 0.5 * math.erfc(-x / math.sqrt(2))


def normal_pdf(x):
    return math.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def relu_closed_form(mean, sd):
    """E[relu(u)] for u ~ N(mean, sd^2): mean * Phi(mean / sd) + sd * phi(mean / sd)."""
    out = [max(m, 0.0) if s == 0 else m * normal_cdf(m / s) + s * normal_pdf(m / s)
           for m, s in zip(np.ravel(mean), np.ravel(sd))]
    return np.reshape(out, np.shape(mean))


def dc_enumerate(v, w, q):
    """Exact E[y], Var[y] and E[relu(y)] over all 2^|M| masks; bit i of outcome o is mask element i."""
    size = (v.shape[0] if v.ndim == 2 else 1) * w.size
    mask_shape = ((v.shape[0],) if v.ndim == 2 else ()) + w.shape
    mean = mean_sq = relu_mean = 0
    for outcome in range(1 << size):
        bits = np.array([(outcome >> i) & 1 for i in range(size)], dtype=float)
        prob = np.prod(np.where(bits == 1, q, 1 - q))
        y = dc_forward(v, w, bits.reshape(mask_shape))
        mean = mean + prob * y
        mean_sq = mean_sq + prob * y * y
        relu_mean = relu_mean + prob * np.maximum(y, 0)
    return mean, mean_sq - mean * mean, relu_mean, size


def flat(x):
    return np.asarray(x, dtype=np.float64).ravel().tolist()


def tensor(x):
    x = np.asarray(x, dtype=np.float64)
    return {"shape": list(x.shape), "data": flat(x)}


def forward_case(name, seed, v, w, p, b=None, drops_bias=False, g_seed=None):
    v, w = np.asarray(v, float), np.asarray(w, float)
    q = 1 - p
    np.random.seed(seed)
    mask_shape = ((v.shape[0],) if v.ndim == 2 else ()) + w.shape
    mask = (np.random.rand(*mask_shape) < q).astype(float)
    bias_mask = None
    if b is not None and drops_bias:
        bias_mask = (np.random.rand(*mask_shape[:-1]) < q).astype(float)
    y = dc_forward(v, w, mask, None if b is None else np.asarray(b, float), bias_mask)
    g = np.random.RandomState(g_seed if g_seed is not None else seed + 1).randn(*y.shape)
    dw, dv = dc_backward(v, w, mask, g)
    case = {"name": name, "seed": seed, "p": p, "v": tensor(v), "w": tensor(w), "mask": tensor(mask),
            "y": tensor(y), "g": tensor(g), "dw": tensor(dw), "dv": tensor(dv), "drops_bias": drops_bias}
    if b is not None:
        case["b"] = tensor(b)
    if bias_mask is not None:
        case["bias_mask"] = tensor(bias_mask)
    return case


def moments_case(name, v, w, p, b=None, drops_bias=False):
    v, w = np.asarray(v, float), np.asarray(w, float)
    mean, var = dc_moments(v, w, 1 - p, None if b is None else np.asarray(b, float), drops_bias)
    case = {"name": name, "p": p, "v": tensor(v), "w": tensor(w), "mean": tensor(mean), "variance": tensor(var),
            "drops_bias": drops_bias}
    if b is not None:
        case["b"] = tensor(b)
    return case


def enumeration_case(name, v, w, p):
    v, w = np.asarray(v, float), np.asarray(w, float)
    mean, var, relu_mean, bits = dc_enumerate(v, w, 1 - p)
    return {"name": name, "p": p, "v": tensor(v), "w": tensor(w), "bits": bits, "mean": tensor(mean),
            "variance": tensor(var), "relu_mean": tensor(relu_mean)}


def infer_case(name, seed, v, w, p, activation, samples):
    v, w = np.asarray(v, float), np.asarray(w, float)
    y, first = dc_infer(v, w, p, activation, samples, seed)
    mean, var = dc_moments(v, w, 1 - p)
    case = {"name": name, "seed": seed, "p": p, "activation": activation, "samples": samples,
            "v": tensor(v), "w": tensor(w), "y": tensor(y), "first_samples": tensor(first),
            "closed_form": tensor(relu_closed_form(mean, np.sqrt(var)))}
    if mean.size > 1:
        # The in-order sum is also what numpy's own mean over axis 0 computes here.
        np.random.seed(seed)
        numpy_mean = ACTIVATIONS[activation](mean + np.sqrt(var) * np.random.randn(samples, *mean.shape)).mean(axis=0)
        case["numpy_mean_agrees"] = bool(np.array_equal(numpy_mean, y))
    return case


def write_dropconnect():
    rng = np.random.RandomState(2013)
    w23 = [[1.0, -2.0, 0.5], [0.5, 1.0, -1.0]]
    v3 = [2.0, 1.0, 3.0]
    w45, v5, b4 = rng.randn(4, 5), rng.rand(5), rng.randn(4)
    batch = rng.rand(3, 5)
    w64x32, v32 = rng.randn(64, 32) / np.sqrt(32), rng.rand(32)
    write_json("dropconnect.json", {
        "numpy_version": np.__version__,
        "forward": [
            forward_case("vector 2x3, p 0.5", 0, v3, w23, 0.5),
            forward_case("vector 4x5, p 0.3", 7, v5, w45, 0.3),
            forward_case("batch 3 x 4x5, p 0.5", 3, batch, w45, 0.5),
            forward_case("vector with dropped bias", 11, v5, w45, 0.4, b=b4, drops_bias=True),
            forward_case("batch with dropped bias", 12, batch, w45, 0.4, b=b4, drops_bias=True),
            forward_case("vector with kept bias", 13, v5, w45, 0.6, b=b4),
        ],
        "moments": [
            moments_case("vector 2x3", v3, w23, 0.5),
            moments_case("vector 4x5, p 0.2", v5, w45, 0.2),
            moments_case("batch 3 x 4x5", batch, w45, 0.7),
            moments_case("kept bias", v5, w45, 0.3, b=b4),
            moments_case("dropped bias", batch, w45, 0.3, b=b4, drops_bias=True),
        ],
        "enumeration": [
            enumeration_case("2x3, p 0.5", v3, w23, 0.5),
            enumeration_case("2x3, p 0.25", v3, w23, 0.25),
            enumeration_case("batch 2 x 2x3, p 0.4", [v3, [1.0, -1.0, 0.5]], w23, 0.4),
        ],
        "infer": [
            infer_case("relu 2x3", 0, v3, w23, 0.5, "relu", 1000),
            infer_case("relu one output", 5, [1.0, 2.0], [[0.5, -1.5]], 0.5, "relu", 999),
            infer_case("tanh 4x5", 1, v5, w45, 0.3, "tanh", 2000),
            infer_case("sigmoid 4x5", 2, v5, w45, 0.5, "sigmoid", 2000),
            infer_case("identity 4x5", 3, v5, w45, 0.5, "identity", 500),
            infer_case("relu batch", 4, batch, w45, 0.5, "relu", 1500),
            infer_case("relu 64x32 (the benchmark's layer)", 0, v32, w64x32, 0.5, "relu", 20000),
        ],
        "normal": [{"x": x, "cdf": normal_cdf(x), "pdf": normal_pdf(x)}
                   for x in [-30.0, -8.0, -3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.5, 6.0]],
    })


def main():
    write_random()
    write_recurrent()
    write_dropconnect()


if __name__ == "__main__":
    main()
