import RitualsConfig
import RitualsCore
import Testing

/// Counting elapses by periods agrees with enumerating them one by one, across offset changes
/// of every kind (an hour, half an hour, a whole day skipped) and with limits.
struct ElapseCountTests {
    static let zones = [
        "Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe", "Pacific/Apia", "America/St_Johns",
        "Asia/Kolkata", "UTC",
    ]

    /// A small deterministic generator, so that a failure names a case that comes back.
    struct Lcg {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    static func expression(_ rng: inout Lcg) -> String {
        let days = ["", "Mon ", "Sat,Sun ", "Mon..Fri ", "Tue,Thu "]
        let hours = ["\(rng.next(24))", "01,02,03", "00/5", "02", "1..3", "23"]
        let minutes = ["00", "30", "\(rng.next(60))", "0/20", "15,45", "0/25", "58..59", "10:05..07", "0:0/45"]
        let zone = rng.pick(["", "", " UTC", " " + rng.pick(zones)])
        if rng.next(3) == 0 {
            let zone = rng.pick(zones)
            let freq = rng.pick(["DAILY", "WEEKLY", "HOURLY", "WEEKLY;BYDAY=MO,TH", "DAILY;BYHOUR=2,14"])
            let until = rng.next(3) == 0 ? ";UNTIL=20260315T000000Z" : ""
            let month = 1 + rng.next(12)
            return "DTSTART;TZID=\(zone):2024\(month < 10 ? "0" : "")\(month)15T0\(rng.next(4))3000\n"
                + "RRULE:FREQ=\(freq);INTERVAL=\(1 + rng.next(3))\(until)"
        }
        return rng.pick(days) + "*-*-* " + rng.pick(hours) + ":" + rng.pick(minutes) + zone
    }

    static func enumerated(_ schedule: Schedule, after: Int, through: Int, limit: Int, zone: Zone) -> Int {
        var solver = WallClockSolver(zone: zone)
        var n = 0
        var cursor = after
        while n <= limit, let batch = try? schedule.nextElapses(after: cursor, count: 256, local: &solver),
            !batch.isEmpty
        {
            for t in batch where t <= through && n <= limit { n += 1 }
            if batch.last! > through || batch.count < 256 { break }
            cursor = batch.last!
        }
        return n
    }

    @Test func periodsAgreeWithEnumeration() throws {
        var rng = Lcg(state: 20_261_202)
        let base = 1_700_000_000_000_000
        for case_ in 0..<400 {
            let local = SystemZones.shared.zone(named: rng.pick(ElapseCountTests.zones))!
            let text = ElapseCountTests.expression(&rng)
            let schedule = try Schedule(parsing: text, zones: SystemZones.shared, local: local)
            let after = base + rng.next(1_000) * 86_400_000_000 + rng.next(86_400) * 1_000_000
            let through = after + rng.next(1_100) * 86_400_000_000 + rng.next(86_400) * 1_000_000
            let limit = rng.next(4) == 0 ? 500 : 40_000
            var solver = WallClockSolver(zone: local)
            let counted = schedule.countElapses(after: after, through: through, limit: limit, local: &solver)
            let expected = ElapseCountTests.enumerated(
                schedule, after: after, through: through, limit: limit, zone: local)
            #expect(
                counted == expected,
                "case \(case_): \(text.debugDescription) in \(local.name), (\(after), \(through)], limit \(limit)")
        }
    }
}
