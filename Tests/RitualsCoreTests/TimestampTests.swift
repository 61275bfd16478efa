import RitualsConfig
import RitualsCore
import Testing

/// Reading base times and printing instants.
struct TimestampTests {
    static let berlin = FixtureRow.zone("Europe/Berlin")

    static let readable: [(String, Int)] = [
        ("@1764000000", 1_764_000_000_000_000),
        ("@1764000000.25", 1_764_000_000_250_000),
        ("2026-12-04T19:00:00+01:00", 1_796_407_200_000_000),
        ("2026-12-04T18:00:00Z", 1_796_407_200_000_000),
        ("2026-12-04 19:00", 1_796_407_200_000_000),
        ("2026-12-04T19:00:00.5", 1_796_407_200_500_000),
        ("2026-07-04 19:00:30", 1_783_184_430_000_000),
        ("2026-12-04", 1_796_338_800_000_000),
    ]

    @Test(arguments: 0..<TimestampTests.readable.count)
    func reads(_ i: Int) {
        let (text, usec) = TimestampTests.readable[i]
        #expect(Timestamp.parse(text, in: TimestampTests.berlin) == Instant(microseconds: usec))
    }

    @Test(arguments: [
        "", "@", "@-1", "tomorrow", "2026-13-01", "2026-02-30 10:00", "2026-12-04T25:00", "2026-12-04T10:00+1",
    ])
    func refuses(_ text: String) {
        #expect(Timestamp.parse(text, in: TimestampTests.berlin) == nil)
    }

    @Test func printsOffsetsAndFractions() {
        #expect(Timestamp.iso8601(1_796_407_200_000_000, in: TimestampTests.berlin) == "2026-12-04T19:00:00+01:00")
        #expect(Timestamp.iso8601(1_796_407_200_120_000, in: .utc) == "2026-12-04T18:00:00.12+00:00")
        let chatham = FixtureRow.zone("Pacific/Chatham")
        #expect(Timestamp.iso8601(1_796_407_200_000_000, in: chatham) == "2026-12-05T07:45:00+13:45")
        #expect(Timestamp.systemd(1_796_407_200_000_000, in: TimestampTests.berlin) == "Fri 2026-12-04 19:00:00 CET")
    }

    @Test(arguments: [
        (0, "now"), (999, "999us left"), (90_000_000, "1min 30s left"), (3_600_000_000 * 7, "7h left"),
        (86_400_000_000 * 3, "3 days left"), (86_400_000_000 * 9, "1 week 2 days left"),
        (-86_400_000_000 * 400, "1 year 1 month ago"),
    ])
    func relative(_ delta: Int, _ text: String) {
        let now = Instant(microseconds: 1_000_000_000_000_000)
        #expect(Timestamp.relative(now + .microseconds(delta), now: now) == text)
    }
}
