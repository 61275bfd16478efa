import RitualsConfig
import RitualsCore
import Testing

/// Recurrences RFC 5545 forbids, and malformed text: each is refused with a reason.
struct RecurrenceRejectionTests {
    static let cases: [(String, String)] = [
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;UNTIL=20270101T000000Z", "same form as DTSTART"),
        ("DTSTART;TZID=Europe/Berlin:20261204T190000\nRRULE:FREQ=DAILY;UNTIL=20270101T000000", "must be in UTC"),
        ("DTSTART:20261204T190000Z\nRRULE:FREQ=DAILY;UNTIL=20270101", "must be in UTC"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=MONTHLY;BYWEEKNO=3", "BYWEEKNO is only allowed with FREQ=YEARLY"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;BYYEARDAY=100", "BYYEARDAY is not allowed"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY is not allowed"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=WEEKLY;BYDAY=2MO", "needs FREQ=MONTHLY or FREQ=YEARLY"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=YEARLY;BYWEEKNO=3;BYDAY=1MO", "cannot be combined with BYWEEKNO"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;BYSETPOS=1", "BYSETPOS needs another"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;COUNT=3;UNTIL=20270101T000000", "COUNT and UNTIL"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;FREQ=WEEKLY", "given twice"),
        ("DTSTART:20261204T190000\nRRULE:INTERVAL=2", "FREQ is missing"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=FORTNIGHTLY", "unknown FREQ"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;BYHOUR=24", "out of range"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=0", "out of range"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;INTERVAL=0", "out of range"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;BYEASTER=0", "unknown rule part"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;BYDAY=XX", "BYDAY expects"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY;WKST=XX", "WKST expects"),
        ("DTSTART:20261304T190000\nRRULE:FREQ=DAILY", "not a calendar date"),
        ("DTSTART:20261204T250000\nRRULE:FREQ=DAILY", "not a time of day"),
        ("DTSTART;TZID=Mars/Olympus:20261204T190000\nRRULE:FREQ=DAILY", "unknown time zone"),
        ("RRULE:FREQ=DAILY", "DTSTART line is missing"),
        ("DTSTART:20261204T190000", "RRULE line is missing"),
        ("DTSTART:20261204T190000\nDTSTART:20261205T190000\nRRULE:FREQ=DAILY", "more than one DTSTART"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY\nEXDATE:20261205T190000Z", "must have none"),
        ("DTSTART;TZID=Europe/Berlin:20261204T190000\nRRULE:FREQ=DAILY\nEXDATE:20261205T190000", "needs TZID"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=DAILY\nVEVENT:X", "unknown property"),
        ("DTSTART:20261204T190000\nRRULE:FREQ=MINUTELY;INTERVAL=60;BYHOUR=5;BYMINUTE=30", "never reaches"),
        ("DTSTART:20261204\nRRULE:FREQ=HOURLY", "without a time"),
    ]

    @Test(arguments: 0..<RecurrenceRejectionTests.cases.count)
    func refused(_ i: Int) {
        let (text, reason) = RecurrenceRejectionTests.cases[i]
        do {
            _ = try Recurrence(parsing: text, zones: SystemZones.shared, local: .utc)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.description.hasPrefix("invalid recurrence rule \""))
        }
    }
}
