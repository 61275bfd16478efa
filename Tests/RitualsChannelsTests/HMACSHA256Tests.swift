import Testing

@testable import RitualsChannels

/// HMAC-SHA-256 from libcrypto against RFC 4231's test cases (values confirmed with Python's
/// hmac), the comparison of MACs, and the hexadecimal the key file and the buttons use.
struct HMACSHA256Tests {
    @Test(arguments: [
        (
            [UInt8](repeating: 0x0b, count: 20), "Hi There",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            Array("Jefe".utf8), "what do ya want for nothing?",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            [UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        ([], "", "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
    ])
    func mac(_ key: [UInt8], _ text: String, _ expected: String) {
        #expect(HMACSHA256.hex(HMACSHA256.mac(key: key, Array(text.utf8))) == expected)
    }

    @Test func macsAreComparedWhole() {
        let a = HMACSHA256.mac(key: [1, 2, 3], Array("walk".utf8))
        #expect(HMACSHA256.same(a, a))
        #expect(!HMACSHA256.same(a, HMACSHA256.mac(key: [1, 2, 4], Array("walk".utf8))))
        #expect(!HMACSHA256.same(a, Array(a.dropLast())))
        #expect(!HMACSHA256.same([], a))
    }

    @Test func hexRoundTrips() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xab, 0xff]
        #expect(HMACSHA256.hex(bytes) == "00017f80abff")
        #expect(HMACSHA256.bytes(Array("00017f80abff".utf8)) == bytes)
        #expect(HMACSHA256.bytes(Array("0g".utf8)) == nil)
        #expect(HMACSHA256.bytes(Array("abc".utf8)) == nil)
        #expect(HMACSHA256.bytes(Array("AB".utf8)) == nil)
    }
}
