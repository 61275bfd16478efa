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

    /// Why `text` cannot be a note, or nil when it can: blank, over ``maxCharacters`` characters
    /// (or 4 bytes each), or holding control characters other than tabs and line breaks (a note's
    /// line in the shared folder must stay within ``FolderLine/maxNoteLine``).
    public static func problem(_ text: String) -> String? {
        if !text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) { return "the note is empty" }
        if text.count > maxCharacters {
            return "a note holds at most \(maxCharacters) characters; this one has \(text.count)"
        }
        if text.utf8.count > 4 * maxCharacters { return "a note holds at most \(4 * maxCharacters) bytes" }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && !"\t\n\r".unicodeScalars.contains($0) }) {
            return "a note holds no control characters but tabs and line breaks"
        }
        return nil
    }

    /// Whether `text` can be a note (see ``problem(_:)``).
    public static func isValid(_ text: String) -> Bool { problem(text) == nil }

    /// Whether `text` is 64 lower-case hex digits (a seal, a salt).
    public static func isHex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
