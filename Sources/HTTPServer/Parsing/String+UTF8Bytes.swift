extension String {
    /// Calls `body` with the text's UTF-8, read where it lies. `withUTF8`
    /// does the same but is mutating, so a caller holding the string as a
    /// value makes a copy first: a reference count taken and dropped, on
    /// every field name and value a request or response carries.
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        // Native and small strings, which is every string on Linux, are contiguous.
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var text = self
        return try text.withUTF8(body)
    }
}
