import RitualsConfig
import RitualsCore

/// One kind of channel, plugged in: how it reads its table (``ChannelKindReading``), how a
/// message goes out through it, and for a kind answers come back through, its inbox. Each kind is
/// one folder here and one line in ``ChannelKinds/all``.
public protocol ChannelKind: ChannelKindReading {
    /// Sends one message through `channel` and waits for it, at most the channel's timeout
    /// (blocking: call it off the daemon's queue).
    static func send(_ message: ChannelMessage, through channel: Channel, context: ChannelContext) -> ChannelOutcome

    /// The inbox of `channel` (with `answers = true`), answered by `person`; nil for a kind answers
    /// do not come back through.
    static func inbox(of channel: Channel, person: Person, context: ChannelContext) -> (any AnswerInbox)?
}

extension ChannelKind {
    public static var answers: Bool { false }

    public static func inbox(of channel: Channel, person: Person, context: ChannelContext) -> (any AnswerInbox)? {
        nil
    }
}

/// The kinds of channel rituald knows. A new kind is a folder of its own and one more line here.
public enum ChannelKinds {
    public static let all: [any ChannelKind.Type] = [
        AppriseChannel.self, CommandChannel.self, MatrixChannel.self, NtfyChannel.self,
    ]

    /// The kind of `channel`.
    public static func kind(of channel: Channel) -> (any ChannelKind.Type)? { all.first { $0.name == channel.kind } }

    /// Sends `message` through `channel`, by its kind (blocking).
    public static func send(_ message: ChannelMessage, through channel: Channel, context: ChannelContext)
        -> ChannelOutcome
    {
        guard let kind = kind(of: channel) else { return .failed("no channel kind \"\(channel.kind)\"") }
        return kind.send(message, through: channel, context: context)
    }

    /// The inbox of an answering channel, by its kind.
    public static func inbox(of channel: Channel, person: Person, context: ChannelContext) -> (any AnswerInbox)? {
        kind(of: channel)?.inbox(of: channel, person: person, context: context)
    }
}

/// Where a channel runs: what it keeps of its own (the key that signs ntfy's answer buttons)
/// lives in rituald's state directory.
public struct ChannelContext: Sendable {
    public var stateDirectory: String

    public init(stateDirectory: String) { self.stateDirectory = stateDirectory }
}

/// How a delivery ended.
public enum ChannelOutcome: Sendable, Equatable {
    /// Sent; what the program printed (bounded), or the id of what was posted (Matrix, ntfy).
    case sent(output: String)
    /// Not sent, and why (secrets taken out).
    case failed(String)
}
