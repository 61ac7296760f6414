// Compiled into every fuzz target by scripts/fuzz. A target defines
// `fuzz(_:)` and states its properties with `check`.

/// libFuzzer's entry point: hands each input to the target's `fuzz(_:)`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzz(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// Traps when a property does not hold: libFuzzer then saves the input as a
/// crash, and scripts/fuzz finds "invariant violated" in the log.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}

/// One input cut at NUL bytes into `count` parts (missing ones empty), for
/// targets that need several texts. No argument, environment variable or
/// header can hold a NUL; the last part, a file or a body, keeps any further.
func parts(_ input: [UInt8], count: Int) -> [[UInt8]] {
    var parts = input.split(separator: 0, maxSplits: count - 1, omittingEmptySubsequences: false).map(Array.init)
    while parts.count < count { parts.append([]) }
    return parts
}

/// Text as the decoders receive it from a socket or a file.
func text(_ bytes: some Collection<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// Whether `text` holds `part` byte for byte. Foundation's `contains` on
/// strings compares as Unicode does, where U+0000 and other ignorable
/// characters match nothing at all: `")"` followed by NULs was "found" in a
/// message ending in `)`. A value that must not be shown must not be there
/// as bytes.
func holds(_ text: String, _ part: some StringProtocol) -> Bool {
    text.utf8.firstRange(of: part.utf8) != nil
}
