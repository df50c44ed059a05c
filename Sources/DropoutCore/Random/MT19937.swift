/// The 32-bit Mersenne Twister exactly as numpy's legacy `RandomState` runs it.
///
/// Copying a generator snapshots it: the 624-word state lives in a shared buffer that is
/// copied only when a copy twists (copy-on-write), so snapshots for replay and stepping back
/// cost one reference until they diverge.
public struct MT19937: Sendable, Equatable {
    /// The number of 32-bit words in the state, and so in one block of output.
    public static let stateSize = 624

    private var storage: Storage
    /// The next output word to hand out within the current block; `stateSize` means a twist is due.
    private var index: Int

    /// Seeds the generator as numpy's `np.random.seed(seed)` does (`init_genrand`).
    public init(seed: UInt32) {
        storage = Storage()
        index = Self.stateSize
        Self.initialize(storage.state, seed: seed)
    }

    /// Reseeds in place, as `np.random.seed(seed)`.
    public mutating func seed(_ seed: UInt32) {
        // A shared buffer belongs to a snapshot too; never overwrite it.
        if !isKnownUniquelyReferenced(&storage) { storage = Storage() }
        index = Self.stateSize
        Self.initialize(storage.state, seed: seed)
    }

    /// The next 32-bit output.
    @inline(__always)
    public mutating func next() -> UInt32 {
        if index >= Self.stateSize { refill() }
        let word = storage.output[index]
        index &+= 1
        return word
    }

    /// Fills `buffer` with the next `buffer.count` outputs, the same words as repeated ``next()``.
    public mutating func fill(_ buffer: UnsafeMutableBufferPointer<UInt32>) {
        guard var destination = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            if index >= Self.stateSize { refill() }
            let run = Swift.min(remaining, Self.stateSize - index)
            destination.initialize(from: storage.output + index, count: run)
            destination += run
            index += run
            remaining -= run
        }
    }

    /// The next double in [0, 1) from 53 random bits, numpy's `random_sample`.
    @inline(__always)
    public mutating func nextDouble() -> Double {
        // Fast path: both words lie in the current block, so one check covers the pair.
        if index < Self.stateSize - 1 {
            let words = storage.output + index
            index &+= 2
            return Self.unitDouble(high: words[0] >> 5, low: words[1] >> 6)
        }
        let high = next() >> 5
        let low = next() >> 6
        return Self.unitDouble(high: high, low: low)
    }

    /// Fills `buffer` with the doubles repeated ``nextDouble()`` would give, a block at a time.
    public mutating func fill(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard var destination = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            if index >= Self.stateSize { refill() }
            let pairs = Swift.min(remaining, (Self.stateSize - index) / 2)
            if pairs == 0 {
                // One word is left in this block: the pair straddles a twist.
                destination.initialize(to: nextDouble())
                destination += 1
                remaining -= 1
                continue
            }
            let source = storage.output + index
            for k in 0..<pairs {
                destination[k] = Self.unitDouble(high: source[2 &* k] >> 5, low: source[2 &* k &+ 1] >> 6)
            }
            destination += pairs
            index += 2 * pairs
            remaining -= pairs
        }
    }

    public static func == (lhs: MT19937, rhs: MT19937) -> Bool {
        guard lhs.index == rhs.index else { return false }
        if lhs.storage === rhs.storage { return true }
        let left = UnsafeBufferPointer(start: lhs.storage.state, count: stateSize)
        return left.elementsEqual(UnsafeBufferPointer(start: rhs.storage.state, count: stateSize))
    }

    /// `(high * 2^26 + low) / 2^53`, written so every step is exact and converts from signed words.
    @inline(__always)
    private static func unitDouble(high: UInt32, low: UInt32) -> Double {
        // Both halves fit in 27 bits, so the signed conversions are exact (and vectorize).
        let sum = Double(Int32(bitPattern: high)) * 67108864.0 + Double(Int32(bitPattern: low))
        return sum * (1.0 / 9007199254740992.0)
    }

    private static func initialize(_ state: UnsafeMutablePointer<UInt32>, seed: UInt32) {
        state[0] = seed
        for i in 1..<stateSize {
            let previous = state[i - 1]
            state[i] = 1812433253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
    }

    /// Twists to the next block of state and tempers all of it into the output buffer.
    private mutating func refill() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        Self.twist(storage.state)
        Self.temper(storage.state, into: storage.output)
        index = 0
    }

    /// The standard twist, split into three runs so no index needs `%` and each run vectorizes.
    @inline(__always)
    private static func twist(_ mt: UnsafeMutablePointer<UInt32>) {
        @inline(__always)
        func mix(_ upper: UInt32, _ lower: UInt32, _ far: UInt32) -> UInt32 {
            let y = (upper & 0x8000_0000) | (lower & 0x7fff_ffff)
            // Branch-free: multiply the matrix constant by the low bit.
            return far ^ (y >> 1) ^ ((y & 1) &* 0x9908_b0df)
        }
        let shift = 397
        let split = stateSize - shift
        for k in 0..<split {
            mt[k] = mix(mt[k], mt[k + 1], mt[k + shift])
        }
        for k in split..<(stateSize - 1) {
            mt[k] = mix(mt[k], mt[k + 1], mt[k - split])
        }
        mt[stateSize - 1] = mix(mt[stateSize - 1], mt[0], mt[shift - 1])
    }

    @inline(__always)
    private static func temper(
        _ state: UnsafeMutablePointer<UInt32>, into output: UnsafeMutablePointer<UInt32>
    ) {
        for k in 0..<stateSize {
            var y = state[k]
            y ^= y >> 11
            y ^= (y << 7) & 0x9d2c_5680
            y ^= (y << 15) & 0xefc6_0000
            y ^= y >> 18
            output[k] = y
        }
    }
}

extension MT19937 {
    /// One heap block holding the state and its tempered outputs.
    ///
    /// `@unchecked Sendable` is sound because the words are written only through a uniquely
    /// referenced storage (checked before every twist and reseed); shared storage is read-only.
    private final class Storage: @unchecked Sendable {
        let state: UnsafeMutablePointer<UInt32>
        let output: UnsafeMutablePointer<UInt32>

        init() {
            state = .allocate(capacity: 2 * MT19937.stateSize)
            state.initialize(repeating: 0, count: 2 * MT19937.stateSize)
            output = state + MT19937.stateSize
        }

        deinit {
            state.deallocate()
        }

        func copy() -> Storage {
            let clone = Storage()
            clone.state.update(from: state, count: 2 * MT19937.stateSize)
            return clone
        }
    }
}
