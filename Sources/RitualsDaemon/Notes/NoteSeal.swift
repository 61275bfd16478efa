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
        return hex(bytes)
    }

    /// The seal of `text` under `salt` (hex); nil for a salt that is not 64 hex digits.
    static func seal(_ text: String, salt: String) -> String? {
        guard let key = bytes(salt), key.count == 32 else { return nil }
        return hex(HMACSHA256.mac(key: key, Array(text.utf8)))
    }

    /// Whether `text` and `salt` are what `seal` sealed (compared in constant time).
    static func opens(_ seal: String, text: String, salt: String) -> Bool {
        guard let made = NoteSeal.seal(text, salt: salt).flatMap(bytes), let given = bytes(seal) else { return false }
        return HMACSHA256.same(made, given)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ d: UInt8) -> UInt8? {
            switch d {
            case 0x30...0x39: d - 0x30
            case 0x61...0x66: d - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < digits.count {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}
