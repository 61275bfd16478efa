import ArgumentParser
import Foundation
import RitualsControl
import RitualsCore

/// `ritualctl history`: what happened, from the history file.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show what happened to the rituals (fired, done, snoozed, skipped, missed, ...), newest last.",
        discussion: "Reads the history file; works whether rituald runs or not."
    )

    @Argument(help: "Only this ritual.")
    var id: String?

    @Option(help: ArgumentHelp("Only since this time: 'YYYY-MM-DD [HH:MM]', ISO 8601 or @EPOCH.", valueName: "TIME"))
    var since: String?

    @OptionGroup var store: HistoryStore

    @Flag(help: "Print JSON: [{\"at\", \"ritual\", \"event\", \"occurrence\", \"until\", \"prompt\"}].")
    var json = false

    func run() throws {
        let (all, zone, _) = try store.load()
        try store.requireKnown(id, in: all)
        var from = Int.min
        if let since {
            guard let t = Timestamp.parse(since, in: zone) ?? Timestamp.parse(since + " 00:00", in: zone) else {
                throw ValidationError("Cannot read --since '\(since)'. Use 'YYYY-MM-DD [HH:MM]', ISO 8601 or @EPOCH.")
            }
            from = t
        }
        let records = all.filter { (id == nil || $0.ritual == id) && $0.at >= from }
        if json {
            Output.json(records.map { RecordJSON($0, zone: zone) })
            return
        }
        if records.isEmpty {
            print("No history\(id.map { " for \($0)" } ?? "")\(since.map { " since \($0)" } ?? "").")
            return
        }
        var rows = [["TIME", "RITUAL", "EVENT", "OCCURRENCE"]]
        for r in records {
            var event = r.event.name
            if r.event == .paused {
                event += " " + Pause(until: r.until).end(in: zone)
            } else if let until = r.until {
                event += " until \(Timestamp.systemd(until, in: zone))"
            }
            let occurrence = [.paused, .resumed].contains(r.event) ? "" : Timestamp.systemd(r.occurrence, in: zone)
            rows.append([Timestamp.systemd(r.at, in: zone), r.ritual, event, occurrence])
        }
        print(Output.table(rows), terminator: "")
    }
}

/// One history record in JSON output.
struct RecordJSON: Encodable {
    var at: String
    var ritual: String
    var event: String
    var occurrence: String
    /// When a snooze fires again or a pause ends; left out for a pause until resumed.
    var until: String?
    var prompt: String?

    init(_ r: HistoryRecord, zone: Zone) {
        at = Timestamp.iso8601(r.at, in: zone)
        ritual = r.ritual
        event = r.event.name
        occurrence = Timestamp.iso8601(r.occurrence, in: zone)
        until = r.until.map { Timestamp.iso8601($0, in: zone) }
        prompt = r.prompt
    }
}
