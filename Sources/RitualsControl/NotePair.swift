import RitualsCore

/// The notes written to one occurrence of a ritual, as `ritualctl notes` lists them: one entry
/// per person of the couple, this person's first.
public struct NotePair: Codable, Sendable, Equatable {
    public var ritual: String
    public var title: String
    public var occurrence: Instant
    public var notes: [Entry]

    public struct Entry: Codable, Sendable, Equatable {
        /// Where a note stands for the person asking.
        public enum State: String, Codable, Sendable {
            /// Readable by everyone of the couple.
            case shown
            /// Written, not shown yet (sealed until everyone wrote): the text only to its writer.
            case sealed
            /// Not written.
            case unwritten
            /// Written on a computer that shares with no one.
            case kept
        }

        /// Whose: a person's name, or nil for the person asking.
        public var person: String?
        public var state: State
        /// The text, when the person asking may read it.
        public var text: String?
        /// When it was written (as its writer's computer says).
        public var at: Instant?

        public init(person: String?, state: State, text: String?, at: Instant?) {
            self.person = person
            self.state = state
            self.text = text
            self.at = at
        }
    }

    public init(ritual: String, title: String, occurrence: Instant, notes: [Entry]) {
        self.ritual = ritual
        self.title = title
        self.occurrence = occurrence
        self.notes = notes
    }
}
