import CShim

/// Compares secrets (API keys, cookie values) without the early exit of `==`,
/// whose timing tells an attacker how many leading bytes matched
/// (CRYPTO_memcmp). Only the lengths may differ observably; compare digests
/// (`SHA256.digest`) when even the length must stay hidden.
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    guard !lhs.isEmpty else { return true }
    return lhs.withUnsafeBufferPointer { lhs in
        rhs.withUnsafeBufferPointer { rhs in
            cshim_constant_time_equals(lhs.baseAddress, rhs.baseAddress, lhs.count) == 1
        }
    }
}
