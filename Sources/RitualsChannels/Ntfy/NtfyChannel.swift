import RitualsConfig
import RitualsCore

/// `kind = "ntfy"`: pushes to the phone's ntfy app; with `answers = true` the push carries Done,
/// Snooze and Skip, whose signed answers come back on the topic's reply topic.
public enum NtfyChannel: ChannelKind {
    public static let name = "ntfy"
    public static let keys = ["server", "topic_file"]
    public static let answers = true

    public static func read(_ table: inout ChannelTable) -> (any ChannelSettings)? {
        table.requires(
            [("server", "\"https://ntfy.sh\""), ("topic_file", "\"~/.config/rituals/ntfy.topic\"")],
            of: "an ntfy channel")
        let server = table.serverURL("server", example: "https://ntfy.sh")
        let topicFile = table.privateFile("topic_file", holding: "the ntfy topic's name")
        guard let server, let topicFile else { return nil }
        return NtfyTopic(server: server, topicFile: topicFile)
    }

    public static func send(_ message: ChannelMessage, through channel: Channel, context: ChannelContext)
        -> ChannelOutcome
    {
        guard let client = client(of: channel, context: context) else { return .failed("not an ntfy topic") }
        switch client.publish(message, answers: channel.answers) {
        case .failure(let f): return .failed(f.description)
        case .success(let id): return .sent(output: id)
        }
    }

    public static func inbox(of channel: Channel, person: Person, context: ChannelContext) -> (any AnswerInbox)? {
        client(of: channel, context: context).map { NtfyInbox(client: $0, person: person) }
    }

    static func client(of channel: Channel, context: ChannelContext) -> NtfyClient? {
        channel.settings(as: NtfyTopic.self).map {
            NtfyClient($0, channel: channel.name, keyFile: NtfyKey.path(in: context.stateDirectory))
        }
    }
}
