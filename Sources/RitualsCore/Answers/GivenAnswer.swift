/// One answer, as every source gives it: a notification's button, `ritualctl`, a line of the
/// shared folder, a reaction in a Matrix room, a button of an ntfy push. Who answered which
/// occurrence how, when, and where it came from; the history's record, the journal's entry and
/// the shared folder's line are views of it.
public struct GivenAnswer: Hashable, Sendable, CustomStringConvertible {
    public var occurrence: OccurrenceID
    public var answer: Answer
    public var by: Person
    /// When it was given, by the clock of the computer or server that took it.
    public var at: Instant
    public var source: AnswerSource

    public init(_ answer: Answer, to occurrence: OccurrenceID, by: Person, at: Instant, source: AnswerSource) {
        self.occurrence = occurrence
        self.answer = answer
        self.by = by
        self.at = at
        self.source = source
    }

    public var description: String {
        "\(answer.kind.name) of \(occurrence) by \(by.other ?? "me") at \(at) from \(source)"
    }

    /// Its record in the history.
    public var record: HistoryRecord {
        HistoryRecord(
            at: at, ritual: occurrence.ritual, occurrence: occurrence.scheduled, event: answer.kind,
            until: answer.until, by: by, channel: source.channel)
    }
}
