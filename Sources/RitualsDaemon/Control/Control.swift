import Dispatch
import Logging
import RitualsControl
import RitualsCore

/// Control: ritualctl's socket. Each request comes to the daemon as an input with the reply it is
/// owed; a command is done there, a query is answered here from a ``QueryView`` (one snapshot of
/// the state) in the query lanes, never on the daemon's queue.
final class Control: @unchecked Sendable {
    private let inputs: Inputs
    private let logger: Logger
    /// Where queries are answered, off the daemon's queue.
    private let queries = QueryLanes()
    private(set) var server: ControlServer?

    init(inputs: Inputs, logger: Logger) {
        self.inputs = inputs
        self.logger = logger
    }

    /// Serves the socket at `path`. Throws when another rituald keeps these rituals or the
    /// directory is not safe; any other problem only costs the control, and is logged.
    func start(path: String) throws(ControlServerError) {
        let inputs = self.inputs
        let server = ControlServer(
            path: path, queue: inputs.queue, handle: { request, reply in inputs.send(.control(request, reply)) },
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

    /// Answers a query from `view`, in its lane; the reply goes back on the daemon's queue.
    func answer(_ request: ControlRequest, reply: ControlReply, view: QueryView, ritual: Ritual?, now: Instant) {
        queries.answer(request, reply: reply, on: inputs.queue) { view.answer(request, ritual, now: now) }
    }
}
