#if canImport(Glibc)
    import Glibc
#endif

// TEMPORARY stand-in, replaced by the real (fast, BTPE-complete) implementation.
public struct NumpyGenerator: Sendable, Equatable {
    var mt = [UInt32](repeating: 0, count: 624)
    var index = 624
    var hasGauss = false
    var gauss = 0.0

    public init(seed: UInt32) { self.seed(seed) }

    public mutating func seed(_ s: UInt32) {
        mt[0] = s
        for i in 1..<624 { mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i) }
        index = 624
        hasGauss = false
        gauss = 0
    }

    mutating func next32() -> UInt32 {
        if index >= 624 {
            for k in 0..<624 {
                let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % 624] & 0x7fff_ffff)
                var v = mt[(k + 397) % 624] ^ (y >> 1)
                if y & 1 != 0 { v ^= 0x9908_b0df }
                mt[k] = v
            }
            index = 0
        }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    public mutating func nextDouble() -> Double {
        let a = Double(next32() >> 5)
        let b = Double(next32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    public mutating func nextGaussian() -> Double {
        if hasGauss {
            hasGauss = false
            return gauss
        }
        var x1 = 0.0
        var x2 = 0.0
        var r2 = 0.0
        repeat {
            x1 = 2 * nextDouble() - 1
            x2 = 2 * nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = sqrt(-2 * log(r2) / r2)
        gauss = f * x1
        hasGauss = true
        return f * x2
    }

    public mutating func binomial(trials n: Int, probability p: Double) -> Int {
        if n == 0 || p == 0 { return 0 }
        if p <= 0.5 { return inversion(n, p) }
        return n - inversion(n, 1 - p)
    }

    mutating func inversion(_ n: Int, _ p: Double) -> Int {
        let q = 1 - p
        let qn = exp(Double(n) * log(q))
        let np = Double(n) * p
        let bound = Int(min(Double(n), np + 10 * sqrt(np * q + 1)))
        var x = 0
        var px = qn
        var u = nextDouble()
        while u > px {
            x += 1
            if x > bound {
                x = 0
                px = qn
                u = nextDouble()
            } else {
                u -= px
                px = (Double(n - x + 1) * p * px) / (Double(x) * q)
            }
        }
        return x
    }
}
