/// Where an answer came from. A button or `ritualctl` at this computer is this person's own and
/// trusted; everything else came from outside and is checked before it counts
/// (``Planner/verdict(on:state:now:)``).
public enum AnswerSource: Hashable, Sendable, CustomStringConvertible {
    /// A notification's button, here.
    case button
    /// `ritualctl done`, `snooze` or `skip`, here.
    case ritualctl
    /// A line of another person's file in the shared folder (the file's path, for messages).
    case folder(String)
    /// A reply through a channel of this config: a partner's phone (the channel's name).
    case channel(String)
    /// An answer another person's rituald heard through its channel `via` and passed on in its
    /// person's file (`file`).
    case passedOn(via: String, file: String)

    /// Whether it is this computer's person's own doing, not to be checked.
    public var isTrusted: Bool { self == .button || self == .ritualctl }

    /// The channel of this config it came back through.
    public var channel: String? {
        if case .channel(let name) = self { return name }
        return nil
    }

    public var description: String {
        switch self {
        case .button: return "a notification's button"
        case .ritualctl: return "ritualctl"
        case .folder(let file): return file
        case .channel(let name): return "channel \(name)"
        case .passedOn(let via, let file): return "\(file) (through \(via))"
        }
    }
}
