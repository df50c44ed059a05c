/// The small Python functions an export defines once, in its first ("helpers") cell.
///
/// Each is plain numpy a reader can check in a minute; the generated code calls only the
/// ones it uses, and the export defines exactly those (with what they depend on).
public enum NumpyHelper: String, CaseIterable, Sendable, Comparable {
    case prelude, show, relu, sigmoid, softmax, unbroadcast, dropConnect, dropConnectMoments, normalPdf,
        normalCdf
    case dropConnectInfer, selu, outcomes, expectation, monteCarlo, gradcheck, rnnCell, lstmCell, gruCell,
        zoneout, alphaDropout, embedding, check, assertions

    /// Helpers in the order they are defined.
    public static func < (a: NumpyHelper, b: NumpyHelper) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Helpers this one calls.
    var dependencies: [NumpyHelper] {
        switch self {
        case .dropConnectInfer: [.dropConnectMoments, .normalPdf, .normalCdf, .relu, .sigmoid]
        case .expectation: [.outcomes]
        case .lstmCell: [.sigmoid]
        case .gruCell: [.sigmoid]
        default: []
        }
    }

    /// The Python source of the helper.
    var source: String {
        switch self {
        case .prelude:
            #"""
            import warnings

            import numpy as np

            # dropstep computes inf and nan without complaint; so does this code.
            np.seterr(all="ignore")
            warnings.simplefilter("ignore", RuntimeWarning)

            # dropstep predefines pi and e as ordinary variables.
            pi = np.pi
            e = np.e
            """#
        case .show:
            #"""
            def text(value):
                """A value as dropstep prints it: numpy's array printing, arrays of whole numbers as integers."""
                if isinstance(value, tuple):
                    inner = ", ".join(text(v) for v in value)
                    return "(" + inner + ("," if len(value) == 1 else "") + ")"
                if isinstance(value, str):
                    return repr(value)
                a = np.asarray(value, dtype=float)
                if np.all(np.isfinite(a)) and np.all(a == np.round(a)) and np.all(np.abs(a) < 1e16):
                    return np.array2string(a.astype(np.int64))
                return np.array2string(a)


            def show(*values):
                """Print strings as text and numbers or arrays as numpy prints them."""
                print(*(v if isinstance(v, str) else text(v) for v in values))
            """#
        case .relu:
            #"""
            def relu(x):
                """x where x > 0, else 0 (as dropstep: -0.0 and NaN give 0)."""
                return np.where(x > 0, x, 0.0)
            """#
        case .sigmoid:
            #"""
            def sigmoid(x):
                """1 / (1 + exp(-x)), computed as e / (1 + e) for negative x so that nothing overflows."""
                e = np.exp(-np.abs(x))
                return np.where(np.asarray(x) >= 0, 1 / (1 + e), e / (1 + e))
            """#
        case .softmax:
            #"""
            def softmax(x, axis=-1):
                """exp(x) / sum(exp(x)) along axis, shifted by the maximum for stability."""
                e = np.exp(x - np.max(x, axis=axis, keepdims=True))
                return e / np.sum(e, axis=axis, keepdims=True)
            """#
        case .unbroadcast:
            #"""
            def unbroadcast(g, shape):
                """Sum a gradient over the axes that broadcasting added or stretched, back to shape."""
                g = np.asarray(g, dtype=float)
                while g.ndim > len(shape):
                    g = g.sum(axis=0)
                for axis, n in enumerate(shape):
                    if n == 1 and g.shape[axis] != 1:
                        g = g.sum(axis=axis, keepdims=True)
                return g
            """#
        case .dropConnect:
            #"""
            def dropconnect(v, W, M, b=None, bias_mask=None):
                """(M * W) @ v for each example: M is W's shape, or [batch, out, in] for a batch of rows v
                (and may carry a leading axis of outcomes); b is added, times bias_mask when given."""
                u = np.einsum("...oi,...i->...o", M * W, v)
                if b is not None:
                    u = u + (b if bias_mask is None else bias_mask * b)
                return u
            """#
        case .dropConnectMoments:
            #"""
            def dropconnect_moments(v, W, q, b=None, drop_bias=False):
                """The exact mean and variance of (M * W) @ v (+ b) over the Bernoulli(q) masks M."""
                Wv = W @ v if v.ndim == 1 else v @ W.T
                WWvv = (W * W) @ (v * v) if v.ndim == 1 else (v * v) @ (W * W).T
                if b is not None and drop_bias:
                    Wv, WWvv = Wv + b, WWvv + b * b
                mean, var = q * Wv, q * (1 - q) * WWvv
                if b is not None and not drop_bias:
                    mean = mean + b
                return mean, var
            """#
        case .normalPdf:
            #"""
            def phi(x):
                """The standard normal density."""
                return np.exp(-np.asarray(x, dtype=float) ** 2 / 2) / np.sqrt(2 * np.pi)
            """#
        case .normalCdf:
            #"""
            def Phi(x):
                """The standard normal distribution function, erfc(-x / sqrt(2)) / 2."""
                from math import erfc
                return np.vectorize(lambda t: erfc(-t / np.sqrt(2)) / 2, otypes=[float])(x)
            """#
        case .dropConnectInfer:
            #"""
            def dropconnect_infer(v, W, q, activation, samples, b=None, drop_bias=False):
                """Wan et al.'s inference: activation(u) averaged over u ~ N(mean, var) with DropConnect's
                moments, from samples draws of randn (samples=0: relu's closed form, or the mean)."""
                mean, var = dropconnect_moments(v, W, q, b, drop_bias)
                sd = np.sqrt(var)
                if samples == 0:
                    return mean * Phi(mean / sd) + sd * phi(mean / sd) if activation == "relu" else mean
                u = mean + sd * np.random.randn(samples, *np.shape(mean))
                f = {"relu": relu, "tanh": np.tanh, "sigmoid": sigmoid, "identity": lambda t: t}[activation]
                return np.mean(f(u), axis=0)
            """#
        case .selu:
            #"""
            SELU_SCALE, SELU_ALPHA = 1.0507009873554805, 1.6732632423543772


            def selu(x):
                """Scaled ELU with PyTorch's constants."""
                return np.where(x > 0, x, (np.exp(np.minimum(x, 0)) - 1) * SELU_ALPHA) * SELU_SCALE
            """#
        case .outcomes:
            #"""
            class Outcomes:
                """A chunk of the 2^n outcomes of n Bernoulli draws, as 0/1 rows (one row per outcome).

                Outcome k sets draw i to bit i of k, counting draws in the order the code makes them;
                each draw site takes the next columns and multiplies in their probability."""

                def __init__(self, n_bits, start, count):
                    k = np.arange(start, start + count)
                    self.bits = ((k[:, None] >> np.arange(n_bits)) & 1).astype(float)
                    self.used = 0
                    self.prob = np.ones(count)

                def bernoulli(self, q, shape):
                    """The next prod(shape) bits as one 0/1 mask per outcome: [outcomes, *shape]."""
                    shape = tuple(int(n) for n in shape)
                    n = int(np.prod(shape))
                    bits = self.bits[:, self.used:self.used + n]
                    self.used += n
                    # q^k (1-q)^(n-k) for k ones, multiplied in the order dropstep multiplies it
                    factors = np.ones(n + 1)
                    for ones in range(n + 1):
                        f = 1.0
                        for i in range(n):
                            f *= q if i < ones else 1 - q
                        factors[ones] = f
                    self.prob = self.prob * factors[bits.sum(axis=1).astype(int)]
                    return bits.reshape((-1,) + shape)

                def binomial(self, trials, q, shape):
                    """Each element the sum of `trials` bits: [outcomes, *shape]."""
                    shape = tuple(int(n) for n in shape)
                    return self.bernoulli(q, shape + (trials,)).sum(axis=-1)


            class World:
                """One outcome of a chunk, for a function called inside expect: its draw sites take
                the outcome's next bits in order and multiply in their probability, as Outcomes does."""

                def __init__(self, bits, used, prob):
                    self.bits, self.used, self.prob = bits, used, prob

                def bernoulli(self, q, shape=()):
                    """The next prod(shape) bits of this outcome as a 0/1 mask of that shape."""
                    shape = tuple(int(n) for n in shape)
                    n = 1
                    for extent in shape:
                        n *= extent
                    bits = self.bits[self.used:self.used + n]  # a list: one outcome is small
                    self.used += n
                    ones = sum(bits)
                    f = 1.0
                    for i in range(n):
                        f *= q if i < ones else 1 - q
                    self.prob = self.prob * f
                    return np.array(bits).reshape(shape)

                def binomial(self, trials, q, shape=()):
                    shape = tuple(int(n) for n in shape)
                    return self.bernoulli(q, shape + (trials,)).sum(axis=-1)


            def each_world(o, f):
                """f(world) for every outcome of the chunk o, one after another, stacked as [outcomes, ...]."""
                worlds = [World(bits, o.used, prob) for bits, prob in zip(o.bits.tolist(), o.prob)]
                values = np.array([f(world) for world in worlds], dtype=float)
                o.used = worlds[0].used
                o.prob = np.array([world.prob for world in worlds])
                return values


            def outcome_chunks(n_bits, chunk=4096):
                """Every outcome of n_bits draws, a chunk at a time."""
                total = 1 << n_bits
                for start in range(0, total, chunk):
                    yield Outcomes(n_bits, start, min(chunk, total - start))
            """#
        case .expectation:
            #"""
            def weighted_sum(total, prob, values):
                """total + the sum over outcomes of prob * values, added outcome after outcome."""
                values = np.asarray(values, dtype=float)
                terms = prob.reshape((-1,) + (1,) * (values.ndim - 1)) * values
                start = np.zeros(values.shape[1:]) if total is None else total
                return np.cumsum(np.concatenate([start[None], terms]), axis=0)[-1]


            def expectation(f, n_bits):
                """The exact mean of f over all 2^n_bits outcomes, each weighted by its probability."""
                total = None
                for o in outcome_chunks(n_bits):
                    values = f(o)  # draws first: that fills in o.prob
                    assert o.used == n_bits, f"the expression drew {o.used} Bernoulli values, not {n_bits}"
                    total = weighted_sum(total, o.prob, values)
                return total


            def exact_variance(f, n_bits):
                """The exact variance, in a second pass around the mean (no E[x^2] - E[x]^2 cancellation)."""
                mean = expectation(f, n_bits)
                spread = None
                for o in outcome_chunks(n_bits):
                    values = f(o)
                    spread = weighted_sum(spread, o.prob, (values - mean) ** 2)
                return spread


            def geometric_expectation(f, n_bits):
                """exp(E[log f]) normalised to sum 1 along the last axis."""
                g = np.exp(expectation(lambda o: np.log(f(o)), n_bits))
                return g / np.sum(g, axis=-1, keepdims=True) if g.ndim else g


            def list_outcomes(f, n_bits):
                """Every outcome's value (stacked) and probability, in outcome order."""
                values, probs = [], []
                for o in outcome_chunks(n_bits):
                    values.append(f(o))
                    assert o.used == n_bits, f"the expression drew {o.used} Bernoulli values, not {n_bits}"
                    probs.append(o.prob)
                return np.concatenate(values), np.concatenate(probs)
            """#
        case .monteCarlo:
            #"""
            def mc_mean_and_error(runs):
                """The mean over runs (axis 0) and its standard error, sd / sqrt(n)."""
                return runs.mean(axis=0), runs.std(axis=0, ddof=1) / np.sqrt(len(runs))
            """#
        case .gradcheck:
            #"""
            def centred_differences(f, x, h=1e-5):
                """d sum(f(x)) / dx for each element: (f(x + h) - f(x - h)) / 2h, differenced elementwise."""
                x = np.array(x, dtype=float)
                grad = np.zeros_like(x)
                for i in np.ndindex(x.shape):
                    old = x[i]
                    x[i] = old + h
                    plus = np.asarray(f(x), dtype=float)
                    x[i] = old + h - 2 * h
                    minus = np.asarray(f(x), dtype=float)
                    x[i] = old
                    change = 0.0
                    for d in (plus - minus).ravel():
                        change += d
                    grad[i] = change / (2 * h)
                return grad


            def relative_error(analytic, numeric):
                """cs231n's max |a - n| / max(1e-8, |a| + |n|)."""
                ratio = np.abs(analytic - numeric) / np.maximum(1e-8, np.abs(analytic) + np.abs(numeric))
                return float(np.max(ratio, initial=0))


            def report_gradcheck(names, errors):
                """Print whether each relative error is below 1e-06 (its digits are rounding noise)."""
                worded = ["below 1e-06" if e < 1e-6 else "1e-06 or more" for e in errors]
                print("gradcheck: relative error", ", ".join(f"{n}: {w}" for n, w in zip(names, worded)))
            """#
        case .rnnCell:
            #"""
            def rnn_cell(x, h, Wx, Wh, b):
                """One plain RNN step: tanh(x @ Wx + h @ Wh + b)."""
                return np.tanh(x @ Wx + h @ Wh + b)
            """#
        case .lstmCell:
            #"""
            def lstm_cell(x, h, c, Wx, Wh, b, update_mask=None):
                """One LSTM step with gates i, f, o, g (blocks of n along the last axis)."""
                a = x @ Wx + h @ Wh + b
                n = h.shape[-1]
                i, f, o, g = (a[..., k * n:(k + 1) * n] for k in range(4))
                candidate = np.tanh(g) if update_mask is None else np.tanh(g) * update_mask
                c_new = sigmoid(f) * c + sigmoid(i) * candidate
                return sigmoid(o) * np.tanh(c_new), c_new
            """#
        case .gruCell:
            #"""
            def gru_cell(x, h, Wx, Wh, bx, bh, update_mask=None):
                """One GRU step as PyTorch's GRUCell, gates r, z, n."""
                n = h.shape[-1]
                ax, ah = x @ Wx + bx, h @ Wh + bh
                r = sigmoid(ax[..., :n] + ah[..., :n])
                z = sigmoid(ax[..., n:2 * n] + ah[..., n:2 * n])
                candidate = np.tanh(ax[..., 2 * n:] + r * ah[..., 2 * n:])
                if update_mask is not None:
                    candidate = candidate * update_mask
                return (1 - z) * candidate + z * h
            """#
        case .zoneout:
            #"""
            def zoneout(h_prev, h_new, mask):
                """mask 1 keeps the previous value (zoned out), 0 takes the new one."""
                return mask * h_prev + (1 - mask) * h_new
            """#
        case .alphaDropout:
            #"""
            ALPHA_PRIME = 1.7580993408473766  # SELU's scale times its alpha


            def alpha_dropout_apply(x, mask, p):
                """PyTorch's alpha dropout given the keep mask: x * mask * a + ((mask - 1) * A * a + A * a * p)."""
                q = 1 - p
                a = 1 / np.sqrt((ALPHA_PRIME * ALPHA_PRIME * p + 1) * q)
                return x * mask * a + ((mask - 1) * (ALPHA_PRIME * a) + ALPHA_PRIME * a * p)
            """#
        case .embedding:
            #"""
            def embedding(E, words):
                """The rows E[w] for each word index, stacked (E may carry a leading axis of outcomes)."""
                return np.take(E, np.asarray(words, dtype=int), axis=-2)
            """#
        case .check:
            #"""
            def check(actual, expected, tol=1e-9):
                """Compare elementwise within tol; print whether they agree and return 1 or 0."""
                a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
                ok = bool(np.all((a == e) | (np.abs(a - e) <= tol) | (np.isnan(a) & np.isnan(e))))
                print("check passed" if ok else "check failed")
                return 1 if ok else 0
            """#
        case .assertions:
            #"""
            def agrees(label, got, want, shape=(), exact=False, sampled=False, total=None):
                """Assert that numpy's value is dropstep's: bit for bit for masks and draws (exact), else
                within 1e-12 of the largest magnitude (at least 1). A large array is compared at
                len(want) evenly spaced positions of its flat order (sampled) and by its sum."""
                if isinstance(want, str):
                    assert got == want, f"{label}: numpy gives {got!r}, dropstep {want!r}"
                    return
                got = np.asarray(got, dtype=float)
                assert got.shape == tuple(shape), f"{label}: numpy's shape is {got.shape}, dropstep's {tuple(shape)}"
                flat = got.ravel()
                if total is not None:
                    slack = 1e-9 * max(1.0, float(np.max(np.abs(flat), initial=0))) * flat.size
                    assert abs(flat.sum() - total) <= slack, f"{label}: numpy's sum {flat.sum()!r}, dropstep's {total!r}"
                if sampled:
                    flat = flat[[k * (flat.size - 1) // (len(want) - 1) for k in range(len(want))]]
                want = np.asarray(want, dtype=float)
                same = (flat == want) | (np.isnan(flat) & np.isnan(want))
                if not exact:
                    scale = max(1.0, float(np.max(np.abs(want[np.isfinite(want)]), initial=0)))
                    same = same | (np.abs(flat - want) <= 1e-12 * scale)
                bad = np.flatnonzero(~same)
                assert bad.size == 0, f"{label}: element {bad[0]} is {flat[bad[0]]!r} in numpy, {want[bad[0]]!r} in dropstep"


            def agrees_roughly(label, got, want):
                """A gradient check's relative error is rounding noise: assert only its verdict."""
                assert (got < 1e-6) == (want < 1e-6), f"{label}: numpy's relative error {got!r}, dropstep's {want!r}"
            """#
        }
    }
}
