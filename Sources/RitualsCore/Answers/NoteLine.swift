/// What a line of a person's file in the shared folder says of their note to one occurrence: its
/// seal (written first, while the note is sealed), or its text (an open note, or a sealed one
/// revealed with the salt that opens its seal). Read strictly, like every line of the folder.
public struct NoteLine: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// The seal of a note still unseen: HMAC-SHA-256 of its text under a salt, hex.
        case seal(String)
        /// The text; for a sealed note, with the salt (hex) that opens its seal.
        case text(String, salt: String?)
    }

    public var person: String
    public var occurrence: OccurrenceID
    public var at: Instant
    public var content: Content

    public init(person: String, occurrence: OccurrenceID, at: Instant, content: Content) {
        self.person = person
        self.occurrence = occurrence
        self.at = at
        self.content = content
    }

    /// The longest note, in characters.
    public static let maxCharacters = 10_000

    /// Whether `text` can be a note: not blank, at most ``maxCharacters`` characters.
    public static func isValid(_ text: String) -> Bool {
        text.count <= maxCharacters && text.utf8.count <= 4 * maxCharacters
            && text.unicodeScalars.contains { !$0.properties.isWhitespace }
    }

    /// Whether `text` is 64 lower-case hex digits (a seal, a salt).
    public static func isHex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
