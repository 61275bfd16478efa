import RitualsCore

/// Where an ntfy channel publishes: the server, and the file that holds the topic's name (a
/// secret: whoever knows it reads and publishes).
public struct NtfyTopic: ChannelSettings, Equatable {
    /// `https://host[:port]`, without a trailing slash.
    public var server: String
    public var topicFile: String

    public init(server: String, topicFile: String) {
        self.server = server
        self.topicFile = topicFile
    }
}
