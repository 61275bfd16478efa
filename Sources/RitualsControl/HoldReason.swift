/// Why a notification is held: its name in the history, the journal (`RITUAL_HELD_BY`) and JSON.
public enum HoldReason: String, Codable, Sendable {
    case doNotDisturb = "do-not-disturb"

    /// As people read it: "Do Not Disturb".
    public var said: String {
        switch self {
        case .doNotDisturb: "Do Not Disturb"
        }
    }
}
