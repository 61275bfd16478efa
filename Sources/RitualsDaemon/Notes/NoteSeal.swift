import CCrypto
import RitualsChannels

/// The seal of a note: HMAC-SHA-256 of its text under a random 32-byte salt, both in hex. The
/// seal goes to the shared folder first; it tells nothing of the text, and once the text and the
/// salt follow, anyone can check that they are what was sealed (a note cannot be changed after
/// the other's was seen).
enum NoteSeal {
    /// A fresh salt from libcrypto's generator; nil if it has none to give.
    static func salt() -> String? {
        var bytes = [UInt8](repeating: 0, count: 32)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { return nil }
        return HMACSHA256.hex(bytes)
    }

    /// The seal of `text` under `salt` (hex); nil for a salt that is not 64 hex digits.
    static func seal(_ text: String, salt: String) -> String? { mac(text, salt: salt).map(HMACSHA256.hex) }

    /// Whether `text` and `salt` are what `seal` sealed (compared in constant time).
    static func opens(_ seal: String, text: String, salt: String) -> Bool {
        guard let made = mac(text, salt: salt), let given = HMACSHA256.bytes(Array(seal.utf8)) else { return false }
        return HMACSHA256.same(made, given)
    }

    private static func mac(_ text: String, salt: String) -> [UInt8]? {
        guard let key = HMACSHA256.bytes(Array(salt.utf8)), key.count == 32 else { return nil }
        return HMACSHA256.mac(key: key, Array(text.utf8))
    }
}
