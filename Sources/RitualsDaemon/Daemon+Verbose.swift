import Foundation
import RitualsControl
import RitualsCore

/// What `--verbose` tells at start.
extension Daemon {
    /// What was loaded, where state and the socket are, the first events planned and how to try one.
    func tellPlan() {
        logger.debug("\(config.rituals.filter(\.enabled).count) rituals from \(loaded.name), times in \(zone.name)")
        logger.debug("history in \(store.directory); control socket \(server?.path ?? "none")")
        let coming = planner.soonest(after: cursor, through: cursor + Daemon.horizon, state: store.state, limit: 5)
        for e in coming {
            logger.debug("planned: \(Timestamp.systemd(e.at, in: zone))  \(e.kind.agendaName)  \(e.title)")
        }
        if let first = config.rituals.first(where: \.enabled) {
            let ctl = Daemon.ritualctl()
            let socket = options.socketPath == ControlPaths.socket() ? "" : " --socket \(options.socketPath)"
            logger.debug("to see one now: \(ctl) fire \(first.id)\(socket); to see the plan: \(ctl) next\(socket)")
        }
    }

    /// How to call ritualctl: its name when it is on PATH, else its full path next to rituald.
    static func ritualctl(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let onPath = (environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/ritualctl")
        }
        if onPath { return "ritualctl" }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        let beside = (me as NSString).deletingLastPathComponent + "/ritualctl"
        return !me.isEmpty && FileManager.default.isExecutableFile(atPath: beside) ? beside : "ritualctl"
    }
}
