import Foundation
import LinuxSystem
import RitualsConfig
import RitualsCore

/// Two computers, one couple: this person's answers go to their file in the shared folder, the
/// others' answers come from theirs. An occurrence is the same on every computer when the ritual
/// id and the scheduled time match. What comes from the folder is untrusted: each answer is
/// checked against the schedules (``Planner/verdict(on:state:now:)``) and recorded once.
extension Daemon {
    /// Starts following the shared folder the config names, or stops when it names none (at
    /// start and at every reload); reads what the others answered meanwhile.
    func startSharing() {
        let s = config.settings
        guard let directory = s.sharedDirectory, let me = s.me else {
            sharing?.stop()
            sharing = nil
            return
        }
        if let sharing, sharing.folder.directory == directory, sharing.folder.me == me,
            sharing.folder.others == s.others
        {
            return sharing.requestRead()
        }
        sharing?.stop()
        let worker = SharingWorker(
            folder: SharedFolder(directory: directory, me: me, others: s.others), daemonQueue: queue,
            historyPath: store.historyPath, ownTotal: store.state.ownAnswers, logger: logger
        ) { [weak self] batch in self?.hear(batch) }
        sharing = worker
        worker.start()
    }

    /// Hands this person's new answers among `records` to the shared folder.
    func share(_ records: [HistoryRecord]) {
        guard let sharing else { return }
        let answers = records.compactMap { SharedAnswer($0, me: sharing.folder.me) }
        if !answers.isEmpty { sharing.publish(answers, ownTotal: store.state.ownAnswers) }
    }

    /// Takes what the folder gave: each answer checked against the schedules and the state, those
    /// that hold recorded (once), those for occurrences still to come kept until they come, the
    /// rest counted as refused.
    func hear(_ batch: SharedFolder.Batch) {
        for problem in batch.problems { logger.warning("\(problem)") }
        for (person, refusals) in batch.refused { heardAnswers.refuse(person, refusals) }
        record(heard: batch.answers, now: Daemon.now())
        tellRefusals()
    }

    /// Answers that waited for their occurrence, looked at again (at each firing).
    func hearWaiting(now: Int) {
        guard !heardAnswers.waiting.isEmpty else { return }
        record(heard: heardAnswers.takeWaiting(), now: now)
    }

    private func record(heard answers: [SharedAnswer], now: Int) {
        var events: [DaemonEvent] = []
        var state = store.state
        for a in answers {
            switch planner.verdict(on: a, state: state, now: now) {
            case .record:
                a.record.apply(to: &state)
                heardAnswers.recorded(a)
                events.append(event(heard: a))
            case .heard: heardAnswers.recorded(a)
            case .notYet: heardAnswers.wait(a)
            case .refuse(let why): heardAnswers.refuse(a.by, SharedFolder.Refusals(count: 1, first: why))
            case .ignore: break
            }
        }
        guard !events.isEmpty else { return }
        record(events)
        rearm()
    }

    /// The event an answer heard from another person is recorded and journaled as.
    private func event(heard a: SharedAnswer) -> DaemonEvent {
        let title = ritual(a.ritual).map { planner.title(of: $0) } ?? a.ritual
        let when = Timestamp.systemd(a.occurrence, in: zone)
        let what =
            a.event == .snoozed
            ? "snoozed by \(a.by) until \(Timestamp.systemd(a.until ?? a.at, in: zone))"
            : "\(a.event.name) by \(a.by)"
        var event = DaemonEvent(
            a.event, ritual: a.ritual, title: title, occurrence: a.occurrence, until: a.until,
            message: "\(title) (\(when)): \(what).")
        event.by = a.by
        event.answeredAt = a.at
        return event
    }

    /// Journals the refused lines, each person's at most once a minute; what must wait is told
    /// by a timer then.
    func tellRefusals() {
        guard let sharing else { return }
        let (tell, next) = heardAnswers.refusalsToTell(now: Daemon.now())
        for (person, refusals) in tell {
            let file = sharing.folder.path(of: person) ?? person
            logger.warning("\(refusals.count) line(s) of \(file) refused; the first: \(refusals.first)")
        }
        refusalTimer?.cancel()
        refusalTimer = nil
        guard let next else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(wallDeadline: DispatchWallTime(microsecondsSinceEpoch: next), leeway: .seconds(1))
        timer.setEventHandler { [weak self] in self?.tellRefusals() }
        timer.resume()
        refusalTimer = timer
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
