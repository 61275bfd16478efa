import ArgumentParser
import FoundationEssentials
import RitualsControl
import RitualsCore

/// `ritualctl show ID`: one ritual in full.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one ritual: its schedule and settings, next 5 times, streak and recent history."
    )

    @Argument(help: "The ritual's id.")
    var id: String

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: {\"id\", \"title\", \"schedule\", \"next\": [...], \"history\": [...], ...}.")
    var json = false

    func run() throws {
        let response = try connection.ask(.show(id))
        guard let d = response.detail else { throw ExitCode(1) }
        let zone = Output.zone(response)
        if json {
            Output.json(DetailJSON(d, zone: zone))
            return
        }
        var rows = [
            ["ID:", d.summary.id], ["Title:", d.summary.title], ["Schedule:", d.summary.scheduleLine],
            ["Practice:", d.practice ?? "-"], ["Prompts:", String(d.prompts)],
            ["Last:", d.summary.lastOutcome?.rawValue ?? "-"], ["Streak:", String(d.summary.streak)],
        ]
        for (key, value) in d.settings.sorted(by: { $0.key < $1.key }) {
            rows.append([key.replacingEvery("_", with: " ").capitalizedFirst + ":", value])
        }
        if let pause = d.summary.pause { rows.append(["Paused:", pause.end(in: zone)]) }
        for (i, t) in d.nextTimes.enumerated() { rows.append([i == 0 ? "Next:" : "", Timestamp.systemd(t, in: zone)]) }
        if d.nextTimes.isEmpty { rows.append(["Next:", "none in the next 400 days"]) }
        for (i, h) in d.history.enumerated() {
            rows.append([
                i == 0 ? "History:" : "",
                "\(Timestamp.systemd(h.at, in: zone))  \(h.event.name)  (of \(Timestamp.systemd(h.occurrence, in: zone)))",
            ])
        }
        print(Output.table(rows), terminator: "")
    }
}

/// One ritual in full, in JSON output.
struct DetailJSON: Encodable {
    struct Line: Encodable {
        var at: String
        var occurrence: String
        var event: String
    }
    var summary: SummaryJSON
    var practice: String?
    var prompts: Int
    var settings: [String: String]
    var next: [String]
    var history: [Line]

    init(_ d: RitualDetail, zone: Zone) {
        summary = SummaryJSON(d.summary, zone: zone)
        practice = d.practice
        prompts = d.prompts
        settings = d.settings
        next = d.nextTimes.map { Timestamp.iso8601($0, in: zone) }
        history = d.history.map {
            Line(
                at: Timestamp.iso8601($0.at, in: zone), occurrence: Timestamp.iso8601($0.occurrence, in: zone),
                event: $0.event.name)
        }
    }
}

extension String {
    /// The text with its first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
