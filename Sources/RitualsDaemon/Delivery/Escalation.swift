import RitualsChannels
import RitualsCore

/// A message held back until a channel's `after` has passed, sent then only while its occurrence
/// is still unanswered (and not to a person who answered it already).
struct Escalation: @unchecked Sendable {
    /// One escalation per ritual and channel: a later one replaces the earlier.
    struct Key: Hashable, Sendable {
        let ritual: String
        let channel: String
    }

    let occurrence: OccurrenceID
    let message: Outbox.Message
    var timer: (any ClockTimer)?

    var key: Key { Key(ritual: occurrence.ritual, channel: message.channel.name) }
}
