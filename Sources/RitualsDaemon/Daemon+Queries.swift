import Foundation
import LinuxSystem
import RitualsControl
import RitualsCore

/// Queries: what rituald knows and plans, answered from a ``QueryView`` off the daemon's queue;
/// nothing here changes the state.
extension Daemon {
    /// The state of this moment, for one query.
    func queryView() -> QueryView {
        QueryView(
            planner: planner, state: store.state, zone: zone, configName: loaded.name,
            stateDirectory: store.directory, historyPath: store.historyPath, unwritten: store.unwritten,
            problem: store.problem, armed: armedFor, startedAt: startedAt, sharing: sharingStatus(),
            horizon: Daemon.horizon)
    }

    /// The shared folder as last seen (no file system call here: a hung mount never holds a query).
    func sharingStatus() -> SharingStatus? {
        guard let sharing else { return nil }
        let folder = sharing.folder
        return SharingStatus(
            folder: folder.directory, me: folder.me,
            heard: folder.others.map { PersonHeard(name: $0, lastAnswer: heardAnswers.lastHeard[$0]) },
            problem: sharing.problem ?? sharing.exposure)
    }

    /// The next firing of `ritual` with the live state, within the planning horizon.
    func nextFire(of ritual: Ritual, now: Int) -> PlannedEvent? {
        planner.nextFiring(of: ritual, after: now, through: now + Daemon.horizon, state: store.state)
    }

    /// The occurrence that fired last and has no answer yet.
    func openOccurrence(of ritual: Ritual) -> Int? {
        guard let last = store.state.lastHandled[ritual.id] else { return nil }
        return store.state.isClosed(PlannerState.Key(ritual.id, last), ack: ritual.ack) ? nil : last
    }
}
