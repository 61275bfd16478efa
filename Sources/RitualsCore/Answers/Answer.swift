/// What a person says to an occurrence: done, skipped, or snoozed until a time.
public enum Answer: Hashable, Sendable {
    case done
    case skipped
    case snoozed(until: Instant)

    /// The event it is recorded as.
    public var kind: EventKind {
        switch self {
        case .done: return .done
        case .skipped: return .skipped
        case .snoozed: return .snoozed
        }
    }

    /// When a snooze ends.
    public var until: Instant? {
        if case .snoozed(let until) = self { return until }
        return nil
    }

    /// The answer an event of `kind` records (`until` for a snooze); nil for an event that is no
    /// answer, or a snooze without its end.
    public init?(kind: EventKind, until: Instant?) {
        switch kind {
        case .done: self = .done
        case .skipped: self = .skipped
        case .snoozed:
            guard let until else { return nil }
            self = .snoozed(until: until)
        default: return nil
        }
    }

    /// The kinds of event that are answers.
    public static let kinds: Set<EventKind> = [.done, .snoozed, .skipped]
}
