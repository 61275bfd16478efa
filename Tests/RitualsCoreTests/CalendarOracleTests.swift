import RitualsConfig
import RitualsCore
import Testing

/// Calendar expressions against tables drawn from `systemd-analyze calendar` (systemd 252).
struct CalendarOracleTests {
    static let rows = FixtureRow.load("calendar")

    @Test func tableIsLarge() {
        #expect(CalendarOracleTests.rows.count >= 500)
        #expect(CalendarOracleTests.rows.filter { $0.fields[3] == "ERR" }.count >= 100)
    }

    @Test(arguments: CalendarOracleTests.rows)
    func matchesSystemd(_ row: FixtureRow) throws {
        let local = FixtureRow.zone(row.fields[0])
        let base = Int(row.fields[1])! * 1_000_000
        let expression = row.fields[2]
        if row.fields[3] == "ERR" {
            #expect(throws: ScheduleError.self) {
                try CalendarSpec(parsing: expression, zones: SystemZones.shared, local: local)
            }
            return
        }
        let spec = try CalendarSpec(parsing: expression, zones: SystemZones.shared, local: local)
        var solver = WallClockSolver(zone: local)
        if row.fields[3] == "SEARCH" {
            let error = #expect(throws: ScheduleError.self) {
                try spec.nextElapses(after: base, count: 6, local: &solver)
            }
            #expect(error?.searchGaveUp == true)
            return
        }
        #expect(spec.normalized == row.fields[3])
        let expected = FixtureRow.seconds(row.fields[4])
        let got = try spec.nextElapses(after: base, count: 6, local: &solver).map { $0 / 1_000_000 }
        #expect(got == expected)
    }

    @Test(arguments: CalendarOracleTests.rows.filter { $0.fields[3] != "ERR" && $0.fields[3] != "SEARCH" })
    func normalizedFormParsesToItself(_ row: FixtureRow) throws {
        let local = FixtureRow.zone(row.fields[0])
        let once = try CalendarSpec(parsing: row.fields[2], zones: SystemZones.shared, local: local)
        let twice = try CalendarSpec(parsing: once.normalized, zones: SystemZones.shared, local: local)
        // systemd prints seconds that hold every whole second as `*`, the rest of their list left
        // out: that form reads back as what it says, not as the list.
        let printedAsEverySecond = (once.microsecond?.count ?? 0) > 1 && twice.microsecond?.count == 1
        if !printedAsEverySecond { #expect(twice == once) }
        #expect(twice.normalized == once.normalized)
    }
}
