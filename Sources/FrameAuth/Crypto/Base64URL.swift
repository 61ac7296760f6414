/// Base64url without padding (RFC 4648 §5; RFC 7636 Appendix A; RFC 7515 §2),
/// the one encoding used for tokens, `state` values, PKCE and JWS.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        encode(bytes[...])
    }

    /// As above, for part of a buffer: /login encodes pieces of one draw of
    /// random bytes without copying each into an array of its own.
    public static func encode(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBytes(encode)
    }

    /// As above, for bytes that never need an array: a box sealed on the
    /// stack, a digest.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        // Straight into the string's storage, four characters per three
        // bytes: this runs several times per /login.
        let length = (bytes.count * 4 + 2) / 3
        return String(unsafeUninitializedCapacity: length) { out in
            alphabet.withUnsafeBufferPointer { alphabet in
                func character(_ group: UInt32, _ shift: UInt32) -> UInt8 { alphabet[Int(group >> shift & 0x3F)] }
                var written = 0
                var index = 0
                while index + 3 <= bytes.count {
                    let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                    (out[written], out[written + 1]) = (character(group, 18), character(group, 12))
                    (out[written + 2], out[written + 3]) = (character(group, 6), character(group, 0))
                    written += 4
                    index += 3
                }
                // One byte left is two characters, two bytes three (no
                // padding), written out: a loop over a list of shifts
                // would allocate that list on every call.
                let rest = bytes.count - index
                if rest > 0 {
                    let group = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                    (out[written], out[written + 1]) = (character(group, 18), character(group, 12))
                    written += 2
                    if rest == 2 {
                        out[written] = character(group, 6)
                        written += 1
                    }
                }
                return written
            }
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The bytes `encoded` stands for, or nil unless it is exactly what
    /// `encode` would have written: no padding, no byte outside the alphabet,
    /// no length of 4n + 1, and the unused low bits of the last character zero
    /// (RFC 4648 §3.5), so each byte string has exactly one encoding: a
    /// signed token (RFC 7515 §3) cannot be respelled into a second text that
    /// verifies just the same.
    public static func decode(_ encoded: some Collection<UInt8>) -> [UInt8]? {
        var decoded = [UInt8]()
        decoded.reserveCapacity(encoded.count * 3 / 4)
        var group: UInt32 = 0
        var count = 0
        for byte in encoded {
            guard let value = sextet(byte) else { return nil }
            group = group << 6 | UInt32(value)
            count += 1
            if count == 4 {
                decoded.append(UInt8(truncatingIfNeeded: group >> 16))
                decoded.append(UInt8(truncatingIfNeeded: group >> 8))
                decoded.append(UInt8(truncatingIfNeeded: group))
                group = 0
                count = 0
            }
        }
        switch count {
        case 0:
            break
        case 2:
            // 12 bits carry one byte; the last 4 must be zero.
            guard group & 0xF == 0 else { return nil }
            decoded.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            // 18 bits carry two bytes; the last 2 must be zero.
            guard group & 0x3 == 0 else { return nil }
            decoded.append(UInt8(truncatingIfNeeded: group >> 10))
            decoded.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            // One character carries 6 bits, less than a byte.
            return nil
        }
        return decoded
    }

    /// The 6-bit value of an alphabet character.
    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }

    /// Whether `byte` is one of the 64 characters of the alphabet.
    public static func isAlphabet(_ byte: UInt8) -> Bool {
        sextet(byte) != nil
    }
}
