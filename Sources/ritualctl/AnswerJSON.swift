import RitualsControl
import RitualsCore

/// `done`, `snooze` and `skip` in JSON: what was recorded, for scripts that must not read prose.
struct AnswerJSON: Encodable {
    var ritual: String
    /// `done`, `snoozed` or `skipped`.
    var event: String
    /// The occurrences answered, ISO 8601 in rituald's zone: one, or those skipped.
    var occurrences: [String]
    /// For a snooze, when it fires again.
    var until: String?
    var messages: [String]

    init(_ receipt: AnswerReceipt, messages: [String], zone: Zone) {
        ritual = receipt.ritual
        event = receipt.event.name
        occurrences = receipt.occurrences.map { $0.iso8601(in: zone) }
        until = receipt.until?.iso8601(in: zone)
        self.messages = messages
    }
}
