import Logging
import RitualsCore

/// Every answer enters here, wherever it comes from. This computer's person's own (a
/// notification's button, ritualctl) is recorded as given; one from outside (a line of the shared
/// folder, a reply from a phone) only when the planner's verdict says it holds: a real occurrence,
/// each kind of answer of a person to an occurrence once. An answer for an occurrence not yet
/// due here waits for it; refusals are counted and journaled, each source's at most once a
/// minute. Decides and returns the events to record; used on the daemon's queue only.
final class Answers: @unchecked Sendable {
    private let config: ConfigInUse
    private let clock: any DaemonClock
    private let inputs: Inputs
    private let logger: Logger
    private var heard = HeardAnswers()
    /// Journals refusals held back by the once-a-minute rule.
    private var refusalTimer: (any ClockTimer)?

    init(config: ConfigInUse, clock: any DaemonClock, inputs: Inputs, logger: Logger) {
        self.config = config
        self.clock = clock
        self.inputs = inputs
        self.logger = logger
    }

    /// When each other person was last heard (by the time they gave their newest answer).
    var lastHeard: [String: Instant] { heard.lastHeard }

    /// The events `answers` are recorded as: this person's own at once, the others once they
    /// hold (an answer repeated among them is recorded once).
    func take(_ answers: [GivenAnswer], state: PlannerState, now: Instant) -> [DaemonEvent] {
        inputs.checkQueue()
        var events: [DaemonEvent] = []
        var taken: Set<OccurrenceAnswer> = []
        var refusedNow: [AnswerSource: [String]] = [:]
        for a in answers {
            guard !a.source.isTrusted else {
                events.append(event(a))
                continue
            }
            switch verdict(on: a, state: state, now: now) {
            case .record:
                heard.recorded(a)
                guard taken.insert(OccurrenceAnswer(a)).inserted else { continue }
                events.append(event(a))
            case .heard: heard.recorded(a)
            case .notYet: heard.wait(a)
            case .refuse(let why): refusedNow[a.source, default: []].append(why)
            case .ignore: break
            }
        }
        for (source, reasons) in refusedNow.sorted(by: { $0.key.description < $1.key.description }) {
            if case .channel(let name) = source {
                // A phone gives a few answers, not a flood: said at once.
                logger.warning("\(reasons.count) answer(s) through \(name) refused; the first: \(reasons[0])")
            } else {
                heard.refuse(
                    source.file ?? source.description, HeardAnswers.Refusals(count: reasons.count, first: reasons[0]))
            }
        }
        return events
    }

    /// Occurrences the others' computers fired by hand: noted (answers to them count at once);
    /// returned are those to fire here too, with their ritual. Firings that cannot be are refused
    /// as lines of their file are.
    func heard(_ firings: [HandFiring], state: PlannerState, now: Instant) -> [(Ritual, HandFiring)] {
        inputs.checkQueue()
        var here: [(Ritual, HandFiring)] = []
        for f in firings {
            switch config.planner.verdict(on: f, state: state, now: now) {
            case .fireHere:
                heard.fired(f)
                guard !here.contains(where: { $0.1.occurrence == f.occurrence }),
                    let ritual = config.ritual(f.occurrence.ritual)
                else { continue }
                here.append((ritual, f))
            case .noted: heard.fired(f)
            case .refuse(let why): heard.refuse(f.file, HeardAnswers.Refusals(count: 1, first: why))
            case .ignore: break
            }
        }
        return here
    }

    /// Answers that waited for their occurrence, looked at again (whenever the timer goes off).
    func takeWaiting(state: PlannerState, now: Instant) -> [DaemonEvent] {
        guard !heard.waiting.isEmpty else { return [] }
        return take(heard.takeWaiting(), state: state, now: now)
    }

    /// Lines of the shared folder refused (by file) and files that cannot be read.
    func trouble(refused: [String: HeardAnswers.Refusals], problems: [String]) {
        for problem in problems { logger.warning("\(problem)") }
        for (file, refusals) in refused { heard.refuse(file, refusals) }
    }

    /// Journals the refused lines gathered since they were last told, each file's at most once a
    /// minute; what must wait is told by a timer then.
    func tellRefusals() {
        let (tell, next) = heard.refusalsToTell(now: clock.now())
        for (file, refusals) in tell {
            logger.warning("\(refusals.count) line(s) of \(file) refused; the first: \(refusals.first)")
        }
        refusalTimer?.cancel()
        refusalTimer = nil
        guard let next else { return }
        let inputs = self.inputs
        refusalTimer = clock.timer(at: next, queue: inputs.queue) { inputs.send(.refusalsDue) }
    }

    /// The planner's verdict, and for an answer passed on through another person's file: one by
    /// a person of `people`; this person's own (given on their phone, heard by the partner's
    /// rituald) counts once, unless this computer has an answer of theirs already. An answer
    /// through a channel answers a post (its reading checked it against the post's time): the
    /// occurrence is out since then; one in the folder, since the other computer fired it by hand.
    private func verdict(on a: GivenAnswer, state: PlannerState, now: Instant) -> Planner.AnswerVerdict {
        let outSince: Instant?
        switch a.source {
        case .channel, .passedOn: outSince = a.at
        case .folder, .button, .ritualctl: outSince = heard.firedThere[a.occurrence]
        }
        let verdict = config.planner.verdict(on: a, state: state, now: now, outSince: outSince)
        guard case .passedOn = a.source else { return verdict }
        if let name = a.by.other, !config.settings.others.contains(name) {
            return .refuse("an answer by \(name.debugDescription), who is not one of people, passed on")
        }
        guard a.by == .me, verdict == .record else { return verdict }
        let key = a.occurrence
        if state.outcomes[key] != nil || (a.answer.kind == .snoozed && state.snoozedUntil[key] == a.answer.until) {
            return .heard
        }
        return .record
    }

    /// The event an answer is recorded and journaled as.
    func event(_ a: GivenAnswer) -> DaemonEvent {
        let title = config.title(of: a.occurrence.ritual)
        let zone = config.zone
        let when = a.occurrence.scheduled.systemd(in: zone)
        if a.source.isTrusted {
            switch a.answer {
            case .done: return DaemonEvent(a, title: title, message: "\(title): done.")
            case .skipped:
                return DaemonEvent(a, title: title, message: "\(title): the occurrence of \(when) is skipped.")
            case .snoozed(let until):
                return DaemonEvent(a, title: title, message: "\(title): snoozed until \(until.systemd(in: zone)).")
            }
        }
        let who = a.by.name(me: config.settings.me) ?? "you"
        let what =
            a.answer.until.map { "snoozed by \(who) until \($0.systemd(in: zone))" }
            ?? "\(a.answer.kind.name) by \(who)"
        var message = "\(title) (\(when)): \(what)."
        if case .passedOn(let via, _) = a.source {
            message = "\(title) (\(when)): \(what) (through \(via), passed on in the shared folder)."
        }
        return DaemonEvent(a, title: title, message: message)
    }
}

/// One person's answer of one kind to one occurrence: recorded once.
private struct OccurrenceAnswer: Hashable {
    let occurrence: OccurrenceID
    let by: Person
    let kind: EventKind

    init(_ a: GivenAnswer) {
        occurrence = a.occurrence
        by = a.by
        kind = a.answer.kind
    }
}

extension AnswerSource {
    /// The file it was read from, for an answer of the shared folder.
    var file: String? {
        switch self {
        case .folder(let file), .passedOn(_, let file): return file
        case .button, .ritualctl, .channel: return nil
        }
    }
}
