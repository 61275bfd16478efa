import Testing

@testable import Systemd

/// journald's native protocol: `KEY=value` lines, and a value holding a line break sent with its
/// length (64 bits, little-endian) so that it arrives whole.
struct JournalProtocolTests {
    @Test func plainFieldsAreLines() {
        let bytes = Journal.datagram([("MESSAGE", "Walk: it is time."), ("PRIORITY", "6")])
        #expect(String(decoding: bytes, as: UTF8.self) == "MESSAGE=Walk: it is time.\nPRIORITY=6\n")
    }

    @Test func aValueWithLineBreaksCarriesItsLength() {
        let value = "first line\nsecond, é"
        let bytes = Journal.datagram([("RITUAL_OUTPUT", value)])
        let key = Array("RITUAL_OUTPUT\n".utf8)
        #expect(Array(bytes.prefix(key.count)) == key)
        let length = bytes[key.count..<(key.count + 8)].enumerated().reduce(UInt64(0)) {
            $0 | UInt64($1.element) << (8 * UInt64($1.offset))
        }
        #expect(length == UInt64(value.utf8.count))
        #expect(Array(bytes[(key.count + 8)...]) == Array(value.utf8) + [0x0A])
    }
}
