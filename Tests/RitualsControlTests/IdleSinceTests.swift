import RitualsControl
import RitualsCore
import Testing

/// How long the computer went unused, as a desktop or logind says it: a bogus number (huge, or
/// in the future) neither traps nor claims more than 400 days or a start after now.
struct IdleSinceTests {
    static let now = Instant(microseconds: 1_796_000_000_000_000)

    @Test func aPlainOneIsTakenAsSaid() {
        #expect(
            SessionStatus.idleSince(microsecondsAgo: 60_000_000, now: IdleSinceTests.now) == IdleSinceTests.now
                - .seconds(60))
        #expect(
            SessionStatus.idleSince(epochMicroseconds: 1_795_999_940_000_000, now: IdleSinceTests.now)
                == IdleSinceTests.now - .seconds(60))
    }

    @Test(arguments: [UInt64.max, UInt64(Int.max), 1 << 62])
    func aBogusOneIsKeptWithinBounds(said: UInt64) {
        let ago = SessionStatus.idleSince(microsecondsAgo: said, now: IdleSinceTests.now)
        #expect(ago == IdleSinceTests.now - .days(400))
        // A start after now is now.
        #expect(SessionStatus.idleSince(epochMicroseconds: said, now: IdleSinceTests.now) == IdleSinceTests.now)
    }
}
