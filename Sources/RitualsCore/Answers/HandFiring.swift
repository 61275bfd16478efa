/// An occurrence another person fired by hand on their computer (`ritualctl fire` there: "let's do
/// it now"), as their file in the shared folder tells it: answers to it count at once, and
/// rituald fires it here too while it is fresh.
public struct HandFiring: Hashable, Sendable, CustomStringConvertible {
    public var occurrence: OccurrenceID
    /// The person whose computer fired it.
    public var by: String
    /// When it fired, by that computer's clock.
    public var at: Instant
    /// The file it was read from.
    public var file: String

    public init(_ occurrence: OccurrenceID, by: String, at: Instant, file: String) {
        self.occurrence = occurrence
        self.by = by
        self.at = at
        self.file = file
    }

    public var description: String { "\(occurrence) fired by \(by) at \(at) (\(file))" }
}
