import Foundation
import RitualsConfig
import RitualsCore
import Systemd

/// Two computers, one couple: this person's answers go to their file in the shared folder, the
/// others' answers come from theirs. An occurrence is the same on every computer when the ritual
/// id and the scheduled time match.
extension Daemon {
    /// Starts following the shared folder the config names, or stops when it names none (at
    /// start and at every reload); reads what the others answered meanwhile.
    func startSharing() {
        let s = config.settings
        guard let directory = s.sharedDirectory, let me = s.me else {
            shared = nil
            return
        }
        if let shared, shared.directory == directory, shared.me == me, shared.others == s.others {
            hearFromShared()
            return
        }
        let folder = SharedFolder(directory: directory, me: me, others: s.others)
        shared = folder
        if let problem = folder.follow(
            queue: queue,
            { [weak self, weak folder] events in
                guard let self, let folder, self.shared === folder else { return }
                self.sharedFolderChanged(events)
            })
        {
            logger.warning("\(problem)")
        }
        if let problem = UserDirectories.sharedFolderProblem(directory) { logger.warning("\(problem)") }
        completeOwnFile()
        hearFromShared()
    }

    func sharedFolderChanged(_ events: FolderWatch.Events) {
        guard let shared else { return }
        let own = SharedAnswer.fileName(of: shared.me)
        if events.reaim || (events.names.contains { $0 == own } && shared.ownFileChanged()) {
            completeOwnFile()
        }
        if events.reaim || events.names.contains(where: { shared.person(named: $0) != nil && $0 != own }) {
            hearFromShared()
        }
    }

    /// Hands this person's new answers among `records` to the shared folder.
    func share(_ records: [HistoryRecord]) {
        guard let shared else { return }
        let answers = records.compactMap { SharedAnswer($0, me: shared.me) }
        if !answers.isEmpty { shared.publish(answers) }
    }

    /// Writes to the own file what the history holds and the file does not (the folder was
    /// missing, the file was replaced or removed, or sharing has just been set up).
    func completeOwnFile() {
        guard let shared, let inFile = shared.countOwn() else { return }
        let missing = store.state.ownAnswers - inFile
        guard missing > 0 else {
            shared.publish([])
            return
        }
        // The last `missing` answers of this person, from the history.
        var last: [SharedAnswer] = []
        store.forEachRecord { r in
            guard let a = SharedAnswer(r, me: shared.me) else { return }
            last.append(a)
            if last.count > 2 * missing { last.removeFirst(last.count - missing) }
        }
        shared.replaceUnwritten(with: Array(last.suffix(missing)))
        logger.info("\(missing) answer(s) written to \(shared.directory) that were not there")
    }

    /// Records what the other people answered since the last look, each once, as theirs.
    func hearFromShared() {
        guard let shared else { return }
        let oldest = Daemon.now() - StateSnapshot.keep
        var events: [DaemonEvent] = []
        var state = store.state
        for a in shared.readOthers() {
            let key = PlannerState.Key(a.ritual, a.occurrence)
            guard let ritual = ritual(a.ritual), a.occurrence >= oldest, !state.hasHeard(key, by: a.by, at: a.at)
            else { continue }
            a.record.apply(to: &state)
            let title = planner.title(of: ritual)
            let when = Timestamp.systemd(a.occurrence, in: zone)
            let what =
                a.event == .snoozed
                ? "snoozed by \(a.by) until \(Timestamp.systemd(a.until ?? a.at, in: zone))"
                : "\(a.event.name) by \(a.by)"
            var event = DaemonEvent(
                a.event, ritual: ritual.id, title: title, occurrence: a.occurrence, until: a.until,
                message: "\(title) (\(when)): \(what).")
            event.by = a.by
            event.answeredAt = a.at
            events.append(event)
        }
        let refused = shared.takeRefused()
        for (person, count) in refused.lines {
            logger.warning("\(count) line(s) of \(person)'s file in \(shared.directory) are not answers; ignored")
        }
        for problem in refused.files { logger.warning("\(problem)") }
        guard !events.isEmpty else { return }
        record(events)
        rearm()
    }

    /// What another person's answer changes here: when it leaves nothing for this person to do,
    /// the notification of that occurrence is withdrawn and escalations end; when it is one of
    /// the confirmations a ritual needs, the open notification says so.
    func heard(_ event: DaemonEvent, _ ritual: Ritual) {
        guard let occurrence = event.occurrence else { return }
        if !isOpen(ritual.id, occurrence) {
            if store.state.lastHandled[ritual.id] == occurrence {
                dispatcher.cancelEscalations(prefix: ritual.id + "\t")
            }
            if notifier.withdraw(ritual.id, occurrence: occurrence) {
                logger.info("\(event.title ?? ritual.id): notification withdrawn, \(event.by ?? "someone") answered")
            }
        } else if event.kind == .done, notifier.isShowing(ritual.id, occurrence: occurrence) {
            var again = DaemonEvent(
                .fired, ritual: ritual.id, title: event.title, occurrence: occurrence,
                prompt: planner.prompt(of: ritual, scheduled: occurrence), message: "")
            again.turn = turn(of: ritual, occurrence)
            showOnDesktop(again, ritual)
        }
    }

    /// "Sam is done — your turn" while others confirmed an occurrence this person has not.
    func turn(of ritual: Ritual, _ occurrence: Int) -> String? {
        guard ritual.ack == .both else { return nil }
        let done = store.state.confirmed(PlannerState.Key(ritual.id, occurrence))
        guard !done.isEmpty else { return nil }
        let names = RitualsConfiguration.Settings.spoken(done)
        return "\(names) \(done.count == 1 ? "is" : "are") done — your turn"
    }
}
