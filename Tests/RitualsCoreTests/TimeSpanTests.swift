import RitualsCore
import Testing

/// Time spans against `systemd-analyze timespan` (systemd 252); nil where it refuses.
struct TimeSpanTests {
    static let table: [(String, Int?)] = [
        ("90s", 90000000),
        ("15m", 900000000),
        ("1h 30min", 5400000000),
        ("2d", 172800000000),
        ("1w", 604800000000),
        ("0", 0),
        ("1.5h", 5400000000),
        ("1h30m", 5400000000),
        ("5", 5000000),
        ("1 h", 3600000000),
        ("1M", 2629800000000),
        ("1y", 31557600000000),
        ("2 weeks", 1209600000000),
        ("3months", 7889400000000),
        ("10msec", 10000),
        ("1usec", 1),
        (" 5m", 300000000),
        ("5m ", 300000000),
        ("5 m", 300000000),
        ("0.5", 500000),
        ("1hour", 3600000000),
        ("2hours", 7200000000),
        ("1min", 60000000),
        ("1minute", 60000000),
        ("1h1h", 7200000000),
        ("1.25s", 1250000),
        (".5m", 30000000),
        ("3 days 2h", 266400000000),
        ("2min 30s", 150000000),
        ("7 d", 604800000000),
        ("1y 2M 3w 4d 5h 6min 7s 8ms 9us", 38995567008009),
        ("100ms", 100000),
        ("2hr", 7200000000),
        ("-5m", nil),
        ("", nil),
        ("5x", nil),
        ("1e3s", nil),
        ("inf", nil),
        ("1.5.5s", nil),
        ("3mon", nil),
        ("1h -1m", nil),
        ("m", nil),
        (".", nil),
        ("5 5", 10000000),
        ("1 2 3", 6000000),
    ]

    @Test(arguments: 0..<TimeSpanTests.table.count)
    func matchesSystemd(_ i: Int) {
        let (text, expected) = TimeSpanTests.table[i]
        let got = try? TimeSpan.parse(text)
        #expect(got == expected, "\(text)")
    }

    @Test func hugeValuesAreRefusedNotWrapped() {
        #expect(throws: TimeSpanError.tooLarge) { try TimeSpan.parse("99999999999999999999d") }
        #expect(throws: TimeSpanError.tooLarge) { try TimeSpan.parse("999999999999y") }
        #expect(throws: TimeSpanError.negative) { try TimeSpan.parse("-5m") }
    }
}

/// Time spans back to text, as the config writes them and as people read them.
struct TimeSpanFormatTests {
    @Test(arguments: [
        (0, "0", "0 s"), (90_000_000, "1min 30s", "1 min 30 s"), (600_000_000, "10min", "10 min"),
        (3_600_000_000, "1h", "1 h"), (43_200_000_000, "12h", "12 h"), (604_800_000_000, "1w", "7 d"),
        (691_200_000_000, "1w 1d", "8 d"), (5_400_000_000, "1h 30min", "1 h 30 min"),
        (1500, "1ms 500us", "1 ms 500 µs"),
    ])
    func configAndSpokenForms(usec: Int, config: String, spoken: String) throws {
        #expect(TimeSpan.format(usec) == config)
        #expect(TimeSpan.format(usec, style: .spoken) == spoken)
        #expect(try TimeSpan.parse(config) == usec)
    }

    @Test func aFewUnitsFromTheLargestOne() {
        let span = 3 * 3_600_000_000 + 20 * 60_000_000 + 12_000_000
        #expect(TimeSpan.format(span, style: .spoken, units: 2) == "3 h 20 min")
        #expect(TimeSpan.format(3_605_000_000, style: .spoken, units: 2) == "1 h")
        #expect(TimeSpan.format(45_000_000, style: .spoken, units: 2) == "45 s")
        #expect(TimeSpan.format(span, units: 1) == "3h")
    }

    @Test(arguments: [1, 59_999_999, 86_400_000_001, 1_234_567_890_123])
    func everySpanReadsBackToItself(usec: Int) throws {
        #expect(try TimeSpan.parse(TimeSpan.format(usec)) == usec)
    }
}
