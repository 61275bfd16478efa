import LinuxSystem
import RitualsCore

/// The reply topic an ntfy channel's answers come back on: the occurrences sent that wait and the
/// last message read (``TopicReading``, kept as `ntfy-NAME.json`), and a read: one streaming
/// subscription (ntfy's keepalives wake only the reading thread), each message handed back as it
/// comes with the key that signs the buttons (read once per subscription).
public struct NtfyInbox: AnswerInbox {
    public struct Reading: Sendable {
        let client: NtfyClient
        let since: String
    }

    /// A message of the reply topic, and the key to check it by (nil: no key, so no answer).
    public struct Item: Sendable {
        let event: NtfyEvent
        let key: [UInt8]?
    }

    public var kept = TopicReading()
    let client: NtfyClient
    let person: Person

    /// How long one subscription stays open before it is opened again (expired posts let go).
    static let streamWait = Duration.seconds(3600)
    /// A subscription that ends sooner than this without a message is a failure, not its end.
    static let quickEnd = Duration.seconds(5)

    init(client: NtfyClient, person: Person) {
        self.client = client
        self.person = person
    }

    public var server: String { client.topic.server }
    public var waiting: Int { kept.posts.count }

    public mutating func posted(ritual: String, occurrence: Instant, id: String, at now: Instant) {
        kept.add(.init(ritual: ritual, occurrence: occurrence, at: now))
    }

    public mutating func expire(now: Instant) { kept.expire(now: now) }

    public func reading(now: Instant) -> Reading? {
        guard let oldest = kept.posts.map(\.at).min() else { return nil }
        // Before any message was read: from the oldest post's second, so no early answer is missed.
        return Reading(client: client, since: kept.since ?? String(oldest.wholeSeconds))
    }

    public static func read(_ reading: Reading, curl: Curl, take: @escaping @Sendable (Item) -> Void) -> Result<
        Void, ChannelError
    > {
        let client = reading.client
        let key = try? NtfyKey.read(client.keyFile, creating: false).get()
        let started = ThisProcess.monotonicMicroseconds()
        var messages = 0
        let result = client.follow(since: reading.since, wait: NtfyInbox.streamWait, curl: curl) { event in
            guard event.isMessage else { return }
            messages += 1
            take(Item(event: event, key: key))
        }
        let quick = messages == 0 && ThisProcess.monotonicMicroseconds() - started < quickEnd.microseconds
        if case .success = result, quick {
            return .failure(ChannelError("\(client.topic.server) ended the subscription at once"))
        }
        return result
    }

    public mutating func answers(in item: Item, snooze: Duration, now: Instant) -> InboxFindings {
        guard let key = item.key else { return InboxFindings(ignored: 1) }
        return kept.answer(in: item.event, key: key, channel: client.channel, person: person, snooze: snooze, now: now)
    }
}
