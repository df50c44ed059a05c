/// Process-wide allocator settings for batched evaluation.
public enum Allocator {
    /// Keeps freed tensor buffers in the heap for reuse.
    ///
    /// `expect` and `mc` allocate the same few hundred-kilobyte buffers chunk after chunk, and a
    /// learner's statements the same tens of megabytes statement after statement. By default
    /// glibc maps each large buffer afresh and the kernel zero-fills every page on first touch,
    /// which costs more than the arithmetic. With no separate mappings at all, a freed buffer
    /// stays in the heap and the next one of its size reuses its pages; the heap gives memory
    /// back once more than 512 MiB (one largest tensor) is free at its top. Call once at start-up, from an executable.
    public static func preferReuse() {
        #if os(Linux)
            // glibc's <malloc.h> constants: M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3,
            // M_MMAP_MAX = -4.
            _ = glibcMallopt(-3, 32 << 20)
            _ = glibcMallopt(-4, 0)
            _ = glibcMallopt(-1, 512 << 20)
        #endif
    }
}

#if os(Linux)
    // <malloc.h> is not part of the Glibc module map; the function has a plain C signature.
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
