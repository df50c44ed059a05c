/// Process-wide allocator settings for batched evaluation.
public enum Allocator {
    /// Keeps freed tensor buffers (up to 32 MiB each) in the heap for reuse.
    ///
    /// `expect` and `mc` allocate the same few hundred-kilobyte buffers chunk after chunk. By
    /// default glibc maps each such buffer afresh and the kernel zero-fills every page on first
    /// touch, which cost more than the arithmetic (docs/architecture.md, Performance).
    /// Call once at start-up, from an executable.
    public static func preferReuse() {
        #if os(Linux)
            // glibc's <malloc.h> constants: M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3.
            _ = glibcMallopt(-3, 32 << 20)
            _ = glibcMallopt(-1, 256 << 20)
        #endif
    }
}

#if os(Linux)
    // <malloc.h> is not part of the Glibc module map; the function has a plain C signature.
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
