import Foundation
import RitualsConfig
import RitualsControl
import RitualsCore

/// Requests from `ritualctl`, taken on the daemon's queue: a command (Daemon+Commands) is done
/// there and answered at once; a query is answered from a ``QueryView`` on the queries' queue,
/// and its answer handed back on the daemon's queue.
extension Daemon {
    func handle(_ request: ControlRequest, reply: @escaping (ControlResponse) -> Void) {
        let now = Daemon.now()
        var named: Ritual?
        if let id = request.id {
            guard let found = ritual(id) else {
                let known = config.rituals.map(\.id).joined(separator: ", ")
                return reply(.refused("no ritual \"\(id)\"; the rituals are: \(known)"))
            }
            named = found
        }
        let zoneName = zone.name
        switch request.command {
        case .status, .list, .next, .show:
            let view = queryView()
            let queue = self.queue
            let done = Reply(reply)
            let ritual = named
            queries.async {
                var response = view.answer(request, ritual, now: now)
                response.timezone = zoneName
                let answer = response
                queue.async { done.send(answer) }
            }
        default:
            var response = command(request, named, now: now)
            response.timezone = zoneName
            // Answered only once recorded; when the disk refuses, the answer says so.
            if response.ok, request.command != .reload, let problem = store.problem {
                response.messages = (response.messages ?? []) + ["Not yet saved: \(problem)."]
            }
            reply(response)
        }
    }

    private func command(_ request: ControlRequest, _ named: Ritual?, now: Int) -> ControlResponse {
        func one(_ answer: (Ritual) -> ControlResponse) -> ControlResponse {
            guard let named else { return .refused("\(request.command.rawValue) needs a ritual id") }
            return answer(named)
        }
        switch request.command {
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
        case .status, .list, .next, .show: return .refused("\(request.command.rawValue) is a query")
        }
    }
}

/// A reply handed from the queries' queue back to the daemon's, where it is called.
private struct Reply: @unchecked Sendable {
    let send: (ControlResponse) -> Void
    init(_ send: @escaping (ControlResponse) -> Void) { self.send = send }
}
