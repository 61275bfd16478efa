import Dispatch
import FoundationEssentials
import Logging
import RitualsConfig
import RitualsControl
import RitualsCore

/// Sharing: two computers, one couple. This person's answers go to their file in the shared
/// folder, the others' answers come from theirs. An occurrence is the same on every computer when
/// the ritual id and the scheduled time match. What comes from the folder is untrusted: each
/// answer is checked against the schedules (``Planner/verdict(on:state:now:)``) and recorded once.
/// Follows the recorder; used on the daemon's queue only.
final class Sharing: @unchecked Sendable {
    private let queue: DispatchQueue
    private let rules: Rules
    private let recorder: Recorder
    private let logger: Logger
    /// The folder, when `shared_dir` is set.
    private(set) var worker: SharingWorker?
    /// When each other person was last heard, answers waiting for their occurrence, refusals.
    private var heardAnswers = HeardAnswers()
    /// Journals refusals held back by the once-a-minute rule.
    private var refusalTimer: DispatchSourceTimer?
    /// Told that answers were recorded (the timer is armed anew).
    var recorded: () -> Void = {}

    init(queue: DispatchQueue, rules: Rules, recorder: Recorder, logger: Logger) {
        self.queue = queue
        self.rules = rules
        self.recorder = recorder
        self.logger = logger
    }

    /// Starts following the shared folder the config names, or stops when it names none (at
    /// start and at every reload); reads what the others answered meanwhile.
    func start() {
        let s = rules.config.settings
        guard let directory = s.sharedDirectory, let me = s.me else { return stop() }
        if let worker, worker.folder.directory == directory, worker.folder.me == me, worker.folder.others == s.others {
            return worker.requestRead()
        }
        worker?.stop()
        let store = recorder.store
        let worker = SharingWorker(
            folder: SharedFolder(directory: directory, me: me, others: s.others), daemonQueue: queue,
            historyPath: store.historyPath, ownTotal: store.state.ownAnswers, logger: logger
        ) { [weak self] batch in self?.hear(batch) }
        self.worker = worker
        worker.start()
    }

    func stop() {
        worker?.stop()
        worker = nil
    }

    /// Hands this person's new answers among what was just recorded to the shared folder, and
    /// those another person gave through a channel of this config (their phone), passed on.
    func share(_ events: [DaemonEvent], now: Int) {
        guard let worker else { return }
        let me = worker.folder.me
        let answers = events.compactMap { e -> SharedAnswer? in
            guard let record = e.historyRecord(at: now) else { return nil }
            if e.by == .me { return SharedAnswer(record, me: me) }
            guard let other = e.by?.other, let channel = e.channel, PlannerState.answerKinds.contains(e.kind)
            else { return nil }
            var a = SharedAnswer(
                at: record.at, by: other, event: e.kind, occurrence: record.occurrence, ritual: record.ritual,
                until: e.kind == .snoozed ? record.until : nil)
            a.via = channel
            return a.isPassedOn(by: me) ? a : nil
        }
        if !answers.isEmpty { worker.publish(answers, ownTotal: recorder.state.ownAnswers) }
    }

    /// The folder as last seen (no file system call here: a hung mount never holds a query).
    func status() -> SharingStatus? {
        guard let worker else { return nil }
        let folder = worker.folder
        return SharingStatus(
            folder: folder.directory, me: folder.me,
            heard: folder.others.map { PersonHeard(name: $0, lastAnswer: heardAnswers.lastHeard[$0]) },
            problem: worker.problem ?? worker.exposure)
    }

    /// Takes what the folder gave: each answer checked against the schedules and the state, those
    /// that hold recorded (once), those for occurrences still to come kept until they come, the
    /// rest counted as refused.
    private func hear(_ batch: SharedFolder.Batch) {
        for problem in batch.problems { logger.warning("\(problem)") }
        for (person, refusals) in batch.refused { heardAnswers.refuse(person, refusals) }
        record(heard: batch.answers, now: WallClock.now())
        tellRefusals()
    }

    /// Answers that came back through a channel (a partner's phone): checked and recorded as
    /// the folder's are; refusals journaled at once (a phone gives a few answers, not a flood).
    func hearReplies(_ answers: [SharedAnswer], from channel: String, now: Int) {
        let refused = record(heard: answers, now: now, through: channel)
        if let first = refused.first {
            logger.warning("\(refused.count) answer(s) through \(channel) refused; the first: \(first)")
        }
    }

    /// Answers that waited for their occurrence, looked at again (whenever the timer goes off).
    func hearWaiting(now: Int) {
        guard !heardAnswers.waiting.isEmpty else { return }
        record(heard: heardAnswers.takeWaiting(), now: now)
    }

    /// Records what holds of `answers` (heard `through` a channel of this config, if so); the
    /// reasons of those refused.
    @discardableResult
    private func record(heard answers: [SharedAnswer], now: Int, through channel: String? = nil) -> [String] {
        var refusedNow: [String] = []
        var events: [DaemonEvent] = []
        // What this batch records: an answer repeated in it is recorded once.
        var taken: Set<String> = []
        let state = recorder.state
        for a in answers {
            switch verdict(on: a, state: state, now: now) {
            case .record:
                heardAnswers.recorded(a)
                guard taken.insert("\(a.ritual)\t\(a.occurrence)\t\(a.by)\t\(a.event.name)").inserted else { continue }
                var e = event(heard: a)
                e.channel = channel
                events.append(e)
            case .heard: heardAnswers.recorded(a)
            case .notYet: heardAnswers.wait(a)
            case .refuse(let why):
                heardAnswers.refuse(a.from ?? a.by, SharedFolder.Refusals(count: 1, first: why))
                refusedNow.append(why)
            case .ignore: break
            }
        }
        guard !events.isEmpty else { return refusedNow }
        recorder.record(events, now: now)
        recorded()
        return refusedNow
    }

    /// The planner's verdict, and for an answer passed on through another person's file: one by
    /// a name of `people`; this person's own (given on their phone, heard by the partner's
    /// rituald) counts once, unless this computer has an answer of theirs already.
    private func verdict(on a: SharedAnswer, state: PlannerState, now: Int) -> Planner.AnswerVerdict {
        let settings = rules.config.settings
        guard a.via != nil else { return rules.planner.verdict(on: a, state: state, now: now) }
        guard a.by == settings.me || settings.others.contains(a.by) else {
            return .refuse("an answer by \(a.by.debugDescription), who is not one of people, passed on")
        }
        let verdict = rules.planner.verdict(on: a, state: state, now: now)
        guard a.by == settings.me, verdict == .record else { return verdict }
        let key = PlannerState.Key(a.ritual, a.occurrence)
        if state.outcomes[key] != nil || (a.event == .snoozed && state.snoozedUntil[key] == a.until) { return .heard }
        return .record
    }

    /// The event an answer heard from another person is recorded and journaled as.
    private func event(heard a: SharedAnswer) -> DaemonEvent {
        let title = rules.ritual(a.ritual).map { rules.title(of: $0) } ?? a.ritual
        let zone = rules.zone
        let when = Timestamp.systemd(a.occurrence, in: zone)
        let what =
            a.event == .snoozed
            ? "snoozed by \(a.by) until \(Timestamp.systemd(a.until ?? a.at, in: zone))"
            : "\(a.event.name) by \(a.by)"
        var event = DaemonEvent(
            a.event, ritual: a.ritual, title: title, occurrence: a.occurrence, until: a.until,
            message: "\(title) (\(when)): \(what).")
        event.by = .person(a.by)
        if let via = a.via {
            event.message = "\(title) (\(when)): \(what) (through \(via), passed on in the shared folder)."
            // Their own answer, given on their phone: this computer's person's.
            if a.by == rules.config.settings.me { event.by = .me }
        }
        event.answeredAt = a.at
        return event
    }

    /// Journals the refused lines, each person's at most once a minute; what must wait is told
    /// by a timer then.
    private func tellRefusals() {
        guard let worker else { return }
        let (tell, next) = heardAnswers.refusalsToTell(now: WallClock.now())
        for (person, refusals) in tell {
            let file = worker.folder.path(of: person) ?? person
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
}
