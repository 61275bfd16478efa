import RitualsCore
import Systemd

/// The journal entry of one daemon event, with the fields people query.
public struct JournalEntry: Sendable {
    /// RITUAL_EVENT values and their MESSAGE_IDs (explained in systemd/rituals.catalog).
    public static let messageIDs: [String: String] = [
        "fired": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e81",
        "heads-up": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e82",
        "session-end": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e83",
        "reminded-again": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e84",
        "done": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e85",
        "snoozed": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e86",
        "skipped": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e87",
        "missed": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e88",
        "paused": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e89",
        "resumed": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e8a",
        "reloaded": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e8b",
        "config-error": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e8c",
        "delivery-failed": "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e8d",
    ]

    public var event: String
    public var message: String
    /// syslog priority: 6 info, 5 notice, 4 warning, 3 error.
    public var priority = 6
    public var ritualID: String?
    public var title: String?
    public var scheduled: Int?
    public var prompt: String?

    public init(event: String, message: String, priority: Int = 6) {
        self.event = event
        self.message = message
        self.priority = priority
    }

    public var fields: [(String, String)] {
        var f: [(String, String)] = [
            ("MESSAGE", message), ("PRIORITY", String(priority)), ("SYSLOG_IDENTIFIER", "rituald"),
            ("RITUAL_EVENT", event),
        ]
        if let id = JournalEntry.messageIDs[event] { f.append(("MESSAGE_ID", id)) }
        if let ritualID { f.append(("RITUAL_ID", ritualID)) }
        if let title { f.append(("RITUAL_TITLE", title)) }
        if let scheduled { f.append(("RITUAL_SCHEDULED_USEC", String(scheduled))) }
        if let prompt { f.append(("RITUAL_PROMPT", prompt)) }
        return f
    }
}
