import Dispatch
import FoundationEssentials
import Logging
import RitualsConfig
import RitualsControl
import RitualsCore

/// Control: the requests of `ritualctl` over the control socket. A command is done on the
/// daemon's queue through ``Commands`` and answered at once; a query is answered from a
/// ``QueryView`` (one snapshot of the state) on the queries' queue, never the timer's. Control asks
/// the other parts; it never reaches inside them.
final class Control: @unchecked Sendable {
    private let queue: DispatchQueue
    /// Where queries are answered, off the daemon's queue.
    private let queries = QueryLanes()
    private let rules: Rules
    private let recorder: Recorder
    private let scheduler: Scheduler
    private let sharing: Sharing
    private let replies: Replies
    private let commands: Commands
    private let logger: Logger
    private let startedAt = WallClock.now()
    private(set) var server: ControlServer?
    /// Reads the config anew; the problems found, none when the new one is in use.
    var reload: () -> [String] = { [] }

    init(
        queue: DispatchQueue, rules: Rules, recorder: Recorder, scheduler: Scheduler, sharing: Sharing,
        replies: Replies,
        commands: Commands, logger: Logger
    ) {
        self.queue = queue
        self.rules = rules
        self.recorder = recorder
        self.scheduler = scheduler
        self.sharing = sharing
        self.replies = replies
        self.commands = commands
        self.logger = logger
    }

    /// Serves the socket at `path`. Throws when another rituald keeps these rituals or the
    /// directory is not safe; any other problem only costs the control, and is logged.
    func start(path: String) throws(ControlServer.Failure) {
        let server = ControlServer(
            path: path, queue: queue, handle: { [unowned self] in handle($0, reply: $1) },
            refused: { [logger] uid, pid, count in
                let what = count == 1 ? "a control connection" : "\(count) control connections, the last"
                logger.warning("Refused \(what) from uid \(uid) (pid \(pid)): not this user.")
            })
        do {
            try server.start()
            self.server = server
        } catch {
            switch error {
            case .alreadyRunning, .unsafe: throw error
            case .cannot: break
            }
            logger.error("no control socket, ritualctl cannot reach this rituald: \(error)")
        }
    }

    func stop() { server?.stop() }

    func handle(_ request: ControlRequest, reply: ControlReply) {
        let now = WallClock.now()
        var named: Ritual?
        if let id = request.id {
            guard let found = rules.ritual(id) else {
                let known = rules.config.rituals.map(\.id).joined(separator: ", ")
                return reply.send(.refused("no ritual \"\(id)\"; the rituals are: \(known)"))
            }
            named = found
        }
        let zoneName = rules.zone.name
        switch request.command {
        case .status, .list, .next, .show:
            let view = queryView()
            let ritual = named
            queries.answer(request, reply: reply, on: queue) {
                var response = view.answer(request, ritual, now: now)
                response.timezone = zoneName
                return response
            }
        default:
            var response = command(request, named, now: now)
            response.timezone = zoneName
            // Answered only once recorded; when the disk refuses, the answer says so.
            if response.ok, request.command != .reload, let problem = recorder.store.problem {
                response.messages = (response.messages ?? []) + ["Not yet saved: \(problem)."]
            }
            reply.send(response)
        }
    }

    private func command(_ request: ControlRequest, _ named: Ritual?, now: Int) -> ControlResponse {
        func one(_ answer: (Ritual) -> ControlResponse) -> ControlResponse {
            guard let named else { return .refused("\(request.command.rawValue) needs a ritual id") }
            return answer(named)
        }
        switch request.command {
        case .fire: return one { commands.fire($0, now: now) }
        case .done: return one { commands.done($0, now: now) }
        case .snooze: return one { commands.snooze($0, duration: request.duration, now: now) }
        case .skip: return one { commands.skip($0, count: request.count ?? 1, now: now) }
        case .pause: return commands.pause(request, named, now: now)
        case .resume: return commands.resume(named, now: now)
        case .reload:
            let problems = reload()
            if problems.isEmpty {
                return ControlResponse(messages: ["Reloaded \(rules.name): \(rules.config.rituals.count) rituals."])
            }
            return .refused("\(rules.name) cannot be used; the rituals already loaded keep running", messages: problems)
        case .status, .list, .next, .show: return .refused("\(request.command.rawValue) is a query")
        }
    }

    /// The state of this moment, for one query.
    private func queryView() -> QueryView {
        let store = recorder.store
        return QueryView(
            planner: rules.planner, state: store.state, zone: rules.zone, configName: rules.name,
            stateDirectory: store.directory, historyPath: store.historyPath, unwritten: store.unwritten,
            problem: store.problem, armed: scheduler.armedFor, startedAt: startedAt, sharing: sharing.status(),
            answerChannels: replies.status(), horizon: Scheduler.horizon)
    }
}
