import RitualsConfig
import RitualsCore
import Testing

/// Any string gets a result or a clear error: never a crash or a hang.
struct BadInputTests {
    static let inputs: [String] = [
        String(repeating: "*", count: 1 << 20),
        String(repeating: "1,", count: 500_000) + "1:00",
        String(repeating: "Mon,", count: 250_000) + "Mon 10:00",
        String(decoding: (0..<4096).map { UInt8($0 % 256) }, as: UTF8.self),
        "\u{1F4A9}\u{1F4A9} 10:00", "Mo\u{308}n 10:00", "\u{FEFF}10:00", "10:00\u{3000}UTC",
        "DTSTART:20261204T190000\n" + String(repeating: "RRULE:FREQ=DAILY\n", count: 2000),
        "DTSTART:20261204T190000\nRRULE:" + String(repeating: "BYDAY=MO;", count: 100_000),
        "DTSTART:99999999T999999\nRRULE:FREQ=DAILY", "every " + String(repeating: "9", count: 100_000) + " days",
        "every 2 weeks on " + String(repeating: "mon,", count: 100_000),
    ]

    @Test(arguments: 0..<BadInputTests.inputs.count)
    func answersWithoutCrashing(_ index: Int) {
        let text = BadInputTests.inputs[index]
        do {
            let schedule = try Schedule(parsing: text, zones: SystemZones.shared, local: .utc)
            var solver = WallClockSolver(zone: .utc)
            _ = try schedule.nextElapses(after: 1_764_000_000_000_000, count: 3, local: &solver)
        } catch {
            #expect(!error.description.isEmpty)
            #expect(error.description.count < 400, "messages stay short even for huge input")
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix(seed: 7)
        var refused = 0
        for _ in 0..<3000 {
            let length = Int(generator.next() % 40)
            let alphabet = Array("0123456789*-~:./,@ MonTueFriSatUTC\u{0}\u{FF}é".unicodeScalars)
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            do {
                let spec = try CalendarSpec(parsing: text, zones: SystemZones.shared, local: .utc)
                var solver = WallClockSolver(zone: .utc)
                _ = try spec.nextElapses(after: 1_764_000_000_000_000, count: 2, local: &solver)
            } catch {
                refused += 1
            }
        }
        #expect(refused > 1000)
    }

    @Test func expressionThatNeverElapsesSaysSo() throws {
        let spec = try CalendarSpec(parsing: "*-02-30", zones: SystemZones.shared, local: .utc)
        var solver = WallClockSolver(zone: .utc)
        #expect(try spec.nextElapse(after: 1_764_000_000_000_000, local: &solver) == nil)
        let past = try CalendarSpec(parsing: "2020-01-01", zones: SystemZones.shared, local: .utc)
        #expect(try past.nextElapse(after: 1_764_000_000_000_000, local: &solver) == nil)
    }

    @Test func impossibleRecurrenceEndsInsteadOfHanging() throws {
        let rule = try Recurrence(
            parsing: "DTSTART:20260101T000000\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", zones: SystemZones.shared,
            local: .utc)
        #expect(rule.occurrences(after: 0, count: 3).isEmpty)
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
