import RitualsCore

/// rituald's answer to one request: one JSON object on one line. Times are instants (on the wire,
/// microseconds since the epoch); the ctl shows them in the daemon's zone.
public struct ControlResponse: Codable, Sendable, Equatable {
    /// False when the request was refused or invalid; `error` says why.
    public var ok: Bool
    public var error: String?
    /// The daemon's time zone, for showing times.
    public var timezone: String?
    /// What was done, or every problem found (`reload`'s FILE:LINE:COLUMN errors).
    public var messages: [String]?
    public var status: DaemonStatus?
    public var rituals: [RitualSummary]?
    public var events: [AgendaEvent]?
    public var detail: RitualDetail?
    /// For `done`, `snooze` and `skip`: what was recorded.
    public var answered: AnswerReceipt?
    /// For `next`: the notifications held now, shown once their person is back.
    public var held: [HeldStatus]?
    /// For `notes`: the notes by occurrence, oldest first.
    public var notes: [NotePair]?

    public init(ok: Bool = true, error: String? = nil, messages: [String]? = nil) {
        self.ok = ok
        self.error = error
        self.messages = messages
    }

    /// A refusal with its reason.
    public static func refused(_ reason: String, messages: [String]? = nil) -> ControlResponse {
        ControlResponse(ok: false, error: reason, messages: messages)
    }
}

/// What an answer from ritualctl was recorded as: the ritual, the answer, the occurrences it is
/// for (one for done and snooze, as many as were skipped) and, for a snooze, when it ends.
public struct AnswerReceipt: Codable, Sendable, Equatable {
    public var ritual: String
    public var event: EventKind
    public var occurrences: [Instant]
    public var until: Instant?

    public init(ritual: String, event: EventKind, occurrences: [Instant], until: Instant? = nil) {
        self.ritual = ritual
        self.event = event
        self.occurrences = occurrences
        self.until = until
    }
}

/// `status`: the daemon at a glance.
public struct DaemonStatus: Codable, Sendable, Equatable {
    public var pid: Int32
    public var startedAt: Instant
    public var now: Instant
    public var config: String
    public var stateDirectory: String
    public var timezone: String
    public var rituals: Int
    /// The pause of every ritual, if any.
    public var pause: Pause?
    public var next: AgendaEvent?
    /// When rituald's timer goes off next (the next event, or the end of a pause), nil when it is
    /// not set: nothing is planned.
    public var armed: Instant?
    /// Why history is not being written, if it is not.
    public var problem: String?
    /// The shared folder, when `shared_dir` is set.
    public var sharing: SharingStatus?
    /// The channels answers come back through, when any.
    public var answerChannels: [AnswerChannelStatus]?
    /// The notification server on the session bus, once rituald heard of it.
    public var desktop: DesktopStatus?
    /// The person's login session (locked, idle since), once logind told of it.
    public var session: SessionStatus?
    /// Notifications held while their person cannot take them (Do Not Disturb, locked, away),
    /// when any.
    public var held: [HeldStatus]?
    /// Why journal entries go to standard error instead of the journal, when they do.
    public var journal: String?
    /// What went wrong with the couple's notes: the notes file, another's note refused (a text
    /// that does not open its seal, ...).
    public var notes: [String]?
    /// The person at this computer (`me`), when `people` is set.
    public var me: String?
    /// Per ritual with `ack = "both"`, the other people whose confirmation it needs.
    public var needs: [String: [String]]?

    public init(
        pid: Int32, startedAt: Instant, now: Instant, config: String, stateDirectory: String, timezone: String,
        rituals: Int
    ) {
        self.pid = pid
        self.startedAt = startedAt
        self.now = now
        self.config = config
        self.stateDirectory = stateDirectory
        self.timezone = timezone
        self.rituals = rituals
    }
}

/// The folder shared with the other people, and when each was last heard from.
public struct SharingStatus: Codable, Sendable, Equatable {
    public var folder: String
    public var me: String
    /// The other people and the time of the newest answer heard from each (by their clock).
    public var heard: [PersonHeard]
    /// Why the folder cannot be used right now.
    public var problem: String?
    /// The others' notifications held on their computers (Do Not Disturb, locked, away), when any.
    public var held: [HeldStatus]?

    public init(folder: String, me: String, heard: [PersonHeard], problem: String?, held: [HeldStatus]? = nil) {
        self.folder = folder
        self.me = me
        self.heard = heard
        self.problem = problem
        self.held = held
    }
}

/// One other person and their newest answer heard.
public struct PersonHeard: Codable, Sendable, Equatable {
    public var name: String
    public var lastAnswer: Instant?

    public init(name: String, lastAnswer: Instant?) {
        self.name = name
        self.lastAnswer = lastAnswer
    }
}

/// One planned event.
public struct AgendaEvent: Codable, Sendable, Equatable {
    public var at: Instant
    public var ritual: String
    public var title: String
    /// One of ``EventKind/planned``.
    public var kind: EventKind
    public var occurrence: Instant
    public var prompt: String?

    public init(at: Instant, ritual: String, title: String, kind: EventKind, occurrence: Instant, prompt: String?) {
        self.at = at
        self.ritual = ritual
        self.title = title
        self.kind = kind
        self.occurrence = occurrence
        self.prompt = prompt
    }
}

/// `list`: one ritual.
public struct RitualSummary: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    /// The schedule as normalized (`Mon..Fri *-*-* 21:00:00 Europe/Berlin`, an RRULE, ...).
    public var schedule: String
    /// The schedule on one line, for tables: ``Schedule/line``.
    public var scheduleLine: String
    public var enabled: Bool
    public var next: Instant?
    public var lastOutcome: RitualStats.Mark?
    public var streak: Int
    /// The pause that holds this ritual back (its own or that of every ritual), if any.
    public var pause: Pause?

    public init(id: String, title: String, schedule: Schedule, enabled: Bool, streak: Int) {
        self.id = id
        self.title = title
        self.schedule = schedule.normalized
        self.scheduleLine = schedule.line
        self.enabled = enabled
        self.streak = streak
    }
}

/// `show`: one ritual in full.
public struct RitualDetail: Codable, Sendable, Equatable {
    public var summary: RitualSummary
    public var practice: String?
    public var prompts: Int
    /// The ritual's other settings as the config names and writes them (`duration`: "1h",
    /// `window`: "18:00-21:00", ...).
    public var settings: [String: String] = [:]
    public var nextTimes: [Instant]
    /// Recent history, newest last: time, occurrence, event.
    public var history: [HistoryLine]
    /// The prompt its latest occurrence fired with (what a note answers).
    public var latestPrompt: String?

    public init(
        summary: RitualSummary, practice: String?, prompts: Int, nextTimes: [Instant], history: [HistoryLine]
    ) {
        self.summary = summary
        self.practice = practice
        self.prompts = prompts
        self.nextTimes = nextTimes
        self.history = history
    }
}

/// One history record as shown.
public struct HistoryLine: Codable, Sendable, Equatable {
    public var at: Instant
    public var occurrence: Instant
    public var event: EventKind

    public init(at: Instant, occurrence: Instant, event: EventKind) {
        self.at = at
        self.occurrence = occurrence
        self.event = event
    }
}
