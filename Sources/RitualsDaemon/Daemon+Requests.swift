import RitualsConfig
import RitualsControl
import RitualsCore

/// Requests from `ritualctl`, on the daemon's queue: each is a query (Daemon+Queries, reads only)
/// or a command (Daemon+Commands, records what it does).
extension Daemon {
    func handle(_ request: ControlRequest) -> ControlResponse {
        var response = respond(request, now: Daemon.now())
        response.timezone = zone.name
        return response
    }

    private func respond(_ request: ControlRequest, now: Int) -> ControlResponse {
        var named: Ritual?
        if let id = request.id {
            guard let found = ritual(id) else {
                let known = config.rituals.map(\.id).joined(separator: ", ")
                return .refused("no ritual \"\(id)\"; the rituals are: \(known)")
            }
            named = found
        }
        func one(_ answer: (Ritual) -> ControlResponse) -> ControlResponse {
            guard let named else { return .refused("\(request.command.rawValue) needs a ritual id") }
            return answer(named)
        }
        switch request.command {
        case .status: return status(now: now)
        case .list: return list(now: now)
        case .next: return agenda(request, now: now)
        case .show: return one { show($0, now: now) }
        case .fire: return one { fire($0, now: now) }
        case .done, .snooze: return one { answer(request, $0, now: now) }
        case .skip: return one { skip($0, count: request.count ?? 1, now: now) }
        case .pause: return pause(request, named, now: now)
        case .resume: return resume(named, now: now)
        case .reload:
            let problems = reload()
            if problems.isEmpty {
                return ControlResponse(messages: ["Reloaded \(loaded.name): \(config.rituals.count) rituals."])
            }
            return .refused(
                "\(loaded.name) cannot be used; the rituals already loaded keep running", messages: problems)
        }
    }
}
