import RitualsCore

/// One line of the notes file (`notes.jsonl` in the state directory, readable by its owner only):
/// a note of this person's (its text, and for a sealed one the salt and seal), the moment it went
/// out to the others readable, or another person's seal or text as it was taken here. Appended,
/// never rewritten; the latest of a kind for an occurrence wins.
struct NoteRecord: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        /// This person's note.
        case mine
        /// This person's note went out to the others readable (sealed: the pair opened); with
        /// `by`, posted to that person's room.
        case out
        /// Another person's seal.
        case sealed
        /// Another person's text, checked against their seal when it had one.
        case theirs
    }

    var kind: Kind
    var ritual: String
    var occurrence: Instant
    var at: Instant
    /// Whose, for another person's seal or text.
    var by: String?
    var text: String?
    var salt: String?
    var seal: String?
    var mode: NotesMode?
    /// For another's text heard here through a channel of this config (their room): which.
    var channel: String?

    var id: OccurrenceID { OccurrenceID(ritual, occurrence) }

    init(
        _ kind: Kind, _ id: OccurrenceID, at: Instant, by: String? = nil, text: String? = nil, salt: String? = nil,
        seal: String? = nil, mode: NotesMode? = nil
    ) {
        self.kind = kind
        ritual = id.ritual
        occurrence = id.scheduled
        self.at = at
        self.by = by
        self.text = text
        self.salt = salt
        self.seal = seal
        self.mode = mode
    }
}
