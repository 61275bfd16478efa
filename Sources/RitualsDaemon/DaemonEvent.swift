import RitualsChannels
import RitualsCore

/// Who gave an answer: the person at this computer, or another person of `people`.
enum Answerer: Equatable, Sendable {
    case me
    case person(String)

    /// The other person's name; nil for this computer's person (as the history writes it).
    var other: String? {
        if case .person(let name) = self { return name }
        return nil
    }
}

/// One event as rituald tells it, the one record that travels: what the history records, the
/// journal entry, the channels' message and the shared folder's line are views of it. The
/// ``Recorder`` is the one place that writes it.
struct DaemonEvent: Sendable {
    var kind: EventKind
    /// The ritual, ``HistoryRecord/allRituals`` for every ritual, nil for rituald itself.
    var ritual: String?
    var title: String?
    /// The occurrence's scheduled time (for a pause, when it began), microseconds.
    var occurrence: Int?
    /// When a snooze fires again or a pause ends.
    var until: Int?
    var prompt: String?
    /// The journal's MESSAGE: one sentence for people.
    var message: String
    /// Who gave this answer (done, snoozed, skipped); nil for any other event.
    var by: Answerer?
    /// For a ritual that needs everyone's confirmation, who confirmed already: "Sam is done —
    /// your turn".
    var turn: String?
    /// When another person gave this answer, by their computer's clock.
    var answeredAt: Int?
    /// The channel an escalation went to, or an answer came back through (a partner's phone).
    var channel: String?
    /// More journal fields (RITUAL_CAUSE=..., counts), for the events that have them.
    var fields: [(String, String)] = []

    /// An event about rituald itself (reloads, config errors).
    init(_ kind: EventKind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// An event about one occurrence of a ritual, or (for pauses) about `*`.
    init(
        _ kind: EventKind, ritual: String, title: String?, occurrence: Int, until: Int? = nil, prompt: String? = nil,
        message: String
    ) {
        self.kind = kind
        self.ritual = ritual
        self.title = title
        self.occurrence = occurrence
        self.until = until
        self.prompt = prompt
        self.message = message
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

    /// Its line of the history, recorded at `now`; nil when its kind is journaled only.
    func historyRecord(at now: Int) -> HistoryRecord? {
        guard kind.isRecorded, let ritual, let occurrence else { return nil }
        // Another person's answer keeps the time they gave it.
        return HistoryRecord(
            at: by?.other == nil ? now : (answeredAt ?? now), ritual: ritual, occurrence: occurrence, event: kind,
            until: until, prompt: prompt, by: by?.other, channel: channel)
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
            if let occurrence { f.append(("RITUAL_SCHEDULED_USEC", String(occurrence))) }
        }
        if let prompt { f.append(("RITUAL_PROMPT", prompt)) }
        if let by = by?.other ?? (by == .me ? me : nil) { f.append(("RITUAL_BY", by)) }
        if let channel { f.append(("RITUAL_CHANNEL", channel)) }
        return f + fields
    }

    /// What a channel is told of it.
    func channelMessage(zone: Zone, partner: String) -> ChannelMessage {
        ChannelMessage(
            event: kind.name, ritualID: ritual ?? "", title: title ?? ritual ?? "", body: body, prompt: prompt,
            occurrence: occurrence ?? 0, zone: zone, partner: partner, type: ChannelMessage.type(of: kind))
    }
}
