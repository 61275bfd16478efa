/// A request to rituald, as ritualctl asks it. On the wire it is one JSON object on one line,
/// `{"command":"snooze","id":"walk","duration":"20m"}`: the command's name and the fields it uses
/// (see ``ControlRequest+Wire``).
public enum ControlRequest: Sendable, Equatable {
    /// rituald at a glance.
    case status
    /// Every ritual with its next time, last answer and streak.
    case list
    /// The coming events: at most `count`, within `days` (default a week).
    case next(count: Int?, days: Int?)
    /// One ritual in full.
    case show(String)
    /// Fires the ritual's next occurrence now.
    case fire(String)
    /// Marks the ritual's open occurrence done.
    case done(String)
    /// Snoozes the ritual's open occurrence for `duration` (systemd's time span syntax; default:
    /// the config's snooze).
    case snooze(String, duration: String?)
    /// Leaves out the ritual's next `count` occurrences.
    case skip(String, count: Int)
    /// Pauses one ritual (nil: every ritual), until resumed, `for` a span or `until` a time.
    case pause(String?, for: String?, until: String?)
    /// Ends a pause of one ritual (nil: every ritual).
    case resume(String?)
    /// Reads the config anew.
    case reload
    /// This person's note to the ritual's latest occurrence (or the one scheduled at
    /// `occurrence`, a time as `pause --until` reads it).
    case note(String, occurrence: String?, text: String)
    /// The notes written, of one ritual or of all, to occurrences since a time.
    case notes(String?, since: String?)

    /// A request's name on the wire and in messages.
    public enum Command: String, Codable, Sendable, CaseIterable {
        case status, list, next, show, fire, done, snooze, skip, pause, resume, reload, note, notes
    }

    public var command: Command {
        switch self {
        case .status: return .status
        case .list: return .list
        case .next: return .next
        case .show: return .show
        case .fire: return .fire
        case .done: return .done
        case .snooze: return .snooze
        case .skip: return .skip
        case .pause: return .pause
        case .resume: return .resume
        case .reload: return .reload
        case .note: return .note
        case .notes: return .notes
        }
    }

    /// The ritual it names, when it names one.
    public var ritual: String? {
        switch self {
        case .show(let id), .fire(let id), .done(let id), .snooze(let id, _), .skip(let id, _): return id
        case .pause(let id, _, _), .resume(let id), .notes(let id, _): return id
        case .note(let id, _, _): return id
        case .status, .list, .next, .reload: return nil
        }
    }

    /// Whether it only reads (answered from a snapshot, off rituald's queue).
    public var isQuery: Bool {
        switch self {
        case .status, .list, .next, .show: return true
        default: return false
        }
    }
}
