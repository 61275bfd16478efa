/// Turns rituals, their state and a time into the ordered events to come. Pure: the same inputs
/// always give the same plan, so `ritualctl next` shows exactly what rituald will do.
public struct Planner: Sendable {
    /// One occurrence after windows and quiet hours moved it.
    public struct Occurrence: Sendable, Equatable {
        /// Its scheduled time, which names it in the state.
        public var scheduled: Instant
        /// When it fires.
        public var at: Instant
        /// Its number counted from the ritual's anchor, which picks its prompt.
        public var index: Int
    }

    public let config: RitualsConfiguration
    /// The zone of dates, windows and quiet hours.
    public let zone: Zone
    let decks: [String: PromptDeck]
    /// Each ritual's place in the config, by id: the order of events at the same moment.
    let position: [String: Int]
    static let kindOrder = Dictionary(
        uniqueKeysWithValues: EventKind.planned.enumerated().map { ($0.element, $0.offset) })
    /// How far each ritual's occurrences were counted; shared by copies of this planner.
    let counts = OccurrenceCounts()

    /// Occurrences are numbered from the ritual's `from` date, else from this day (2024-01-01).
    public static let anchorDay = 19_723
    /// Counting further than this from the anchor, prompts are picked by hashing instead.
    static let countLimit = 100_000
    /// Reminders again when `remind_again` is set without a limit.
    public static let defaultRemindAgainLimit = 2

    public init(config: RitualsConfiguration, zone: Zone) {
        self.config = config
        self.zone = zone
        var decks: [String: PromptDeck] = [:]
        for ritual in config.rituals {
            let texts = ritual.prompts.map { $0.replacingPartner(with: config.settings.partner) }
            decks[ritual.id] = PromptDeck(ritualID: ritual.id, prompts: texts)
        }
        self.decks = decks
        position = Dictionary(config.rituals.enumerated().map { ($0.element.id, $0.offset) }) { first, _ in first }
    }

    /// The title shown for `ritual`, with `{partner}` filled in.
    public func title(of ritual: Ritual) -> String { ritual.title.replacingPartner(with: config.settings.partner) }

    /// The prompt of an occurrence.
    public func prompt(of ritual: Ritual, _ occurrence: Occurrence) -> String? {
        decks[ritual.id]?.prompt(at: occurrence.index)
    }

    /// The prompt of the occurrence scheduled at `scheduled`.
    public func prompt(of ritual: Ritual, scheduled: Instant) -> String? {
        decks[ritual.id]?.prompt(at: index(of: ritual, scheduled: scheduled))
    }

    /// The first `limit` events after `after` up to and including `through`, as ``events(after:through:state:limit:includePaused:only:)``
    /// gives them, found by looking a day ahead first and further only when that holds too few:
    /// with many rituals, the next event is near and the whole range far.
    public func soonest(after: Instant, through: Instant, state: PlannerState, limit: Int) -> [PlannedEvent] {
        var reach = Duration.days(1)
        while true {
            let end = through - after <= reach ? through : after + reach
            let found = events(after: after, through: end, state: state, limit: limit)
            if found.count >= limit || end == through { return found }
            reach *= 8
        }
    }

    /// Events after `after` up to and including `through`, in time order, at most `limit`; only
    /// those of ritual `only` when given. Events a pause holds back are left out, or kept with
    /// `includePaused` (to record what a pause covered).
    public func events(
        after: Instant, through: Instant, state: PlannerState, limit: Int = 10_000, includePaused: Bool = false,
        only: String? = nil
    ) -> [PlannedEvent] {
        var out: [PlannedEvent] = []
        let chosen = only.map { id in position[id].map { [config.rituals[$0]] } ?? [] } ?? config.rituals
        for ritual in chosen where ritual.enabled {
            events(
                of: ritual, after: after, through: through, state: state, limit: limit, includePaused: includePaused,
                into: &out)
        }
        let order = position
        let kinds = Planner.kindOrder
        out.sort { a, b in
            if a.at != b.at { return a.at < b.at }
            if a.ritualID != b.ritualID { return order[a.ritualID, default: 0] < order[b.ritualID, default: 0] }
            return kinds[a.kind, default: 0] < kinds[b.kind, default: 0]
        }
        return Array(out.prefix(limit))
    }
}

extension String {
    /// The text with `{partner}` replaced by the partner's name.
    public func replacingPartner(with name: String) -> String {
        guard contains("{partner}") else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.range(of: "{partner}") {
            out += rest[..<range.lowerBound] + name
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
