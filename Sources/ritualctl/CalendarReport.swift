import Foundation
import RitualsConfig
import RitualsCore

/// Collects `ritualctl calendar` results and renders them as text or JSON.
struct CalendarReport {
    let local: Zone
    let base: Int
    let now: Int
    let iterations: Int
    var humanParts: [String] = []
    var jsonParts: [String] = []
    var solver: WallClockSolver

    init(local: Zone, base: Int, now: Int, iterations: Int) {
        self.local = local
        self.base = base
        self.now = now
        self.iterations = iterations
        solver = WallClockSolver(zone: local)
    }

    /// Label column width of `systemd-analyze calendar`.
    static let labelWidth = 15

    static func line(_ label: String, _ value: String) -> String {
        String(repeating: " ", count: max(0, labelWidth - label.count)) + label + ": " + value + "\n"
    }

    /// Whether the local zone is UTC in all but name (no offset, no daylight saving time), so no
    /// "(in UTC)" line is needed, as in `systemd-analyze`.
    var localIsUTC: Bool { local.daylightAbbreviation == nil && local.kind(at: CalendarReport.farFuture).offset == 0 }

    /// An instant past every zone's explicit history (2100-01-01), where its current rule holds.
    static let farFuture = 4_102_444_800

    mutating func add(_ schedule: Schedule) throws(ScheduleError) {
        let elapses = try schedule.nextElapses(after: base, count: iterations, local: &solver)
        let normalized = schedule.normalized
        var text = ""
        let indent = "\n" + String(repeating: " ", count: CalendarReport.labelWidth + 2)
        if schedule.expression != normalized {
            text += CalendarReport.line(
                "Original form", schedule.expression.replacingOccurrences(of: "\n", with: indent))
        }
        text += CalendarReport.line("Normalized form", normalized.replacingOccurrences(of: "\n", with: indent))
        if elapses.isEmpty { text += CalendarReport.line("Next elapse", "never") }
        for (i, t) in elapses.enumerated() {
            text += CalendarReport.line(i == 0 ? "Next elapse" : "Iter. #\(i + 1)", Timestamp.systemd(t, in: local))
            if !localIsUTC { text += CalendarReport.line("(in UTC)", Timestamp.systemd(t, in: .utc)) }
            text += CalendarReport.line("From now", Timestamp.relative(t, now: now))
        }
        humanParts.append(text)
        let zoneName = schedule.zoneName ?? local.name
        let zone = schedule.zoneName == nil ? local : (RitualsConfig.SystemZones.shared.zone(named: zoneName) ?? local)
        let next = "[" + elapses.map { JSONText.string(Timestamp.iso8601($0, in: zone)) }.joined(separator: ", ") + "]"
        jsonParts.append(
            JSONText.object([
                ("expression", JSONText.string(schedule.expression)), ("normalized", JSONText.string(normalized)),
                ("timezone", JSONText.string(zoneName)), ("next", next),
            ]))
    }

    mutating func add(error: Error, expression: String) {
        let message = String(describing: error)
        FileHandle.standardError.write(Data(("ritualctl: " + message + "\n").utf8))
        jsonParts.append(
            JSONText.object([("expression", JSONText.string(expression)), ("error", JSONText.string(message))]))
    }

    var human: String { humanParts.joined(separator: "\n") }

    var json: String { "[\n  " + jsonParts.joined(separator: ",\n  ") + "\n]\n" }
}
