import Glibc

/// Whether this test binary runs under ThreadSanitizer or AddressSanitizer,
/// whose runtimes, linked in by `-sanitize=thread` or `-sanitize=address`,
/// export `__tsan_init` or `__asan_init`.
///
/// Both instrument every memory access, so the same work takes several
/// times longer (4–5x under ASan, about 8x under TSan here), and CPU-bound
/// tests hold the cooperative pool's two threads for seconds. Time limits
/// set for a debug build are scaled by `slowdown` under them.
public enum Sanitizer {
    public static let isOn = dlsym(nil, "__tsan_init") != nil || dlsym(nil, "__asan_init") != nil
    public static let slowdown: Double = isOn ? 10 : 1
}
