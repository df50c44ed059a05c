#if canImport(Glibc)
    import Glibc
#endif

/// Allocation of tensor storage.
enum Storage {
    /// A fresh array of `count` doubles, every one written by `body`.
    ///
    /// Large buffers are advised onto 2 MiB pages before they are touched: faulting in fresh
    /// 4 KiB pages costs more than filling them (about 50 ms for 80 MB here), and numpy avoids
    /// that cost the same way.
    @inline(__always)
    static func make(_ count: Int, _ body: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows
        -> [Double]
    {
        try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            let buffer = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            try body(buffer)
            initialized = count
        }
    }

    /// Asks Linux to back a large, untouched buffer with huge pages; a refusal changes nothing.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
            guard buffer.count >= 4 << 20, let base = buffer.baseAddress else { return }
            let page: UInt = 4096
            let start = (UInt(bitPattern: base) + page - 1) & ~(page - 1)
            let end = (UInt(bitPattern: base) + UInt(buffer.count)) & ~(page - 1)
            guard end > start else { return }
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_HUGEPAGE)
        #endif
    }
}
