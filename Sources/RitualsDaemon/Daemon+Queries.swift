import RitualsControl
import RitualsCore
import Systemd

/// Queries: what rituald knows and plans; nothing here changes the state.
extension Daemon {
    func status(now: Int) -> ControlResponse {
        var s = DaemonStatus(
            pid: ThisProcess.pid, startedAt: startedAt, now: now, config: loaded.name,
            stateDirectory: store.directory, timezone: zone.name, rituals: config.rituals.filter(\.enabled).count)
        s.pause = store.state.pause.flatMap { $0.holds(at: now) ? $0 : nil }
        s.next = planner.soonest(after: now, through: now + Daemon.horizon, state: store.state, limit: 1).first
            .map(agendaEvent)
        s.armed = armedFor
        s.problem = store.problem
        if let shared {
            if !shared.isPresent { _ = shared.readOthers() }
            s.sharing = SharingStatus(
                folder: shared.directory, me: shared.me,
                heard: shared.others.map { PersonHeard(name: $0, lastAnswer: shared.lastHeard[$0]) },
                problem: shared.problem)
        }
        var r = ControlResponse()
        r.status = s
        return r
    }

    func list(now: Int) -> ControlResponse {
        let records = store.records()
        var r = ControlResponse()
        r.rituals = config.rituals.map { summary(of: $0, now: now, records: records) }
        return r
    }

    func agendaEvent(_ e: PlannedEvent) -> AgendaEvent {
        AgendaEvent(
            at: e.at, ritual: e.ritualID, title: e.title, kind: e.kind, occurrence: e.occurrence, prompt: e.prompt)
    }

    func agenda(_ request: ControlRequest, now: Int) -> ControlResponse {
        if let days = request.days, let why = ControlLimits.refusal("--days", days, ControlLimits.agendaDays) {
            return .refused(why)
        }
        if let count = request.count, let why = ControlLimits.refusal("--count", count, ControlLimits.agendaCount) {
            return .refused(why)
        }
        let days =
            request.days
            ?? (request.count == nil ? ControlLimits.defaultAgendaDays : ControlLimits.agendaDays.upperBound)
        var r = ControlResponse()
        r.events = planner.events(
            after: now, through: now + days * 86_400_000_000, state: store.state,
            limit: request.count ?? ControlLimits.agendaCount.upperBound
        ).map(agendaEvent)
        return r
    }

    /// The next firing of `ritual` with the live state, within the planning horizon.
    func nextFire(of ritual: Ritual, now: Int) -> PlannedEvent? {
        var only = config
        only.rituals = [ritual]
        return Planner(config: only, zone: zone).events(
            after: now, through: now + Daemon.horizon, state: store.state, limit: 64
        ).first { $0.kind == .fired }
    }

    /// The pause holding `ritual` back at `now`: its own or that of every ritual, whichever lasts.
    func pause(of ritual: Ritual, now: Int) -> Pause? {
        let holding = [store.state.pause, store.state.ritualPauses[ritual.id]].compactMap { $0 }
            .filter { $0.holds(at: now) }
        guard !holding.isEmpty else { return nil }
        return holding.contains { $0.until == nil }
            ? Pause(until: nil) : holding.max { ($0.until ?? 0) < ($1.until ?? 0) }
    }

    /// One ritual for `list` and `show`; `records` is the history, read once per request.
    func summary(of ritual: Ritual, now: Int, records: [HistoryRecord]) -> RitualSummary {
        let stats = RitualStats(
            ritual: ritual.id, records: records, needs: ritual.ack == .both ? config.settings.others : [])
        var s = RitualSummary(
            id: ritual.id, title: planner.title(of: ritual), schedule: ritual.schedule, enabled: ritual.enabled,
            streak: stats.streaks.current)
        s.next = ritual.enabled ? nextFire(of: ritual, now: now)?.at : nil
        s.lastOutcome = stats.lastOutcome
        s.pause = pause(of: ritual, now: now)
        return s
    }

    func show(_ ritual: Ritual, now: Int) -> ControlResponse {
        let times = planner.occurrences(of: ritual, after: now, through: now + Daemon.horizon, limit: 5).prefix(5)
            .map(\.at)
        let records = store.records()
        let history = records.filter { $0.ritual == ritual.id }.suffix(10).map {
            HistoryLine(at: $0.at, occurrence: $0.occurrence, event: $0.event)
        }
        var r = ControlResponse()
        r.detail = RitualDetail(
            summary: summary(of: ritual, now: now, records: records), practice: ritual.practice?.rawValue,
            prompts: ritual.prompts.count, nextTimes: Array(times), history: Array(history))
        r.detail?.settings = settings(of: ritual)
        return r
    }

    /// A ritual's other settings, named and written as in the config.
    func settings(of ritual: Ritual) -> [String: String] {
        var settings: [String: String] = [
            "quiet_hours": ritual.quietHours.rawValue, "enabled": String(ritual.enabled),
            "catch_up": TimeSpan.format(ritual.catchUp ?? config.settings.catchUp),
        ]
        let span = { (usec: Int) in TimeSpan.format(usec) }
        settings["duration"] = ritual.duration.map(span)
        settings["heads_up"] = ritual.headsUp.map(span)
        settings["remind_again"] = ritual.remindAgain.map(span)
        settings["remind_again_limit"] = ritual.remindAgain.map { _ in
            String(ritual.remindAgainLimit ?? Planner.defaultRemindAgainLimit)
        }
        settings["window"] = ritual.window?.description
        settings["from"] = ritual.from.map { Timestamp.date(days: $0) }
        settings["until"] = ritual.until.map { Timestamp.date(days: $0) }
        settings["skip"] =
            ritual.skip.isEmpty ? nil : ritual.skip.map { Timestamp.date(days: $0) }.joined(separator: ", ")
        settings["channels"] = config.channels(of: ritual).map(channelSummary).joined(separator: ", ")
        if !config.settings.others.isEmpty || ritual.ack == .both { settings["ack"] = ritual.ack.rawValue }
        return settings
    }

    /// A channel as `show` lists it, without its URLs or arguments: "phone (apprise: fired, done;
    /// after 30min)".
    func channelSummary(_ name: String) -> String {
        guard let c = config.channels[name] else { return name }
        let after = c.after.map { "; after \(TimeSpan.format($0))" } ?? ""
        return "\(name) (\(c.kind.name): \(c.events.map(\.name).joined(separator: ", "))\(after))"
    }

    /// The occurrence that fired last and has no answer yet.
    func openOccurrence(of ritual: Ritual) -> Int? {
        guard let last = store.state.lastHandled[ritual.id] else { return nil }
        return store.state.isClosed(PlannerState.Key(ritual.id, last), ack: ritual.ack) ? nil : last
    }
}
