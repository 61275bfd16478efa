import LinuxSystem
import RitualsControl
import RitualsCore

/// What the queries (`status`, `list`, `next`, `show`) read, taken on the daemon's queue in one
/// go and answered on another queue: no request, however large, holds the timer up, and each
/// answer sees one consistent moment of the state.
struct QueryView: Sendable {
    let planner: Planner
    let state: PlannerState
    let zone: Zone
    let configName: String
    let stateDirectory: String
    let historyPath: String
    /// Records not yet in the history file (the disk refused them).
    let unwritten: [HistoryRecord]
    let problem: String?
    let armed: Instant?
    let startedAt: Instant
    let sharing: SharingStatus?
    let answerChannels: [AnswerChannelStatus]
    /// The notification server, as the session bus last told of it.
    let desktop: DesktopStatus?
    /// The person's login session, as logind last told of it.
    let session: SessionStatus?
    /// Notifications held (Do Not Disturb, locked, away).
    let held: [HeldStatus]
    /// Why journal entries go to standard error instead, when they do.
    let journal: String?
    /// What went wrong with the couple's notes.
    var notes: [String] = []
    /// Planned at most this far ahead.
    let horizon: Duration

    var config: RitualsConfiguration { planner.config }

    /// The answer to a query; `named` is the ritual the request names, when it names one.
    func answer(_ request: ControlRequest, _ named: Ritual?, now: Instant) -> ControlResponse {
        var response: ControlResponse
        switch request {
        case .status: response = status(now: now)
        case .list: response = list(now: now)
        case .next(let count, let days): response = agenda(count: count, days: days, now: now)
        case .show:
            guard let named else { return .refused("show needs a ritual id") }
            response = show(named, now: now)
        default: response = .refused("\(request.command.rawValue) is not a query")
        }
        response.timezone = zone.name
        return response
    }

    func status(now: Instant) -> ControlResponse {
        var s = DaemonStatus(
            pid: ThisProcess.pid, startedAt: startedAt, now: now, config: configName,
            stateDirectory: stateDirectory, timezone: zone.name, rituals: config.rituals.filter(\.enabled).count)
        s.pause = state.pause.flatMap { $0.holds(at: now) ? $0 : nil }
        s.next = planner.soonest(after: now, through: now + horizon, state: state, limit: 1).first.map(agendaEvent)
        s.armed = armed
        s.problem = problem
        s.sharing = sharing
        // The others' holds of occurrences still open here, titled as this config titles them.
        s.sharing?.held = sharing?.held?.compactMap { h in
            guard let ritual = config.rituals.first(where: { $0.id == h.ritual }),
                !state.isClosed(OccurrenceID(h.ritual, h.occurrence), ack: ritual.ack)
            else { return nil }
            var titled = h
            titled.title = ritual.title
            return titled
        }
        if s.sharing?.held?.isEmpty == true { s.sharing?.held = nil }
        s.answerChannels = answerChannels.isEmpty ? nil : answerChannels
        s.desktop = desktop
        s.session = session
        s.held = held.isEmpty ? nil : held
        s.journal = journal
        s.notes = notes.isEmpty ? nil : notes
        s.me = config.settings.me
        let both = config.rituals.filter { $0.ack == .both }
        s.needs = both.isEmpty ? nil : Dictionary(uniqueKeysWithValues: both.map { ($0.id, config.settings.others) })
        var r = ControlResponse()
        r.status = s
        return r
    }

    func list(now: Instant) -> ControlResponse {
        let records = self.records()
        var r = ControlResponse()
        r.rituals = config.rituals.map { summary(of: $0, now: now, records: records) }
        return r
    }

    func agenda(count: Int?, days: Int?, now: Instant) -> ControlResponse {
        if let days, let why = ControlLimits.refusal("--days", days, ControlLimits.agendaDays) {
            return .refused(why)
        }
        if let count, let why = ControlLimits.refusal("--count", count, ControlLimits.agendaCount) {
            return .refused(why)
        }
        let span = days ?? (count == nil ? ControlLimits.defaultAgendaDays : ControlLimits.agendaDays.upperBound)
        var r = ControlResponse()
        r.events = planner.events(
            after: now, through: now + .days(span), state: state, limit: count ?? ControlLimits.agendaCount.upperBound
        ).map(agendaEvent)
        r.held = held.isEmpty ? nil : held
        return r
    }

    func show(_ ritual: Ritual, now: Instant) -> ControlResponse {
        let times = planner.occurrences(of: ritual, after: now, through: now + horizon, limit: 5).prefix(5).map(\.at)
        let records = self.records()
        let history = records.filter { $0.ritual == ritual.id }.suffix(10).map {
            HistoryLine(at: $0.at, occurrence: $0.occurrence, event: $0.event)
        }
        var r = ControlResponse()
        r.detail = RitualDetail(
            summary: summary(of: ritual, now: now, records: records), practice: ritual.practice?.rawValue,
            prompts: ritual.prompts.count, nextTimes: Array(times), history: Array(history))
        r.detail?.settings = RitualSettings(ritual, config: config).named
        r.detail?.latestPrompt = state.lastHandled[ritual.id].flatMap { planner.prompt(of: ritual, scheduled: $0) }
        return r
    }

    /// The history file's records, then those not yet written.
    func records() -> [HistoryRecord] { StateStore.records(in: historyPath) + unwritten }

    func agendaEvent(_ e: PlannedEvent) -> AgendaEvent {
        AgendaEvent(
            at: e.at, ritual: e.ritualID, title: e.title, kind: e.kind, occurrence: e.occurrence, prompt: e.prompt)
    }

    /// The pause holding `ritual` back at `now`: its own or that of every ritual, whichever lasts.
    func pause(of ritual: Ritual, now: Instant) -> Pause? {
        let holding = [state.pause, state.ritualPauses[ritual.id]].compactMap { $0 }.filter { $0.holds(at: now) }
        guard !holding.isEmpty else { return nil }
        return holding.contains { $0.until == nil }
            ? Pause(until: nil) : holding.max { ($0.until ?? .epoch) < ($1.until ?? .epoch) }
    }

    /// One ritual for `list` and `show`; `records` is the history, read once per request.
    func summary(of ritual: Ritual, now: Instant, records: [HistoryRecord]) -> RitualSummary {
        let stats = RitualStats(
            ritual: ritual.id, records: records, needs: ritual.ack == .both ? config.settings.others : [])
        var s = RitualSummary(
            id: ritual.id, title: planner.title(of: ritual), schedule: ritual.schedule, enabled: ritual.enabled,
            streak: stats.streaks.current)
        s.next =
            ritual.enabled ? planner.nextFiring(of: ritual, after: now, through: now + horizon, state: state)?.at : nil
        s.lastOutcome = stats.lastOutcome
        s.pause = pause(of: ritual, now: now)
        return s
    }
}
