#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// numpy's legacy binomial sampler for one (n, p), with its set-up done once.
///
/// Mirrors `legacy_random_binomial` in numpy/random/src/legacy/legacy-distributions.c and the
/// `random_binomial_inversion` / `random_binomial_btpe` it calls. numpy caches the set-up in a
/// `binomial_t` keyed on (n, p); the cached numbers are pure functions of (n, p), so the cache
/// changes speed only, never values. Unlike the non-legacy `Generator`, the legacy path has no
/// shortcut for `n == 0` or `p == 0`: those go through inversion and still consume one uniform.
struct BinomialSampler: Sendable {
    private enum Method: Sendable {
        case inversion(Inversion)
        case btpe(BTPE)
    }

    private let trials: Int
    /// numpy samples with min(p, 1 - p) and reports `n - X` when p > 0.5.
    private let flipped: Bool
    private let method: Method

    /// Prepares to sample Binomial(`trials`, `probability`).
    init(trials: Int, probability: Double) {
        precondition(trials >= 0, "binomial: trials must be non-negative")
        precondition(probability >= 0 && probability <= 1, "binomial: probability must be in [0, 1]")
        self.trials = trials
        flipped = probability > 0.5
        let p = flipped ? 1.0 - probability : probability
        if p * Double(trials) <= 30.0 {
            method = .inversion(Inversion(n: trials, p: p))
        } else {
            method = .btpe(BTPE(n: trials, p: p))
        }
    }

    /// Draws one count.
    func next(_ generator: inout MT19937) -> Int {
        switch method {
        case .inversion(let inversion): reported(inversion.next(&generator))
        case .btpe(let btpe): reported(btpe.next(&generator))
        }
    }

    /// Fills `buffer` with the counts repeated ``next(_:)`` would give, choosing the method once.
    func fill(_ buffer: UnsafeMutableBufferPointer<Double>, _ generator: inout MT19937) {
        switch method {
        case .inversion(let inversion):
            for k in buffer.indices { buffer[k] = Double(reported(inversion.next(&generator))) }
        case .btpe(let btpe):
            for k in buffer.indices { buffer[k] = Double(reported(btpe.next(&generator))) }
        }
    }

    @inline(__always)
    private func reported(_ count: Int) -> Int {
        flipped ? trials - count : count
    }
}

/// Inversion: walk the probability mass function from 0 until it exceeds one uniform.
private struct Inversion: Sendable {
    let n: Int
    let p: Double
    let q: Double
    let qn: Double
    let bound: Int

    init(n: Int, p: Double) {
        self.n = n
        self.p = p
        q = 1.0 - p
        qn = exp(Double(n) * log(q))
        let np = Double(n) * p
        // C's MIN of a long and a double compares as doubles, then truncates.
        bound = Int(Swift.min(Double(n), np + 10.0 * sqrt(np * q + 1)))
    }

    func next(_ generator: inout MT19937) -> Int {
        var x = 0
        var px = qn
        var u = generator.nextDouble()
        while u > px {
            x += 1
            if x > bound {
                // Rounding left mass beyond the bound: numpy starts over with a fresh uniform.
                x = 0
                px = qn
                u = generator.nextDouble()
            } else {
                u -= px
                px = (Double(n - x + 1) * p * px) / (Double(x) * q)
            }
        }
        return x
    }
}

/// Kachitvichyanukul and Schmeiser's BTPE, transcribed from numpy's `random_binomial_btpe`.
///
/// The integer/double mix of every expression follows the C source so each rounding matches.
private struct BTPE: Sendable {
    let n: Int
    let r: Double
    let q: Double
    let fm: Double
    let m: Int
    let p1: Double
    let xm: Double
    let xl: Double
    let xr: Double
    let c: Double
    let laml: Double
    let lamr: Double
    let p2: Double
    let p3: Double
    let p4: Double
    let nrq: Double

    init(n: Int, p: Double) {
        self.n = n
        r = Swift.min(p, 1.0 - p)
        q = 1.0 - r
        fm = Double(n) * r + r
        m = Int(floor(fm))
        p1 = floor(2.195 * sqrt(Double(n) * r * q) - 4.6 * q) + 0.5
        xm = Double(m) + 0.5
        xl = xm - p1
        xr = xm + p1
        c = 0.134 + 20.5 / (15.3 + Double(m))
        var a = (fm - xl) / (fm - xl * r)
        laml = a * (1.0 + a / 2.0)
        a = (xr - fm) / (xr * q)
        lamr = a * (1.0 + a / 2.0)
        p2 = p1 * (1.0 + 2.0 * c)
        p3 = p2 + c / laml
        p4 = p3 + c / lamr
        nrq = Double(n) * r * q
    }

    func next(_ generator: inout MT19937) -> Int {
        // Each `continue` is the C code's `goto Step10`: reject and draw a fresh (u, v).
        while true {
            let u = generator.nextDouble() * p4
            var v = generator.nextDouble()
            let y: Int
            if u <= p1 {
                // Step 10: the triangular region accepts at once.
                return Int(floor(xm - p1 * v + u))
            } else if u <= p2 {
                // Step 20: the parallelograms.
                let x = xl + (u - p1) / c
                v = v * c + 1.0 - abs(Double(m) - x + 0.5) / p1
                if v > 1.0 { continue }
                y = Int(floor(x))
            } else if u <= p3 {
                // Step 30: the left exponential tail. C rejects v == 0 after an undefined
                // cast; rejecting first draws the same numbers without the trap.
                if v == 0.0 { continue }
                y = Int(floor(xl + log(v) / laml))
                if y < 0 { continue }
                v = v * (u - p2) * laml
            } else {
                // Step 40: the right exponential tail.
                if v == 0.0 { continue }
                y = Int(floor(xr - log(v) / lamr))
                if y > n { continue }
                v = v * (u - p3) * lamr
            }
            if accepts(y, v) { return y }
        }
    }

    /// Steps 50 and 52: the exact test near the mode, the squeeze far from it.
    private func accepts(_ y: Int, _ v: Double) -> Bool {
        let k = abs(y - m)
        if !(k > 20 && Double(k) < nrq / 2.0 - 1) {
            // Step 50: evaluate f(y) / f(m) by the recurrence.
            let s = r / q
            let a = s * Double(n + 1)
            var f = 1.0
            if m < y {
                for i in (m + 1)...y { f *= (a / Double(i) - s) }
            } else if m > y {
                for i in (y + 1)...m { f /= (a / Double(i) - s) }
            }
            return !(v > f)
        }
        // Step 52: squeeze with the normal approximation, then Stirling's bound.
        let kd = Double(k)
        let rho = (kd / nrq) * ((kd * (kd / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5)
        let t = Double(-k &* k) / (2 * nrq)
        let logV = log(v)
        if logV < t - rho { return true }
        if logV > t + rho { return false }
        let x1 = Double(y + 1)
        let f1 = Double(m + 1)
        let z = Double(n + 1 - m)
        let w = Double(n - y + 1)
        var bound = xm * log(f1 / x1)
        bound += (Double(n - m) + 0.5) * log(z / w)
        bound += Double(y - m) * log(w * r / (x1 * q))
        bound += stirling(f1)
        bound += stirling(z)
        bound += stirling(x1)
        bound += stirling(w)
        return !(logV > bound)
    }

    /// The Stirling correction term numpy adds for `value`, with the C code's operation order.
    private func stirling(_ value: Double) -> Double {
        let square = value * value
        return (13680.0 - (462.0 - (132.0 - (99.0 - 140.0 / square) / square) / square) / square) / value
            / 166320.0
    }
}
