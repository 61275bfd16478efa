import Foundation
import RitualsConfig
import RitualsControl
import RitualsCore
import Systemd

/// Answers to `ritualctl`, on the daemon's queue.
extension Daemon {
    func handle(_ request: ControlRequest) -> ControlResponse {
        var response = respond(request)
        response.timezone = zone.name
        return response
    }

    /// Commands about one ritual, which need its id.
    static let aboutOne: Set<ControlRequest.Command> = [.show, .fire, .done, .snooze, .skip]

    func respond(_ request: ControlRequest) -> ControlResponse {
        let now = Daemon.now()
        var ritual: Ritual?
        if let id = request.id {
            guard let found = config.rituals.first(where: { $0.id == id }) else {
                let known = config.rituals.map(\.id).joined(separator: ", ")
                return .refused("no ritual \"\(id)\"; the rituals are: \(known)")
            }
            ritual = found
        }
        if Daemon.aboutOne.contains(request.command) {
            guard let ritual else { return .refused("\(request.command.rawValue) needs a ritual id") }
            switch request.command {
            case .show: return show(ritual, now: now)
            case .fire: return fire(ritual, now: now)
            case .skip: return skip(ritual, count: request.count ?? 1, now: now)
            default: return answer(request, ritual, now: now)
            }
        }
        switch request.command {
        case .status: return status(now: now)
        case .list:
            var r = ControlResponse()
            let records = store.records()
            r.rituals = config.rituals.map { summary(of: $0, now: now, records: records) }
            return r
        case .next: return agenda(request, now: now)
        case .pause: return pause(request, ritual, now: now)
        case .resume: return resume(ritual, now: now)
        case .reload:
            let problems = reload()
            if problems.isEmpty {
                return ControlResponse(messages: ["Reloaded \(configName): \(config.rituals.count) rituals."])
            }
            return .refused("\(configName) is invalid; the rituals already loaded keep running", messages: problems)
        case .show, .fire, .done, .snooze, .skip:
            return .refused("\(request.command.rawValue) needs a ritual id")
        }
    }

    func status(now: Int) -> ControlResponse {
        var s = DaemonStatus(
            pid: getpid(), startedAt: startedAt, now: now, config: configName, stateDirectory: store.directory,
            timezone: zone.name, rituals: config.rituals.filter(\.enabled).count)
        s.pausedUntil = store.state.pausedUntil.flatMap { $0 > now ? $0 : nil }
        s.next = planner.events(after: now, through: now + Daemon.horizon, state: store.state, limit: 1).first
            .map(agendaEvent)
        s.problem = store.problem
        var r = ControlResponse()
        r.status = s
        return r
    }

    /// Events in one agenda at most, so that a ritual every few seconds cannot stall the daemon.
    static let agendaLimit = 10_000

    func agendaEvent(_ e: PlannedEvent) -> AgendaEvent {
        AgendaEvent(
            at: e.at, ritual: e.ritualID, title: e.title, kind: e.kind.rawValue, occurrence: e.occurrence,
            prompt: e.prompt)
    }

    func agenda(_ request: ControlRequest, now: Int) -> ControlResponse {
        let days = min(max(request.days ?? (request.count == nil ? 7 : 3660), 1), 3660)
        let limit = min(max(request.count ?? Daemon.agendaLimit, 1), Daemon.agendaLimit)
        var r = ControlResponse()
        r.events = planner.events(after: now, through: now + days * 86_400_000_000, state: store.state, limit: limit)
            .map(agendaEvent)
        return r
    }

    /// The next firing of `ritual` with the live state, within the planning horizon.
    func nextFire(of ritual: Ritual, now: Int) -> PlannedEvent? {
        var only = config
        only.rituals = [ritual]
        return Planner(config: only, zone: zone).events(
            after: now, through: now + Daemon.horizon, state: store.state, limit: 64
        ).first { $0.kind == .fire }
    }

    /// One ritual for `list` and `show`; `records` is the history, read once per request.
    func summary(of ritual: Ritual, now: Int, records: [HistoryRecord]) -> RitualSummary {
        let stats = RitualStats(ritual: ritual.id, records: records)
        var s = RitualSummary(
            id: ritual.id, title: planner.title(of: ritual), schedule: ritual.schedule.normalized,
            enabled: ritual.enabled, streak: stats.streaks.current)
        s.next = ritual.enabled ? nextFire(of: ritual, now: now)?.at : nil
        s.lastOutcome = stats.lastOutcome?.rawValue
        let paused = [store.state.pausedUntil, store.state.ritualPausedUntil[ritual.id]].compactMap { $0 }
            .filter { $0 > now }
        s.pausedUntil = paused.max()
        return s
    }

    func show(_ ritual: Ritual, now: Int) -> ControlResponse {
        let times = planner.occurrences(of: ritual, after: now, through: now + Daemon.horizon, limit: 5).prefix(5)
            .map(\.at)
        let records = store.records()
        let history = records.filter { $0.ritual == ritual.id }.suffix(10).map {
            HistoryLine(at: $0.at, occurrence: $0.occurrence, event: $0.event.rawValue)
        }
        var settings: [String: String] = [
            "quiet_hours": ritual.quietHours.rawValue, "enabled": String(ritual.enabled),
            "catch_up": Daemon.span(ritual.catchUp ?? config.settings.catchUp),
        ]
        func day(_ d: Int) -> String {
            let c = Civil.date(days: d)
            return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
        }
        func hm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        settings["duration"] = ritual.duration.map(Daemon.span)
        settings["heads_up"] = ritual.headsUp.map(Daemon.span)
        settings["remind_again"] = ritual.remindAgain.map(Daemon.span)
        settings["remind_again_limit"] = ritual.remindAgain.map { _ in
            String(ritual.remindAgainLimit ?? Planner.defaultRemindAgainLimit)
        }
        settings["window"] = ritual.window.map { hm($0.start) + "-" + hm($0.end) }
        settings["from"] = ritual.from.map(day)
        settings["until"] = ritual.until.map(day)
        settings["skip"] = ritual.skip.isEmpty ? nil : ritual.skip.map(day).joined(separator: ", ")
        settings["channels"] = (ritual.channels ?? config.settings.channels).joined(separator: ", ")
        var r = ControlResponse()
        r.detail = RitualDetail(
            summary: summary(of: ritual, now: now, records: records), practice: ritual.practice?.rawValue,
            prompts: ritual.prompts.count,
            nextTimes: Array(times), history: Array(history))
        r.detail?.settings = settings
        return r
    }

    /// Fires the next occurrence now, as if it were due.
    func fire(_ ritual: Ritual, now: Int) -> ControlResponse {
        let next = nextFire(of: ritual, now: now)
        let occurrence = next?.occurrence ?? now / 1_000_000 * 1_000_000
        let prompt = next?.prompt
        deliver(
            PlannedEvent(
                kind: .fire, ritualID: ritual.id, title: planner.title(of: ritual), at: now, occurrence: occurrence,
                prompt: prompt))
        rearm()
        return ControlResponse(messages: [
            "Fired \(planner.title(of: ritual)) now, for its occurrence of \(Timestamp.systemd(occurrence, in: zone))."
        ])
    }

    /// A duration in the config's syntax: "1d 2h 30min", "90s", "0".
    static func span(_ usec: Int) -> String {
        var s = usec / 1_000_000
        guard s > 0 else { return "0" }
        var parts: [String] = []
        for (unit, size) in [("d", 86_400), ("h", 3600), ("min", 60), ("s", 1)] where s >= size {
            parts.append("\(s / size)\(unit)")
            s %= size
        }
        return parts.joined(separator: " ")
    }

    /// The occurrence that fired last and has no answer yet.
    func openOccurrence(of ritual: Ritual) -> Int? {
        guard let last = store.state.lastHandled[ritual.id] else { return nil }
        return store.state.outcomes[PlannerState.Key(ritual.id, last)] == nil ? last : nil
    }
}
