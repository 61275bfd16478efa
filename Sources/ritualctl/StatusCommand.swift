import ArgumentParser
import FoundationEssentials
import RitualsControl
import RitualsCore

/// `ritualctl status`: is rituald running, and what comes next.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether rituald is running, since when, and its next event.",
        discussion: """
            Also the notification server on the session bus (its name, version, whether it shows \
            buttons and, on GNOME Shell, dunst, Xfce and KDE Plasma, whether Do Not Disturb is on; or why there is none), \
            the login session as logind tells of it (screen locked, idle since), the notifications held until \
            their person is back (Do Not Disturb, locked, away), the shared folder (with the others' held \
            notifications) and the channels answers come back \
            through, journald when it is missing or not taking entries (waiting, dropped), and what went \
            wrong with the couple's notes (a partner's note that does not open its seal). \
            Control characters in what servers said are shown as \\xNN. Exits 3 when rituald is not running. In JSON, "armed" is when rituald's timer \
            goes off next: the next event, or the end of a pause; "desktop" holds the server's \
            capabilities and "doNotDisturb"; "session" holds "locked" and "idleSince"; "held" lists \
            the notifications held (ritual, occurrence, reason: do-not-disturb, locked or away; since).
            """
    )

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: {\"running\", \"pid\", \"startedAt\", \"uptimeSeconds\", \"config\", ...}.")
    var json = false

    /// The login session in a few words, when there is one or a reason there is none to follow.
    static func said(_ session: SessionStatus, zone: Zone) -> String? {
        if let problem = session.problem { return "not followed (\(problem))" }
        guard session.session != nil else { return nil }
        if session.locked == true { return "screen locked" }
        if let idle = session.idleSince { return "idle since \(Timestamp.systemd(idle, in: zone))" }
        return "in use"
    }

    /// How long rituald has run, in the two largest units: "3 h 20 min".
    static func uptime(_ s: DaemonStatus) -> String {
        TimeSpan.format(Int((s.now - s.startedAt).components.seconds) * Microseconds.second, style: .spoken, units: 2)
    }

    func run() throws {
        let response: ControlResponse
        do {
            response = try connection.ask(.status)
        } catch let exit as ExitCode where exit.rawValue == DaemonConnection.unreachable {
            if json { print("{\"running\": false}") }
            throw exit
        }
        guard let s = response.status else { throw ExitCode(1) }
        let zone = Output.zone(response)
        if json {
            Output.json(StatusJSON(s, zone: zone))
            return
        }
        var rows = [
            ["State:", "running"], ["PID:", String(s.pid)],
            ["Since:", "\(Timestamp.systemd(s.startedAt, in: zone)) (up \(StatusCommand.uptime(s)))"],
            ["Config:", s.config], ["State dir:", s.stateDirectory], ["Rituals:", String(s.rituals)],
        ]
        rows.append(["Paused:", s.pause?.end(in: zone) ?? "no"])
        if let next = s.next {
            rows.append(["Next:", "\(next.title) (\(next.kind.agendaName)) at \(Timestamp.systemd(next.at, in: zone))"])
        } else {
            rows.append(["Next:", "nothing planned"])
        }
        if let problem = s.problem { rows.append(["Problem:", problem]) }
        if let sharing = s.sharing {
            rows.append(["Shared:", "\(sharing.folder) (as \(sharing.me))"])
            for person in sharing.heard {
                let when =
                    person.lastAnswer.map { "last heard \(Timestamp.systemd($0, in: zone))" } ?? "not heard from yet"
                rows.append(["\(person.name):", when])
            }
            if let problem = sharing.problem { rows.append(["Sharing:", problem]) }
            for h in sharing.held ?? [] {
                let since = Timestamp.systemd(h.since, in: zone)
                rows.append(["\(h.person ?? "?"):", "\(h.title) held since \(since) — \(h.reason.said)"])
            }
        }
        if let desktop = s.desktop { rows.append(["Desktop:", desktop.summary]) }
        if s.desktop?.idleFollowed == true, let idle = s.desktop?.idleSince {
            rows.append(["Idle:", "since \(Timestamp.systemd(idle, in: zone)) (the desktop's idle monitor)"])
        }
        if let session = s.session, let said = StatusCommand.said(session, zone: zone) {
            rows.append(["Session:", said])
        }
        for h in s.held ?? [] {
            rows.append(["Held:", "\(h.title) since \(Timestamp.systemd(h.since, in: zone)) — \(h.reason.said)"])
        }
        if let journal = s.journal { rows.append(["Journal:", journal]) }
        for (i, problem) in (s.notes ?? []).enumerated() { rows.append([i == 0 ? "Notes:" : "", problem]) }
        for c in s.answerChannels ?? [] {
            var said = "answers from \(c.person); \(c.waiting) post(s) waiting"
            if c.reading { said += ", reading the room" }
            if c.ignored > 0 { said += "; \(c.ignored) event(s) of others ignored" }
            if let refused = c.refused, refused > 0 { said += "; \(refused) answer(s) refused for their time" }
            rows.append(["\(c.channel):", said])
            if let problem = c.problem { rows.append(["", problem]) }
        }
        print(Output.table(rows), terminator: "")
    }
}

/// The JSON form of `status`, with readable times.
struct StatusJSON: Encodable {
    var running = true
    var pid: Int32
    var startedAt: String
    var uptimeSeconds: Int
    var config: String
    var stateDirectory: String
    var timezone: String
    var rituals: Int
    var paused: Bool
    /// When the pause ends; left out when it lasts until resumed.
    var pausedUntil: String?
    var next: EventJSON?
    /// When rituald's timer goes off next: the next event or a pause's end.
    var armed: String?
    var problem: String?
    var sharing: SharingJSON?
    /// The channels answers come back through (`answers = true`).
    var answerChannels: [AnswerChannelStatus]?
    /// The notification server on the session bus: its name and version, what it can do, or why
    /// there is none.
    var desktop: DesktopStatus?
    /// Why journal entries go to standard error instead, when they do.
    var journal: String?
    /// What went wrong with the couple's notes.
    var notes: [String]?
    /// Notifications held while their person cannot take them.
    var held: [HeldJSON]?
    /// The person's login session: locked, idle since when, or why it is not followed.
    var session: SessionJSON?

    /// The login session in JSON output.
    struct SessionJSON: Encodable {
        var locked: Bool?
        var idleSince: String?
        var problem: String?
    }

    /// A held notification in JSON output.
    struct HeldJSON: Encodable {
        var ritual: String
        var occurrence: String
        var reason: String
        var since: String
        /// Whose, when another person's.
        var person: String?

        init(_ h: HeldStatus, zone: Zone) {
            ritual = h.ritual
            occurrence = Timestamp.iso8601(h.occurrence, in: zone)
            reason = h.reason.rawValue
            since = Timestamp.iso8601(h.since, in: zone)
            person = h.person
        }
    }

    /// The shared folder in JSON output.
    struct SharingJSON: Encodable {
        var folder: String
        var me: String
        /// Each other person and the time of the newest answer heard from them (null: none yet).
        var lastHeard: [String: String?]
        var problem: String?
        /// The others' notifications held on their computers.
        var held: [HeldJSON]?
    }

    init(_ s: DaemonStatus, zone: Zone) {
        pid = s.pid
        startedAt = Timestamp.iso8601(s.startedAt, in: zone)
        uptimeSeconds = Int((s.now - s.startedAt).components.seconds)
        config = s.config
        stateDirectory = s.stateDirectory
        timezone = s.timezone
        rituals = s.rituals
        paused = s.pause != nil
        pausedUntil = s.pause?.until.map { Timestamp.iso8601($0, in: zone) }
        next = s.next.map { EventJSON($0, zone: zone) }
        armed = s.armed.map { Timestamp.iso8601($0, in: zone) }
        problem = s.problem
        answerChannels = s.answerChannels
        desktop = s.desktop
        journal = s.journal
        notes = s.notes
        session = s.session.map {
            SessionJSON(
                locked: $0.locked, idleSince: $0.idleSince.map { Timestamp.iso8601($0, in: zone) }, problem: $0.problem)
        }
        held = s.held.map { all in all.map { HeldJSON($0, zone: zone) } }
        sharing = s.sharing.map { sh in
            SharingJSON(
                folder: sh.folder, me: sh.me,
                lastHeard: Dictionary(
                    sh.heard.map { ($0.name, $0.lastAnswer.map { Timestamp.iso8601($0, in: zone) }) },
                    uniquingKeysWith: { a, _ in a }), problem: sh.problem,
                held: sh.held.map { all in all.map { HeldJSON($0, zone: zone) } })
        }
    }
}

/// One event in JSON output.
struct EventJSON: Encodable {
    var at: String
    var ritual: String
    var title: String
    var kind: String
    var prompt: String?

    init(_ e: AgendaEvent, zone: Zone) {
        at = Timestamp.iso8601(e.at, in: zone)
        ritual = e.ritual
        title = e.title
        kind = e.kind.agendaName
        prompt = e.prompt
    }
}
