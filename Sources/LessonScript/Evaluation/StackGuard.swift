import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How far down the running thread's stack evaluation may go.
///
/// The parser bounds how deeply one expression nests, but calls multiply that bound: a
/// function that calls itself inside deeply nested parentheses could exhaust the stack
/// long before the call depth limit. The evaluator compares the address of a local
/// variable with this limit and stops with an error instead of crashing the process.
enum StackGuard {
    /// The stack's lowest and highest addresses, per thread.
    private struct Bounds {
        var low: UInt
        var high: UInt
    }

    private static let known = Mutex<[UInt: Bounds]>([:])

    /// The lowest address evaluation may reach on this thread (a reserve above the end of
    /// the stack is kept for built-ins and error handling), or `nil` when it is unknown.
    static func limit() -> UInt? {
        #if canImport(Glibc)
            let here = currentAddress()
            let thread = UInt(pthread_self())
            // A thread id can be reused by a new thread with another stack: trust a cached
            // entry only when it contains the address we are at.
            var bounds = known.withLock { $0[thread] }
            if bounds.map({ !($0.low < here && here <= $0.high) }) ?? true {
                bounds = lookUpBounds()
                if let bounds { known.withLock { $0[thread] = bounds } }
            }
            guard let bounds else { return nil }
            let reserve = Swift.min(512 * 1024, (bounds.high - bounds.low) / 4)
            return bounds.low + reserve
        #else
            return nil
        #endif
    }

    #if canImport(Glibc)
        private static func lookUpBounds() -> Bounds? {
            var attributes = pthread_attr_t()
            guard threadAttributes(pthread_self(), &attributes) == 0 else { return nil }
            defer { pthread_attr_destroy(&attributes) }
            var address: UnsafeMutableRawPointer?
            var size = 0
            guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address, size > 0 else {
                return nil
            }
            let low = UInt(bitPattern: address)
            return Bounds(low: low, high: low + UInt(size))
        }
    #endif

    /// An address in the caller's stack frame.
    @inline(never)
    static func currentAddress() -> UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}

#if canImport(Glibc)
    /// glibc's `pthread_getattr_np`, the one way to learn a running thread's stack; Swift's
    /// Glibc module leaves it out (it is a GNU extension), so it is declared here.
    @_silgen_name("pthread_getattr_np")
    private func threadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>)
        -> Int32
#endif
