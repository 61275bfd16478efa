import ArgumentParser
import FoundationEssentials
import RitualsControl
import RitualsCore

/// `ritualctl list`: every ritual with its schedule, next time, last outcome and streak.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the running rituals: id, next time, last outcome, streak, title and schedule."
    )

    @OptionGroup var connection: DaemonConnection

    @Flag(
        help:
            "Print JSON: [{\"id\", \"title\", \"schedule\", \"enabled\", \"next\", \"lastOutcome\", \"streak\", ...}].")
    var json = false

    func run() throws {
        let response = try connection.ask(.list)
        let zone = Output.zone(response)
        let rituals = response.rituals ?? []
        if json {
            Output.json(rituals.map { SummaryJSON($0, zone: zone) })
            return
        }
        var rows = [["ID", "NEXT", "LAST", "STREAK", "TITLE", "SCHEDULE"]]
        for r in rituals {
            let next: String
            if let pause = r.pause {
                next = pause.until.map { "paused until \(Timestamp.systemd($0, in: zone))" } ?? "paused"
            } else {
                next = r.next.map { Timestamp.systemd($0, in: zone) } ?? (r.enabled ? "-" : "disabled")
            }
            rows.append([r.id, next, r.lastOutcome?.rawValue ?? "-", String(r.streak), r.title, r.scheduleLine])
        }
        print(Output.table(rows), terminator: "")
    }
}

/// One ritual in JSON output.
struct SummaryJSON: Encodable {
    var id: String
    var title: String
    var schedule: String
    var enabled: Bool
    var next: String?
    var lastOutcome: String?
    var streak: Int
    var paused: Bool
    /// When the pause ends; left out when it lasts until resumed.
    var pausedUntil: String?

    init(_ r: RitualSummary, zone: Zone) {
        id = r.id
        title = r.title
        schedule = r.schedule
        enabled = r.enabled
        next = r.next.map { Timestamp.iso8601($0, in: zone) }
        lastOutcome = r.lastOutcome?.rawValue
        streak = r.streak
        paused = r.pause != nil
        pausedUntil = r.pause?.until.map { Timestamp.iso8601($0, in: zone) }
    }
}
