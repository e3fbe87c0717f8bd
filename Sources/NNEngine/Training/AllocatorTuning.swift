/// Keeps glibc's allocator from handing training's short-lived large tensors back to the
/// kernel after every step.
///
/// A training step allocates and frees the same few tensors of 100 KB to a few MB again and
/// again. By default glibc maps blocks that large fresh from the kernel and trims the heap
/// when they are freed, so every step paid for page faults and zero-filled pages (a third of
/// the time at batch 256). Raising the mapping and trimming thresholds once keeps those
/// blocks in the heap for reuse; memory stays bounded by the largest step.
///
/// `mallopt` is declared in `<malloc.h>`, which Swift's Glibc module does not include, so it
/// is reached by its symbol name; the option numbers are glibc's (`M_TRIM_THRESHOLD` −1,
/// `M_MMAP_THRESHOLD` −3).
enum AllocatorTuning {
    /// Applies the settings the first time it is read.
    static let applied: Bool = {
        #if os(Linux)
        _ = glibcMallopt(-3, 64 << 20)
        _ = glibcMallopt(-1, 128 << 20)
        return true
        #else
        return false
        #endif
    }()
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ option: Int32, _ value: Int32) -> Int32
#endif
