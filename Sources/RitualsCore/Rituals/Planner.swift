/// Turns rituals, their state and a time into the ordered events to come. Pure: the same inputs
/// always give the same plan, so `ritualctl next` shows exactly what rituald will do.
public struct Planner: Sendable {
    /// One occurrence after windows and quiet hours moved it.
    public struct Occurrence: Sendable, Equatable {
        /// Its scheduled time (microseconds), which names it in the state.
        public var scheduled: Int
        /// When it fires.
        public var at: Int
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
    static let usecPerDay = 86_400_000_000
    static let usecPerMinute = 60_000_000
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
    public func prompt(of ritual: Ritual, scheduled: Int) -> String? {
        decks[ritual.id]?.prompt(at: index(of: ritual, scheduled: scheduled))
    }

    /// The first `limit` events after `after` up to and including `through`, as ``events(after:through:state:limit:includePaused:only:)``
    /// gives them, found by looking a day ahead first and further only when that holds too few:
    /// with many rituals, the next event is near and the whole range far.
    public func soonest(after: Int, through: Int, state: PlannerState, limit: Int) -> [PlannedEvent] {
        var reach = Planner.usecPerDay
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
        after: Int, through: Int, state: PlannerState, limit: Int = 10_000, includePaused: Bool = false,
        only: String? = nil
    ) -> [PlannedEvent] {
        var out: [PlannedEvent] = []
        let chosen = only.map { id in position[id].map { [config.rituals[$0]] } ?? [] } ?? config.rituals
        for ritual in chosen where ritual.enabled {
            let reminders = (ritual.remindAgain ?? 0) * (ritual.remindAgainLimit ?? Planner.defaultRemindAgainLimit)
            let lookback = max(ritual.duration ?? 0, reminders)
            let title = self.title(of: ritual)
            let held = { (at: Int) in !includePaused && state.isPaused(ritual.id, at: at) }
            // Occurrences already past can still end a session or remind again after `after`;
            // occurrences a little ahead have their heads-up in the range.
            let past = lookback > 0 ? occurrences(of: ritual, after: after - lookback, through: after) : []
            let ahead = ritual.headsUp ?? 0
            let coming = occurrences(of: ritual, after: after, through: through + ahead, limit: limit)
            for occurrence in past + coming {
                let key = PlannerState.Key(ritual.id, occurrence.scheduled)
                if state.isClosed(key, ack: ritual.ack) || state.snoozeEnd(key, ack: ritual.ack) != nil { continue }
                let prompt = self.prompt(of: ritual, occurrence)
                func add(_ kind: EventKind, _ at: Int) {
                    guard at > after, at <= through, !held(at) else { return }
                    out.append(
                        PlannedEvent(
                            kind: kind, ritualID: ritual.id, title: title, at: at, occurrence: occurrence.scheduled,
                            firesAt: occurrence.at, prompt: prompt))
                }
                let handled = (state.lastHandled[ritual.id] ?? Int.min) >= occurrence.scheduled
                // A past occurrence that never fired has no session and nothing to remind of.
                if occurrence.at <= after && !handled { continue }
                if let headsUp = ritual.headsUp, !handled {
                    let at = occurrence.at - headsUp
                    if ritual.quietHours == .ignore || !isQuiet(at) { add(.headsUp, at) }
                }
                if !handled { add(.fired, occurrence.at) }
                if let duration = ritual.duration { add(.sessionEnd, occurrence.at + duration) }
                if let every = ritual.remindAgain {
                    for k in 1...(ritual.remindAgainLimit ?? Planner.defaultRemindAgainLimit) {
                        add(.remindedAgain, occurrence.at + k * every)
                    }
                }
            }
            for (occurrence, until) in state.snoozes(of: ritual) where until > after && until <= through {
                guard !held(until) else { continue }
                let index = self.index(of: ritual, scheduled: occurrence)
                out.append(
                    PlannedEvent(
                        kind: .fired, ritualID: ritual.id, title: title, at: until, occurrence: occurrence,
                        firesAt: until, prompt: decks[ritual.id]?.prompt(at: index)))
            }
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
        while let range = rest.firstRange(of: "{partner}") {
            out += rest[..<range.lowerBound] + name
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
