import FoundationEssentials

/// One line of an ntfy subscription (`GET /TOPIC/json`): a message published to the topic, or
/// the stream's own `open` and `keepalive`. Untrusted: anyone who knows the topic publishes.
public struct NtfyEvent: Sendable, Equatable, Decodable {
    public var id: String
    /// Seconds since the epoch, as the server says.
    public var time: Int
    public var event: String
    public var message: String?

    /// A line longer than this is not read (ntfy's messages are at most 4 KiB).
    public static let maxLine = 16 * 1024

    public init(id: String, time: Int, event: String, message: String? = nil) {
        self.id = id
        self.time = time
        self.event = event
        self.message = message
    }

    /// The event on one line of the stream; nil for anything that is not one.
    public init?(line: some Collection<UInt8>) {
        guard line.count <= NtfyEvent.maxLine,
            let read = try? JSONDecoder().decode(NtfyEvent.self, from: Data(line))
        else { return nil }
        self = read
    }

    /// Whether it is a message (not the stream's `open` or `keepalive`).
    public var isMessage: Bool { event == "message" }
}
