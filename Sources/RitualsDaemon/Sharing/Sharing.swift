import Logging
import RitualsConfig
import RitualsControl
import RitualsCore

/// Sharing: two computers, one couple. This person's answers go to their file in the shared
/// folder with the occurrences fired here by hand, and answers another person gave through a
/// channel of this config (a partner's phone) are passed on there; the others' files are followed (``SharingWorker``), and what they hold
/// comes back as inputs to be checked (``Answers``). An occurrence is the same on every computer
/// when the ritual id and the scheduled time match. Used on the daemon's queue only.
final class Sharing: @unchecked Sendable {
    private let config: ConfigInUse
    private let inputs: Inputs
    private let logger: Logger
    /// The folder, when `shared_dir` is set.
    private(set) var worker: SharingWorker?
    /// The others' notifications held on their computers, the latest of each person's ritual.
    private var othersHeld: [String: HeldElsewhere] = [:]

    init(config: ConfigInUse, inputs: Inputs, logger: Logger) {
        self.config = config
        self.inputs = inputs
        self.logger = logger
    }

    /// Starts following the shared folder the config names, or stops when it names none (at
    /// start and at every reload); reads what the others answered meanwhile.
    func start(store: StateStore) {
        let s = config.settings
        guard let directory = s.sharedDirectory, let me = s.me else { return stop() }
        if let worker, worker.folder.directory == directory, worker.folder.me == me, worker.folder.others == s.others {
            return worker.requestRead()
        }
        worker?.stop()
        let worker = SharingWorker(
            folder: SharedFolder(directory: directory, me: me, others: s.others), inputs: inputs,
            historyPath: store.historyPath, ownTotal: store.state.ownAnswers, logger: logger)
        self.worker = worker
        worker.start()
    }

    func stop() {
        worker?.stop()
        worker = nil
    }

    /// Writes the answers among what was just recorded that belong in this person's file: their
    /// own, and another person's given through a channel of this config (passed on, `via`).
    /// A notification held here is said too (without its text), for the others' `status`.
    func share(_ events: [DaemonEvent], state: PlannerState, now: Instant) {
        inputs.checkQueue()
        guard let worker else { return }
        let me = worker.folder.me
        let lines = events.compactMap { e -> FolderLine? in
            if e.kind == .held, let id = e.id, let reason = e.reason.flatMap(HoldReason.init) {
                return FolderLine(holding: id, reason: reason, at: now, me: me)
            }
            guard let given = e.answer else { return nil }
            let line = FolderLine(given, me: me)
            if given.by == .me { return line }
            return given.source.channel != nil && line.isPassedOn(by: me) ? line : nil
        }
        if !lines.isEmpty { worker.publish(lines, ownTotal: state.ownAnswers) }
    }

    /// Tells the others' computers that `occurrence` was fired by hand here at `at`: answers to
    /// it count there at once, and they fire it too.
    func firedByHand(_ occurrence: OccurrenceID, at: Instant, state: PlannerState) {
        inputs.checkQueue()
        guard let worker else { return }
        worker.publish([FolderLine(firing: occurrence, at: at, me: worker.folder.me)], ownTotal: state.ownAnswers)
    }

    /// Writes this person's note lines (seals, and texts once they may be read).
    func publish(_ lines: [FolderLine], state: PlannerState) {
        inputs.checkQueue()
        guard let worker, !lines.isEmpty else { return }
        worker.publish(lines, ownTotal: state.ownAnswers)
    }

    /// Tells the others that the notifications of `occurrences` are held here no more.
    func released(_ occurrences: [OccurrenceID], now: Instant, state: PlannerState) {
        inputs.checkQueue()
        guard let worker, !occurrences.isEmpty else { return }
        let me = worker.folder.me
        worker.publish(
            occurrences.map { FolderLine(holding: $0, reason: nil, at: now, me: me) }, ownTotal: state.ownAnswers)
    }

    /// Takes what the others' files say of their holds, in their order: a hold replaces the
    /// person's earlier one of that ritual; its end removes it (only its own occurrence's). Holds
    /// of rituals this config does not have are passed over: a file cannot make the list grow.
    func heard(_ holds: [HeldElsewhere]) {
        inputs.checkQueue()
        for hold in holds where config.ritual(hold.occurrence.ritual) != nil {
            let key = hold.person + "\u{0}" + hold.occurrence.ritual
            if hold.reason != nil {
                othersHeld[key] = hold
            } else if othersHeld[key]?.occurrence == hold.occurrence {
                othersHeld[key] = nil
            }
        }
    }

    /// The others' held notifications, oldest first (titled by ritual id: the view names them).
    var heldElsewhere: [HeldStatus] {
        othersHeld.values.sorted { $0.at < $1.at }.compactMap { h in
            h.reason.map {
                HeldStatus(
                    ritual: h.occurrence.ritual, title: h.occurrence.ritual, occurrence: h.occurrence.scheduled,
                    reason: $0, since: h.at, person: h.person)
            }
        }
    }

    /// The folder as last seen (no file system call here: a hung mount never holds a query).
    func status(lastHeard: [String: Instant]) -> SharingStatus? {
        guard let worker else { return nil }
        let folder = worker.folder
        return SharingStatus(
            folder: folder.directory, me: folder.me,
            heard: folder.others.map { PersonHeard(name: $0, lastAnswer: lastHeard[$0]) },
            problem: worker.problem ?? worker.exposure, held: othersHeld.isEmpty ? nil : heldElsewhere)
    }
}
