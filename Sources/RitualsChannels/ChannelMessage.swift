import RitualsCore

/// What a channel is told of one event: as the desktop shows it, with the occurrence's facts for
/// a command's environment.
public struct ChannelMessage: Sendable {
    /// The event's name (`fired`, `done`, ...), or `test` for `ritualctl test-channel`.
    public var event: String
    public var ritualID: String
    public var title: String
    public var body: String
    public var prompt: String?
    /// The occurrence's scheduled time, and the zone to write it in.
    public var occurrence: Instant
    public var zone: Zone
    public var partner: String
    /// Apprise's notification type: info, success, warning or failure.
    public var type: String
    /// Names this delivery, the same for its every attempt (a Matrix transaction id).
    public var reference = ""

    public init(
        event: String, ritualID: String, title: String, body: String, prompt: String?, occurrence: Instant, zone: Zone,
        partner: String, type: String = "info"
    ) {
        self.event = event
        self.ritualID = ritualID
        self.title = title
        self.body = body
        self.prompt = prompt
        self.occurrence = occurrence
        self.zone = zone
        self.partner = partner
        self.type = type
    }

    /// Apprise's type for an event: a success when done, a warning when it needs attention.
    public static func type(of kind: EventKind) -> String {
        switch kind {
        case .done: return "success"
        case .missed, .remindedAgain: return "warning"
        default: return "info"
        }
    }

    /// Whether it asks for an answer: a firing, a heads-up, a reminder, a test.
    public var wantsAnswer: Bool { ["fired", "heads-up", "reminded-again", "test"].contains(event) }

    /// The text posted to a chat room: title, body, and how to answer when answers come back.
    public func chatText(answers: Bool) -> String {
        var lines = [title]
        if !body.isEmpty && body != title { lines.append(body) }
        if answers && wantsAnswer { lines.append(ChannelMessage.howToAnswer) }
        return lines.joined(separator: "\n")
    }

    /// The line that tells how to answer from a chat.
    public static let howToAnswer =
        "Tap \u{2705} done, \u{1F4A4} snooze or \u{23ED}\u{FE0F} skip, or reply done, snooze 20m or skip."

    /// The environment of a command channel's program.
    public var environment: [String: String] {
        [
            "RITUAL_ID": ritualID, "RITUAL_TITLE": title, "RITUAL_PROMPT": prompt ?? "", "RITUAL_EVENT": event,
            "RITUAL_BODY": body, "RITUAL_SCHEDULED": occurrence.iso8601(in: zone),
            "RITUAL_SCHEDULED_USEC": String(occurrence.microseconds), "RITUAL_PARTNER": partner,
        ]
    }
}
