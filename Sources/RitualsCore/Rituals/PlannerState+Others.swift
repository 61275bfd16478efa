/// What the other people of `people` answered, heard through the shared folder, and what it means
/// for this computer's person by the ritual's `ack`.
extension PlannerState {
    /// One person's latest answer to an occurrence.
    public struct Answer: Sendable, Equatable, Codable {
        /// Done, snoozed or skipped.
        public var kind: EventKind
        /// For a snooze, when it ends.
        public var until: Int?
        /// When it was given, by the clock of the computer that recorded it.
        public var at: Int

        public init(kind: EventKind, until: Int? = nil, at: Int) {
            self.kind = kind
            self.until = until
            self.at = at
        }
    }

    /// The kinds another person's answer can be.
    public static let answerKinds: Set<EventKind> = [.done, .snoozed, .skipped]

    /// Keeps `answer` as `person`'s answer to `key`, unless one given later is already known.
    public mutating func hear(_ key: Key, by person: String, _ answer: Answer) {
        guard PlannerState.answerKinds.contains(answer.kind) else { return }
        if let known = others[key]?[person], known.at > answer.at { return }
        others[key, default: [:]][person] = answer
    }

    /// Whether `person`'s answer to `key` is known already, or a later one.
    public func hasHeard(_ key: Key, by person: String, at: Int) -> Bool {
        (others[key]?[person]?.at ?? Int.min) >= at
    }

    /// Drops the others' snoozes of `key`: the occurrence fired again.
    mutating func forgetSnoozes(_ key: Key) {
        guard var answers = others[key] else { return }
        answers = answers.filter { $0.value.kind != .snoozed }
        others[key] = answers.isEmpty ? nil : answers
    }

    /// Whether the occurrence needs nothing more from this computer's person: answered here (or
    /// missed), skipped by anyone, or done by someone else when one confirmation is enough.
    public func isClosed(_ key: Key, ack: Ritual.Ack) -> Bool {
        if outcomes[key] != nil { return true }
        guard let answers = others[key]?.values else { return false }
        return answers.contains { $0.kind == .skipped || ($0.kind == .done && ack == .either) }
    }

    /// When the occurrence fires again after a snooze: this person's own snooze, else (when one
    /// confirmation is enough) the latest snooze of another.
    public func snoozeEnd(_ key: Key, ack: Ritual.Ack) -> Int? {
        if let own = snoozedUntil[key] { return own }
        guard ack == .either, let answers = others[key]?.values else { return nil }
        return answers.filter { $0.kind == .snoozed }.max { $0.at < $1.at }?.until
    }

    /// The snoozed occurrences of `ritual` and when each fires again.
    public func snoozes(of ritual: Ritual) -> [(occurrence: Int, until: Int)] {
        var keys = Set(snoozedUntil.keys.filter { $0.ritualID == ritual.id })
        if ritual.ack == .either {
            for (key, answers) in others
            where key.ritualID == ritual.id
                && answers.values.contains(where: {
                    $0.kind == .snoozed
                })
            {
                keys.insert(key)
            }
        }
        return keys.compactMap { key in
            guard !isClosed(key, ack: ritual.ack), let until = snoozeEnd(key, ack: ritual.ack) else { return nil }
            return (key.occurrence, until)
        }
    }

    /// The other people who confirmed the occurrence as done, by name.
    public func confirmed(_ key: Key) -> [String] {
        (others[key] ?? [:]).filter { $0.value.kind == .done }.map(\.key).sorted()
    }
}
