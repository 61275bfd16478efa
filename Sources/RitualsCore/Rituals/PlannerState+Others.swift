/// What the other people of `people` answered, heard through the shared folder, and what it means
/// for this computer's person by the ritual's `ack`.
extension PlannerState {
    /// One person's latest answer to an occurrence, as the state keeps it.
    public struct HeardAnswer: Sendable, Equatable, Codable {
        /// Done, snoozed or skipped.
        public var kind: EventKind
        /// For a snooze, when it ends (nil once the occurrence fired again).
        public var until: Instant?
        /// When it was given, by the clock of the computer that recorded it.
        public var at: Instant
        /// Every kind of answer this person gave to the occurrence, when more than `kind`: each
        /// is recorded once, however often it is heard again.
        public var also: [EventKind]?

        public init(_ answer: Answer, at: Instant) {
            kind = answer.kind
            until = answer.until
            self.at = at
        }

        /// The kinds of answer heard from this person for the occurrence.
        public var kinds: Set<EventKind> { Set(also ?? []).union([kind]) }
    }

    /// Keeps `answer` as `person`'s answer to `key`, unless one given later is already known;
    /// either way its kind is remembered as heard.
    public mutating func hear(_ key: OccurrenceID, by person: String, _ answer: HeardAnswer) {
        guard Answer.kinds.contains(answer.kind) else { return }
        let known = others[key]?[person]
        var latest = answer
        if let known, known.at > answer.at { latest = known }
        let kinds = (known?.kinds ?? []).union([answer.kind]).subtracting([latest.kind])
        latest.also = kinds.isEmpty ? nil : kinds.sorted { $0.rawValue < $1.rawValue }
        others[key, default: [:]][person] = latest
    }

    /// Whether `person`'s answer of this kind to `key` was heard already (at any time).
    public func hasHeard(_ key: OccurrenceID, by person: String, kind: EventKind) -> Bool {
        others[key]?[person]?.kinds.contains(kind) == true
    }

    /// Ends the others' snoozes of `key`: the occurrence fired again. That they were heard is
    /// kept, so that hearing them again changes nothing.
    mutating func forgetSnoozes(_ key: OccurrenceID) {
        guard var answers = others[key] else { return }
        for (person, answer) in answers where answer.kind == .snoozed { answers[person]?.until = nil }
        others[key] = answers
    }

    /// Whether the occurrence needs nothing more from this computer's person: answered here (or
    /// missed), skipped by anyone, or done by someone else when one confirmation is enough.
    public func isClosed(_ key: OccurrenceID, ack: Ritual.Ack) -> Bool {
        if outcomes[key] != nil { return true }
        guard let answers = others[key]?.values else { return false }
        return answers.contains { $0.kind == .skipped || ($0.kind == .done && ack == .either) }
    }

    /// When the occurrence fires again after a snooze: this person's own snooze, else (when one
    /// confirmation is enough) the latest snooze of another.
    public func snoozeEnd(_ key: OccurrenceID, ack: Ritual.Ack) -> Instant? {
        if let own = snoozedUntil[key] { return own }
        guard ack == .either, let answers = others[key]?.values else { return nil }
        return answers.filter { $0.kind == .snoozed }.max { $0.at < $1.at }?.until
    }

    /// The snoozed occurrences of `ritual` and when each fires again.
    public func snoozes(of ritual: Ritual) -> [(occurrence: Instant, until: Instant)] {
        var keys = Set(snoozedUntil.keys.filter { $0.ritual == ritual.id })
        if ritual.ack == .either {
            for (key, answers) in others
            where key.ritual == ritual.id
                && answers.values.contains(where: {
                    $0.kind == .snoozed
                })
            {
                keys.insert(key)
            }
        }
        return keys.compactMap { key in
            guard !isClosed(key, ack: ritual.ack), let until = snoozeEnd(key, ack: ritual.ack) else { return nil }
            return (key.scheduled, until)
        }
    }

    /// The other people who confirmed the occurrence as done, by name.
    public func confirmed(_ key: OccurrenceID) -> [String] {
        (others[key] ?? [:]).filter { $0.value.kind == .done }.map(\.key).sorted()
    }
}
