import RitualsConfig
import RitualsCore
import Testing

/// RFC 5545 recurrences against tables drawn from python-dateutil's `rrulestr`, with wall times
/// turned into instants by RFC 5545 §3.3.5.
struct RecurrenceOracleTests {
    static let rows = FixtureRow.load("rrule")

    @Test func tableIsLarge() {
        #expect(RecurrenceOracleTests.rows.count >= 300)
    }

    @Test(arguments: RecurrenceOracleTests.rows)
    func matchesDateutil(_ row: FixtureRow) throws {
        let local = FixtureRow.zone(row.fields[0])
        let base = Int(row.fields[1])! * 1_000_000
        let rule = try Recurrence(parsing: row.fields[2], zones: SystemZones.shared, local: local)
        let expected = FixtureRow.seconds(row.fields[3])
        let got = rule.occurrences(after: base, count: 8).map { $0 / 1_000_000 }
        #expect(got == expected)
    }

    @Test(arguments: RecurrenceOracleTests.rows)
    func normalizedFormParsesToItself(_ row: FixtureRow) throws {
        let local = FixtureRow.zone(row.fields[0])
        let once = try Recurrence(parsing: row.fields[2], zones: SystemZones.shared, local: local)
        let twice = try Recurrence(parsing: once.normalized, zones: SystemZones.shared, local: local)
        #expect(twice.normalized == once.normalized)
        let base = Int(row.fields[1])! * 1_000_000
        #expect(twice.occurrences(after: base, count: 8) == once.occurrences(after: base, count: 8))
    }

    @Test func linesMaySeparateByAnyWhitespaceOrALiteralBackslashN() throws {
        let forms = [
            "DTSTART:20261204T190000\nRRULE:FREQ=WEEKLY;INTERVAL=2",
            "DTSTART:20261204T190000 RRULE:FREQ=WEEKLY;INTERVAL=2",
            "dtstart:20261204t190000\\nrrule:freq=weekly;interval=2",
        ]
        let expected = try Recurrence(parsing: forms[0], zones: SystemZones.shared, local: .utc).occurrences(
            after: 0, count: 3)
        #expect(expected.count == 3)
        for text in forms.dropFirst() {
            let rule = try Recurrence(parsing: text, zones: SystemZones.shared, local: .utc)
            #expect(rule.occurrences(after: 0, count: 3) == expected)
        }
    }
}
