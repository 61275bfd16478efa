import RitualsChannels
import RitualsCore

/// One event as rituald tells it, the one record that travels: what the history records, the
/// journal entry, the channels' message and the shared folder's line are views of it. The daemon
/// records it once (``Recorder``), then hands it on.
struct DaemonEvent: Sendable {
    var kind: EventKind
    /// The ritual, ``HistoryRecord/allRituals`` for every ritual, nil for rituald itself.
    var ritual: String?
    var title: String?
    /// The occurrence's scheduled time (for a pause, when it began).
    var occurrence: Instant?
    /// When a snooze fires again or a pause ends.
    var until: Instant?
    var prompt: String?
    /// The journal's MESSAGE: one sentence for people.
    var message: String
    /// For an answer (done, snoozed, skipped): who gave it, when, and where it came from.
    var answer: GivenAnswer?
    /// For a ritual that needs everyone's confirmation, who confirmed already: "Sam is done —
    /// your turn".
    var turn: String?
    /// The channel an escalation went to.
    var channel: String?
    /// Why a notification is held (``EventKind/held``): `do-not-disturb`.
    var reason: String?
    /// Who wrote a note (``EventKind/noted``).
    var by: Person?
    /// More journal fields (RITUAL_CAUSE=..., counts), for the events that have them.
    var fields: [(String, String)] = []

    /// An event about rituald itself (reloads, config errors).
    init(_ kind: EventKind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// An event about one occurrence of a ritual, or (for pauses) about `*`.
    init(
        _ kind: EventKind, ritual: String, title: String?, occurrence: Instant, until: Instant? = nil,
        prompt: String? = nil, message: String
    ) {
        self.kind = kind
        self.ritual = ritual
        self.title = title
        self.occurrence = occurrence
        self.until = until
        self.prompt = prompt
        self.message = message
    }

    /// The event an answer is recorded as.
    init(_ given: GivenAnswer, title: String, message: String) {
        self.init(
            given.answer.kind, ritual: given.occurrence.ritual, title: title, occurrence: given.occurrence.scheduled,
            until: given.answer.until, message: message)
        answer = given
    }

    /// The occurrence it is about, when it is about one.
    var id: OccurrenceID? {
        guard let ritual, ritual != HistoryRecord.allRituals, let occurrence else { return nil }
        return OccurrenceID(ritual, occurrence)
    }

    /// What a notification or message says under its title.
    var body: String {
        switch kind {
        case .headsUp: return "Coming up: " + (prompt ?? title ?? "")
        case .sessionEnd: return "Time is up. Take a moment to talk about how it was."
        case .fired: return withTurn(prompt ?? "It is time.")
        case .remindedAgain: return withTurn(prompt ?? "A reminder: not yet done.")
        default: return message
        }
    }

    private func withTurn(_ text: String) -> String { turn.map { $0 + "\n" + text } ?? text }

    /// Its line of the history, recorded at `now`; nil when its kind is journaled only. An answer
    /// keeps the time it was given.
    func historyRecord(at now: Instant) -> HistoryRecord? {
        guard kind.isRecorded, let ritual, let occurrence else { return nil }
        if let answer { return answer.record }
        var record = HistoryRecord(
            at: now, ritual: ritual, occurrence: occurrence, event: kind, until: until, prompt: prompt,
            channel: channel, reason: reason)
        if let by { record.by = by }
        return record
    }

    /// Its journal entry, with the fields people query (`journalctl RITUAL_ID=check-in`); `me`
    /// names this computer's person in RITUAL_BY.
    func journalFields(me: String?) -> [(String, String)] {
        var f: [(String, String)] = [
            ("MESSAGE", message), ("PRIORITY", String(kind.priority)), ("SYSLOG_IDENTIFIER", "rituald"),
            ("RITUAL_EVENT", kind.name), ("MESSAGE_ID", kind.messageID),
        ]
        if let ritual, ritual != HistoryRecord.allRituals {
            f.append(("RITUAL_ID", ritual))
            if let title { f.append(("RITUAL_TITLE", title)) }
            if let occurrence { f.append(("RITUAL_SCHEDULED_USEC", String(occurrence.microseconds))) }
        }
        if let prompt { f.append(("RITUAL_PROMPT", prompt)) }
        if let by = (answer?.by ?? by)?.name(me: me) { f.append(("RITUAL_BY", by)) }
        if let channel = channel ?? answer?.source.channel { f.append(("RITUAL_CHANNEL", channel)) }
        if let reason { f.append(("RITUAL_HELD_BY", reason)) }
        return f + fields
    }

    /// What a channel is told of it.
    func channelMessage(zone: Zone, partner: String) -> ChannelMessage {
        ChannelMessage(
            event: kind.name, ritualID: ritual ?? "", title: title ?? ritual ?? "", body: body, prompt: prompt,
            occurrence: occurrence ?? .epoch, zone: zone, partner: partner, type: ChannelMessage.type(of: kind))
    }
}
