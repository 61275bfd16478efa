import RitualsConfig
import RitualsCore
import Testing

/// Calendar expressions as RRULEs: every expression of the oracle table the converter accepts
/// gives systemd's elapses, and the expression's own for 400 days.
struct CalendarRecurrenceTests {
    static let rows = CalendarOracleTests.rows.filter { $0.fields[3] != "ERR" && $0.fields[3] != "SEARCH" }
    static let horizon = 400 * 86_400_000_000

    /// The recurrence of a row's expression from its base time, if the converter takes it.
    static func convert(_ row: FixtureRow) throws -> (CalendarSpec, Recurrence?, Zone) {
        let local = FixtureRow.zone(row.fields[0])
        let spec = try CalendarSpec(parsing: row.fields[2], zones: SystemZones.shared, local: local)
        let first = FixtureRow.seconds(row.fields[4]).first.map { $0 * 1_000_000 }
        return (spec, first.flatMap { spec.recurrence(first: $0, zone: local, horizon: horizon) }, local)
    }

    @Test(arguments: CalendarRecurrenceTests.rows)
    func acceptedExpressionsElapseAsSystemdSays(_ row: FixtureRow) throws {
        let (spec, found, local) = try CalendarRecurrenceTests.convert(row)
        guard let r = found else { return }
        let base = Int(row.fields[1])! * 1_000_000
        #expect(r.occurrences(after: base, count: 6).map { $0 / 1_000_000 } == FixtureRow.seconds(row.fields[4]))
        // Where the two could part: the days around each change of the zone's offset.
        var solver = WallClockSolver(zone: local)
        let day = 86_400_000_000
        for start in stride(from: base, to: base + CalendarRecurrenceTests.horizon, by: day) {
            let (a, b) = (local.kind(at: start / 1_000_000).offset, local.kind(at: (start + day) / 1_000_000).offset)
            guard a != b else { continue }
            // A recurrence begins with its first occurrence, the expression's first elapse after base.
            let from = max(start - day, base)
            let expected = try spec.nextElapses(after: from, count: 300, local: &solver).filter {
                $0 < start + 2 * day
            }
            #expect(r.occurrences(after: from, count: expected.count) == expected)
        }
        // The RRULE written out reads back as the same rule.
        let text = "DTSTART:20261204T000000\nRRULE:" + (r.rules.first?.text ?? "")
        let parsed = try Recurrence(parsing: text, zones: SystemZones.shared, local: local)
        #expect(parsed.rules == r.rules)
    }

    /// Not a converter that refuses everything: of every eighth row, a good share is taken.
    @Test func manyOfTheTableAreAccepted() throws {
        let sample = stride(from: 0, to: CalendarRecurrenceTests.rows.count, by: 8).map {
            CalendarRecurrenceTests.rows[$0]
        }
        let accepted = try sample.filter { try CalendarRecurrenceTests.convert($0).1 != nil }.count
        #expect(accepted * 4 >= sample.count, "\(accepted) of \(sample.count)")
    }

    @Test(arguments: [
        ("Mon..Fri 21:00", "FREQ=WEEKLY;BYSECOND=0;BYMINUTE=0;BYHOUR=21;BYDAY=MO,TU,WE,TH,FR"),
        ("Sat *-*-1..7 10:00", "FREQ=MONTHLY;BYSECOND=0;BYMINUTE=0;BYHOUR=10;BYDAY=SA;BYMONTHDAY=1,2,3,4,5,6,7"),
        ("*-*~01,02 20:00", "FREQ=MONTHLY;BYSECOND=0;BYMINUTE=0;BYHOUR=20;BYMONTHDAY=-2,-1"),
        ("*-12-24 18:30:15", "FREQ=YEARLY;BYSECOND=15;BYMINUTE=30;BYHOUR=18;BYMONTHDAY=24;BYMONTH=12"),
        (
            "*:0/20",
            "FREQ=DAILY;BYSECOND=0;BYMINUTE=0,20,40;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23"
        ),
    ])
    func rulesOfKnownExpressions(expression: String, rule: String) throws {
        let spec = try CalendarSpec(parsing: expression, zones: SystemZones.shared, local: .utc)
        #expect(spec.recurrenceRule?.text == rule)
    }

    @Test(arguments: ["2026-12-24 18:00", "*-*-* 10:00:00.5", "Mon *-*-* 10:00 CEST"])
    func expressionsNoRuleSays(expression: String) throws {
        let berlin = FixtureRow.zone("Europe/Berlin")
        let spec = try CalendarSpec(parsing: expression, zones: SystemZones.shared, local: berlin)
        #expect(spec.recurrenceRule == nil)
    }
}
