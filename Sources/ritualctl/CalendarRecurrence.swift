import RitualsConfig
import RitualsCore

/// The RRULE a systemd calendar expression stands for, when there is one: every field a finite
/// list of values, no year, whole seconds. The caller checks the result against the expression.
enum CalendarRecurrence {
    /// Elapses compared at most, in batches of 256.
    static let maxBatches = 40

    /// The values a field's chain covers, within `0...max` (or `1...max`).
    static func values(_ chain: [CalendarSpec.Component]?, in range: ClosedRange<Int>, unit: Int = 1) -> [Int]? {
        guard let chain else { return Array(range) }
        var out = Set<Int>()
        for c in chain {
            guard c.start % unit == 0, c.repeatEvery % unit == 0, c.stop < 0 || c.stop % unit == 0 else { return nil }
            let start = c.start / unit
            let stop = c.stop < 0 ? (c.repeatEvery > 0 ? range.upperBound : start) : c.stop / unit
            let step = max(c.repeatEvery / unit, 1)
            guard start <= stop else { continue }
            for v in stride(from: start, through: stop, by: step) where range.contains(v) { out.insert(v) }
        }
        return out.isEmpty ? nil : out.sorted()
    }

    /// `FREQ=...;BY...` for `spec`, or nil when it cannot be written as one rule.
    static func rule(_ spec: CalendarSpec) -> String? {
        guard spec.year == nil, spec.dst < 0,
            let hours = values(spec.hour, in: 0...23), let minutes = values(spec.minute, in: 0...59),
            let seconds = values(spec.microsecond, in: 0...59, unit: 1_000_000)
        else { return nil }
        func list(_ v: [Int]) -> String { v.map(String.init).joined(separator: ",") }
        var parts: [String] = []
        var frequency = "DAILY"
        if spec.month != nil {
            guard let months = values(spec.month, in: 1...12) else { return nil }
            parts.append("BYMONTH=" + list(months))
            frequency = "YEARLY"
        }
        if spec.day != nil {
            guard let days = values(spec.day, in: 1...31) else { return nil }
            parts.append("BYMONTHDAY=" + list(spec.endOfMonth ? days.map { -$0 } : days))
            if frequency == "DAILY" { frequency = "MONTHLY" }
        }
        if spec.weekdays >= 0 && spec.weekdays != 0x7F {
            let names = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            parts.append(
                "BYDAY=" + (0..<7).filter { spec.weekdays & (1 << $0) != 0 }.map { names[$0] }.joined(separator: ","))
            if frequency == "DAILY" { frequency = "WEEKLY" }
        }
        parts += ["BYHOUR=" + list(hours), "BYMINUTE=" + list(minutes), "BYSECOND=" + list(seconds)]
        return (["FREQ=" + frequency] + parts).joined(separator: ";")
    }

    /// The recurrence for `spec` starting with its occurrence `first` (microseconds) in `zone`,
    /// if it elapses exactly like the expression for `horizon` microseconds.
    static func recurrence(
        for spec: CalendarSpec, schedule: Schedule, first: Int, zone: Zone, horizon: Int
    ) -> Recurrence? {
        guard let rule = rule(spec) else { return nil }
        let seconds = first / 1_000_000
        let zone = spec.utc ? Zone.utc : (spec.zone ?? zone)
        let wall = ICalendarWriter.basic(seconds + zone.kind(at: seconds).offset)
        let start = spec.utc ? "DTSTART:\(wall)Z" : "DTSTART;TZID=\(zone.name):\(wall)"
        guard
            let parsed = try? Schedule(parsing: start + "\nRRULE:" + rule, zones: SystemZones.shared, local: zone),
            case .recurrence(let r) = parsed.form
        else { return nil }
        // Both must agree, DST days included, over the horizon.
        var a = WallClockSolver(zone: zone)
        var b = WallClockSolver(zone: zone)
        var cursor = first - 1
        for _ in 0..<CalendarRecurrence.maxBatches where cursor < first + horizon {
            guard let expected = try? schedule.nextElapses(after: cursor, count: 256, local: &a),
                let got = try? parsed.nextElapses(after: cursor, count: 256, local: &b), expected == got,
                let last = expected.last
            else { return nil }
            cursor = last
        }
        return r
    }
}
