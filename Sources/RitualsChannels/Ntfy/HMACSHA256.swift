import CCrypto

/// HMAC-SHA-256 from the system's libcrypto (OpenSSL 3, linked dynamically), and the comparison
/// of two MACs in constant time: what signs and checks an ntfy channel's answer buttons, and
/// seals a couple's notes.
public enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    public static func mac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // libcrypto takes a null key for "the previous one": an empty key is given as a pointer
        // to nothing, never as null.
        let keyBytes = key.isEmpty ? [0] : key
        keyBytes.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(key.count), m.baseAddress, m.count, &out, &length)
            }
        }
        return Array(out.prefix(Int(length)))
    }

    /// Whether `a` and `b` are the same bytes, in a time that tells nothing of where they differ.
    public static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && CRYPTO_memcmp(a, b, a.count) == 0
    }
}
