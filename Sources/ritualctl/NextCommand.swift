import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsChannels
import RitualsConfig
import RitualsControl
import RitualsCore

/// `ritualctl next`: the agenda of the coming events, from rituald when it runs, else offline.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Show the coming ritual events (heads-ups, firings, session ends, reminders).",
        discussion: """
            When rituald runs, shows its live agenda (with skips, snoozes and pauses). Otherwise, or with \
            --offline, --config or --base-time, reads the config file (or the built-in rituals when there \
            is none) and lists what rituald would do. When rituald is there but does not answer, says so and \
            plans offline from the config rituald runs. Each event comes with its prompt. The default is the \
            next 7 days. First come the notifications rituald holds now (Do Not Disturb, locked, away), \
            shown once their person is back; in JSON they are items of kind "held" with "occurrence" and "reason".
            """
    )

    @Option(help: ArgumentHelp("Show the events of the next N days.", valueName: "N"))
    var days: Int?

    @Option(help: ArgumentHelp("Show the next N events.", valueName: "N"))
    var count: Int?

    @OptionGroup var config: ConfigOption

    @Option(
        name: .customLong("base-time"),
        help: ArgumentHelp(
            "Start from this time instead of now: @EPOCH, ISO 8601 or 'YYYY-MM-DD HH:MM'.", valueName: "T"))
    var baseTime: String?

    @Flag(help: "Print JSON: [{\"at\", \"ritual\", \"title\", \"kind\", \"prompt\"}] in time order.")
    var json = false

    @Flag(help: "Plan from the config file even when rituald runs.")
    var offline = false

    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if days != nil && count != nil { throw ValidationError("Give --days or --count, not both.") }
        if let days, let why = ControlLimits.refusal("--days", days, ControlLimits.agendaDays) {
            throw ValidationError(why + ".")
        }
        if let count, let why = ControlLimits.refusal("--count", count, ControlLimits.agendaCount) {
            throw ValidationError(why + ".")
        }
    }

    func run() throws {
        var daemonConfig: String?
        if !offline && config.config == nil && baseTime == nil {
            do {
                let response = try connection.ask(.next(count: count, days: days), quietly: true)
                let events = (response.events ?? []).map { e in
                    PlannedEvent(
                        kind: e.kind, ritualID: e.ritual, title: e.title, at: e.at, occurrence: e.occurrence,
                        prompt: e.prompt)
                }
                show(events, zone: Output.zone(response), held: response.held ?? [])
                return
            } catch let failure as ControlClientError {
                switch failure {
                case .notRunning: break
                case .noAnswer, .closed, .failed:
                    // A daemon that is there but silent: plan from its config, and say so.
                    guard let name = connection.daemonConfig else {
                        Terminal.error(Data("ritualctl: \(failure)\n".utf8))
                        throw ExitCode(DaemonConnection.unreachable)
                    }
                    daemonConfig = name
                    Terminal.error(
                        Data(
                            ("ritualctl: \(failure)\nritualctl: planning offline from \(name) instead "
                                + "(without rituald's skips, snoozes and pauses)\n").utf8))
                }
            }
        }
        let loaded =
            try daemonConfig.map { name in
                try name == DefaultConfig.name
                    ? ConfigLoader.choose(path: nil, builtIn: true, kinds: ChannelKinds.all)
                    : ConfigLoader.choose(path: name, kinds: ChannelKinds.all)
            } ?? config.load()
        var base = WallClock.now()
        if let baseTime {
            guard let t = Timestamp.parse(baseTime, in: loaded.zone) else {
                throw ValidationError(
                    "Cannot read --base-time '\(baseTime)'. Use @EPOCH, ISO 8601 or 'YYYY-MM-DD HH:MM'.")
            }
            base = t
        }
        let planner = Planner(config: loaded.config, zone: loaded.zone)
        let span = (count == nil ? (days ?? ControlLimits.defaultAgendaDays) : ControlLimits.agendaDays.upperBound)
        let events = planner.events(
            after: base, through: base + .days(span), state: PlannerState(),
            limit: count ?? ControlLimits.agendaCount.upperBound)
        show(events, zone: loaded.zone)
    }

    /// Prints the agenda; says so when the days asked for hold more events than one agenda shows.
    /// What is held comes first: it is shown as soon as its person is back.
    func show(_ events: [PlannedEvent], zone: Zone, held: [HeldStatus] = []) {
        let text =
            json
            ? NextCommand.json(events, zone: zone, held: held)
            : NextCommand.human(held, zone: zone) + NextCommand.human(events, zone: zone)
        print(text, terminator: "")
        if count == nil && events.count >= ControlLimits.agendaCount.upperBound {
            Terminal.error(
                Data("ritualctl: only the first \(events.count) events are shown; ask for fewer --days\n".utf8))
        }
    }

    static func json(_ events: [PlannedEvent], zone: Zone, held: [HeldStatus] = []) -> String {
        let waiting = held.map { h in
            JSONText.object([
                ("at", JSONText.string(Timestamp.iso8601(h.since, in: zone))), ("ritual", JSONText.string(h.ritual)),
                ("title", JSONText.string(h.title)), ("kind", JSONText.string("held")),
                ("occurrence", JSONText.string(Timestamp.iso8601(h.occurrence, in: zone))),
                ("reason", JSONText.string(h.reason.rawValue)),
            ])
        }
        let items =
            waiting
            + events.map { e in
                JSONText.object([
                    ("at", JSONText.string(Timestamp.iso8601(e.at, in: zone))), ("ritual", JSONText.string(e.ritualID)),
                    ("title", JSONText.string(e.title)), ("kind", JSONText.string(e.kind.agendaName)),
                    ("prompt", e.prompt.map(JSONText.string) ?? "null"),
                ])
            }
        return items.isEmpty ? "[]\n" : "[\n  " + items.joined(separator: ",\n  ") + "\n]\n"
    }

    /// "Held since 21:30  Evening check-in — Do Not Disturb; shown when Do Not Disturb ends".
    static func human(_ held: [HeldStatus], zone: Zone) -> String {
        held.map { h in
            "Held since \(Timestamp.systemd(h.since, in: zone))  \(h.ritual)  \(h.title) — \(h.reason.said); "
                + "shown when \(h.reason.end)\n"
        }.joined()
    }

    static func human(_ events: [PlannedEvent], zone: Zone) -> String {
        if events.isEmpty { return "No ritual events in that time.\n" }
        let idWidth = events.map(\.ritualID.count).max() ?? 0
        let kindWidth = EventKind.planned.map(\.agendaName.count).max() ?? 0
        var out = ""
        for e in events {
            let id = e.ritualID.padded(to: idWidth)
            let kind = e.kind.agendaName.padded(to: kindWidth)
            out += "\(Timestamp.systemd(e.at, in: zone))  \(kind)  \(id)  \(e.title)\n"
            if let prompt = e.prompt, e.kind != .sessionEnd {
                out += String(repeating: " ", count: 29 + kindWidth + idWidth) + prompt + "\n"
            }
        }
        return out
    }
}
