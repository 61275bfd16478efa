/// Everything that happens to a ritual or to rituald, named once: what the planner schedules,
/// what the history records, what the journal says (`RITUAL_EVENT`, `MESSAGE_ID`, `PRIORITY`) and
/// what an agenda or the control socket carries. The raw value is the name in the history and the
/// journal.
public enum EventKind: String, Sendable, Codable, CaseIterable {
    /// A notice ahead of an occurrence (`heads_up`).
    case headsUp = "heads-up"
    /// An occurrence reached its time.
    case fired
    /// The end of a guided session (`duration`).
    case sessionEnd = "session-end"
    /// A reminder of an occurrence still unanswered (`remind_again`).
    case remindedAgain = "reminded-again"
    case done
    case snoozed
    case skipped
    /// An occurrence that passed without firing (rituald was not running, the computer slept, or
    /// too late to fire).
    case missed
    /// An occurrence that passed while a pause held its ritual back.
    case heldByPause = "held-by-pause"
    /// A pause of one ritual or of all (`ritual` is `*`), and its end.
    case paused
    case resumed
    /// The config was read again.
    case reloaded
    /// A config file that cannot be used; the rituals already loaded keep running.
    case configError = "config-error"
    /// A notification or message that could not be delivered (`RITUAL_CHANNEL` names the channel).
    case deliveryFailed = "delivery-failed"
    /// A message went out through a channel other than the desktop.
    case sent
    /// An occurrence still unanswered when a channel's `after` passed was handed to that channel
    /// (`channel` in the history, `RITUAL_CHANNEL` in the journal). Recorded before it goes, so
    /// that no restart sends it again.
    case escalated
    /// What a gap came to: rituald found events in the past (after sleep, a stall, a clock step,
    /// a pause) and fired the latest, missed or held the rest.
    case caughtUp = "caught-up"
    /// A notice not shown because it came too late to mean anything (debug level).
    case dropped
    /// A notification kept back while its person cannot take it (Do Not Disturb; `reason` in the
    /// history, `RITUAL_HELD_BY` in the journal); shown when they can, or never once its
    /// `catch_up` ran out. What is fired or answered stays as it was.
    case held
    /// A person wrote a note to an occurrence's prompt (`notes`); never its text.
    case noted

    /// The kinds the planner schedules, in the order events of one moment happen.
    public static let planned: [EventKind] = [.headsUp, .fired, .sessionEnd, .remindedAgain]

    /// The name in the history and in the journal's `RITUAL_EVENT`.
    public var name: String { rawValue }

    /// The name of a planned event in an agenda (`ritualctl next`), which tells what will happen.
    public var agendaName: String {
        switch self {
        case .fired: return "fire"
        case .remindedAgain: return "remind-again"
        default: return rawValue
        }
    }

    /// The kind an agenda name stands for.
    public init?(agendaName: String) {
        guard let kind = EventKind.allCases.first(where: { $0.agendaName == agendaName }) else { return nil }
        self = kind
    }

    /// Whether it is written to the history; the others go to the journal only.
    public var isRecorded: Bool {
        switch self {
        case .reloaded, .configError, .deliveryFailed, .sent, .caughtUp, .dropped: return false
        default: return true
        }
    }

    /// The journal's MESSAGE_ID, explained by systemd/rituals.catalog (`journalctl -x`).
    public var messageID: String {
        let last: String
        switch self {
        case .fired: last = "81"
        case .headsUp: last = "82"
        case .sessionEnd: last = "83"
        case .remindedAgain: last = "84"
        case .done: last = "85"
        case .snoozed: last = "86"
        case .skipped: last = "87"
        case .missed: last = "88"
        case .paused: last = "89"
        case .resumed: last = "8a"
        case .reloaded: last = "8b"
        case .configError: last = "8c"
        case .deliveryFailed: last = "8d"
        case .heldByPause: last = "8e"
        case .caughtUp: last = "8f"
        case .dropped: return "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e90"
        case .sent: return "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e91"
        case .escalated: return "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e92"
        case .held: return "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e93"
        case .noted: return "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e94"
        }
        return "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e" + last
    }

    /// The syslog priority of its journal entry: 3 error, 4 warning, 5 notice, 6 info, 7 debug.
    public var priority: Int {
        switch self {
        case .configError: return 3
        case .deliveryFailed: return 4
        case .caughtUp, .held: return 5
        case .dropped: return 7
        default: return 6
        }
    }
}
