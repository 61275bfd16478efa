import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsCore

/// Collects `ritualctl calendar` results and renders them as text or JSON, straight into bytes:
/// a preview of many elapses is mostly formatting.
struct CalendarReport {
    let local: Zone
    let base: Int
    let now: Int
    let iterations: Int
    let json: Bool
    private var out: [UInt8] = []
    private var parts = 0
    var solver: WallClockSolver

    init(local: Zone, base: Int, now: Int, iterations: Int, json: Bool) {
        self.local = local
        self.base = base
        self.now = now
        self.iterations = iterations
        self.json = json
        solver = WallClockSolver(zone: local)
    }

    /// Label column width of `systemd-analyze calendar`.
    static let labelWidth = 15
    static let labels = ["Original form", "Normalized form", "Next elapse", "(in UTC)", "From now"].map(padded)

    static func padded(_ label: String) -> [UInt8] {
        Array((String(repeating: " ", count: max(0, labelWidth - label.count)) + label + ": ").utf8)
    }

    private mutating func line(_ label: [UInt8], _ value: String) {
        out.append(contentsOf: label)
        out.append(contentsOf: value.utf8)
        out.append(UInt8(ascii: "\n"))
    }

    /// Whether the local zone is UTC in all but name (no offset, no daylight saving time), so no
    /// "(in UTC)" line is needed, as in `systemd-analyze`.
    var localIsUTC: Bool { local.daylightAbbreviation == nil && local.kind(at: CalendarReport.farFuture).offset == 0 }

    /// An instant past every zone's explicit history (2100-01-01), where its current rule holds.
    static let farFuture = 4_102_444_800

    private mutating func separate() {
        if json {
            out.append(contentsOf: Array((parts == 0 ? "[\n  " : ",\n  ").utf8))
        } else if parts > 0 {
            out.append(UInt8(ascii: "\n"))
        }
        parts += 1
    }

    mutating func add(_ schedule: Schedule) throws(ScheduleError) {
        let elapses = try schedule.nextElapses(after: base, count: iterations, local: &solver)
        let normalized = schedule.normalized
        separate()
        if json {
            let zoneName = schedule.zoneName ?? local.name
            let zone =
                schedule.zoneName == nil ? local : (RitualsConfig.SystemZones.shared.zone(named: zoneName) ?? local)
            let head = JSONText.object([
                ("expression", JSONText.string(schedule.expression)), ("normalized", JSONText.string(normalized)),
                ("timezone", JSONText.string(zoneName)), ("next", "["),
            ])
            out.append(contentsOf: head.utf8.dropLast())
            for (i, t) in elapses.enumerated() {
                if i > 0 { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                out.append(UInt8(ascii: "\""))
                Timestamp.appendISO8601(t, in: zone, to: &out)
                out.append(UInt8(ascii: "\""))
            }
            out.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: "}")])
            return
        }
        let indent = "\n" + String(repeating: " ", count: CalendarReport.labelWidth + 2)
        if schedule.expression != normalized {
            line(CalendarReport.labels[0], schedule.expression.replacingEvery("\n", with: indent))
        }
        line(CalendarReport.labels[1], normalized.replacingEvery("\n", with: indent))
        if elapses.isEmpty { line(CalendarReport.labels[2], "never") }
        let utc = !localIsUTC
        for (i, t) in elapses.enumerated() {
            out.append(contentsOf: i == 0 ? CalendarReport.labels[2] : CalendarReport.padded("Iter. #\(i + 1)"))
            Timestamp.appendSystemd(t, in: local, to: &out)
            out.append(UInt8(ascii: "\n"))
            if utc {
                out.append(contentsOf: CalendarReport.labels[3])
                Timestamp.appendSystemd(t, in: .utc, to: &out)
                out.append(UInt8(ascii: "\n"))
            }
            line(
                CalendarReport.labels[4],
                Timestamp.relative(Instant(microseconds: t), now: Instant(microseconds: now)))
        }
    }

    mutating func add(error: Error, expression: String) {
        let message = String(describing: error)
        Terminal.error(Data(("ritualctl: " + message + "\n").utf8))
        guard json else { return }
        separate()
        out.append(
            contentsOf: JSONText.object([
                ("expression", JSONText.string(expression)), ("error", JSONText.string(message)),
            ])
            .utf8)
    }

    /// The whole report.
    var bytes: [UInt8] {
        guard json else { return out }
        return out + Array((parts == 0 ? "[\n]\n" : "\n]\n").utf8)
    }
}
