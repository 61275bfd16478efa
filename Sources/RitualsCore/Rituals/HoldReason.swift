/// Why a notification is held: its name in the config (`hold = [...]`), the history, the journal
/// (`RITUAL_HELD_BY`) and JSON.
public enum HoldReason: String, Codable, Sendable, CaseIterable {
    case doNotDisturb = "do-not-disturb"
    case locked
    case away

    /// As people read it: "Do Not Disturb".
    public var said: String {
        switch self {
        case .doNotDisturb: "Do Not Disturb"
        case .locked: "screen locked"
        case .away: "away"
        }
    }

    /// What holds it, in a sentence: "Do Not Disturb is on".
    public var sentence: String {
        switch self {
        case .doNotDisturb: "Do Not Disturb is on"
        case .locked: "the screen is locked"
        case .away: "no one is at the computer"
        }
    }

    /// What ends it: "it ends", "the screen is unlocked".
    public var end: String {
        switch self {
        case .doNotDisturb: "Do Not Disturb ends"
        case .locked: "the screen is unlocked"
        case .away: "someone is back"
        }
    }
}
