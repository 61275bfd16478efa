import RitualsConfig
import RitualsControl
import RitualsCore

/// What a person asks of rituald through ritualctl: fire, done, snooze, skip, pause and resume.
/// Each decides and returns its answer and what to record; an answer of this computer's person
/// goes the way every answer goes (``Answers``). Used on the daemon's queue only.
struct Commands {
    let config: ConfigInUse
    let scheduler: Scheduler

    /// What a command came to: the reply, the answers and the other events to record, and whether
    /// what is due must be settled before them (a resume records first what its pause held).
    struct Outcome {
        var response: ControlResponse
        var answers: [GivenAnswer] = []
        var events: [DaemonEvent] = []
        var settleFirst = false
        /// The occurrence fired by hand: the others' computers are told.
        var firedByHand: OccurrenceID?

        static func refused(_ why: String) -> Outcome { Outcome(response: .refused(why)) }
    }

    var zone: Zone { config.zone }

    /// Fires now, as if it were due, the occurrence already out ahead of its time and still open
    /// (fired by hand here or on the other computer: both said "let's do it now"), else the next
    /// one. A real occurrence fired so is told to the others' computers.
    func fire(_ ritual: Ritual, now: Instant, state: PlannerState) -> Outcome {
        let planner = config.planner
        var occurrence: Instant?
        var prompt: String?
        if let open = openOccurrence(of: ritual, state: state),
            let fires = planner.firing(of: ritual, scheduled: open), fires > now
        {
            occurrence = open
            prompt = planner.prompt(of: ritual, scheduled: open)
        } else if let next = scheduler.nextFire(of: ritual, now: now, state: state) {
            occurrence = next.occurrence
            prompt = next.prompt
        }
        let scheduled = occurrence ?? now.truncatedToSecond
        let planned = PlannedEvent(
            kind: .fired, ritualID: ritual.id, title: config.title(of: ritual), at: now, occurrence: scheduled,
            prompt: prompt)
        let said = "Fired \(config.title(of: ritual)) now, for its occurrence of \(scheduled.systemd(in: zone))."
        var outcome = Outcome(
            response: ControlResponse(messages: [said]),
            events: scheduler.delivery(planned, state: state).map { [$0] } ?? [])
        if !outcome.events.isEmpty, let occurrence { outcome.firedByHand = OccurrenceID(ritual.id, occurrence) }
        return outcome
    }

    /// Fires here what another person's computer fired by hand (``Answers/heard(_:state:now:)``
    /// decided that it should).
    func fire(_ ritual: Ritual, heard firing: HandFiring, now: Instant, state: PlannerState) -> DaemonEvent? {
        let title = config.title(of: ritual)
        let prompt = config.planner.prompt(of: ritual, scheduled: firing.occurrence.scheduled)
        let planned = PlannedEvent(
            kind: .fired, ritualID: ritual.id, title: title, at: now, occurrence: firing.occurrence.scheduled,
            prompt: prompt)
        var event = scheduler.delivery(planned, state: state)
        event?.message =
            "\(title): fired by \(firing.by) on their computer, for its occurrence of "
            + "\(firing.occurrence.scheduled.systemd(in: zone))."
        return event
    }

    /// `done ID`: for the occurrence that fired last and is unanswered.
    func done(_ ritual: Ritual, now: Instant, state: PlannerState) -> Outcome {
        guard let open = openOccurrence(of: ritual, state: state) else { return nothingToAnswer(ritual) }
        let said = "\(config.title(of: ritual)) (\(open.systemd(in: zone))) marked done."
        return answered(ritual, .done, [open], now: now, said: [said])
    }

    /// `snooze ID [DURATION]`: the occurrence that fired last and is unanswered fires again after
    /// `duration` (default: the config's snooze).
    func snooze(_ ritual: Ritual, duration: String?, now: Instant, state: PlannerState) -> Outcome {
        guard let open = openOccurrence(of: ritual, state: state) else { return nothingToAnswer(ritual) }
        var span = config.config.desktop.snooze
        if let duration {
            do {
                span = .microseconds(try TimeSpan.parse(duration))
            } catch {
                return .refused("cannot read the snooze duration: \(error)")
            }
            guard ControlLimits.snooze.contains(span) else {
                return .refused(
                    "a snooze lasts from \(ControlLimits.snooze.lowerBound.spoken) to "
                        + ControlLimits.snooze.upperBound.spoken)
            }
        }
        let until = now + span
        let said = "\(config.title(of: ritual)) snoozed until \(until.systemd(in: zone))."
        return answered(ritual, .snoozed(until: until), [open], now: now, said: [said])
    }

    /// `skip ID --count N`: the next N occurrences will not fire.
    func skip(_ ritual: Ritual, count: Int, now: Instant, state: PlannerState) -> Outcome {
        if let why = ControlLimits.refusal("--count", count, ControlLimits.skipCount) { return .refused(why) }
        let title = config.title(of: ritual)
        var skipped: [PlannedEvent] = []
        var after = now
        while skipped.count < count, let next = scheduler.nextFire(of: ritual, now: after, state: state) {
            skipped.append(next)
            after = next.at
        }
        guard !skipped.isEmpty else { return .refused("\(title) has no coming occurrence to skip") }
        let said = skipped.map { "Skipped \(title) on \($0.at.systemd(in: zone))." }
        return answered(ritual, .skipped, skipped.map(\.occurrence), now: now, said: said)
    }

    /// `pause [ID] [--for D | --until T]`.
    func pause(_ ritual: Ritual?, for span: String?, until time: String?, now: Instant) -> Outcome {
        var until: Instant?
        if let span {
            let length: Duration
            do {
                length = .microseconds(try TimeSpan.parse(span))
            } catch {
                return .refused("cannot read --for: \(error)")
            }
            guard length >= ControlLimits.shortestPause else {
                return .refused("--for must be at least \(ControlLimits.shortestPause.spoken)")
            }
            guard let end = now.adding(length), end <= now + ControlLimits.longestPause else {
                return .refused("--for \(span) is longer than rituald plans; pause until resumed instead")
            }
            until = end
        } else if let time {
            guard let t = Timestamp.parse(time, in: zone) ?? Timestamp.parse(time + " 00:00", in: zone) else {
                return .refused(
                    "cannot read --until '\(time)'; write e.g. '2026-12-27', '2026-12-27 18:00' or '@1798000000'")
            }
            guard t > now else { return .refused("--until \(time) is not in the future") }
            until = t
        }
        let title = ritual.map { config.title(of: $0) }
        let said = "\(title ?? "All rituals") paused \(Pause(until: until).end(in: zone))."
        let event = DaemonEvent(
            .paused, ritual: ritual?.id ?? HistoryRecord.allRituals, title: title, occurrence: now, until: until,
            message: said)
        return Outcome(response: ControlResponse(messages: [said]), events: [event])
    }

    /// `resume [ID]`: what came while paused is recorded as held (settled first), then the pause
    /// is lifted.
    func resume(_ ritual: Ritual?, now: Instant, state: PlannerState) -> Outcome {
        let paused = ritual.map { state.ritualPauses[$0.id] } ?? state.pause
        let title = ritual.map { config.title(of: $0) }
        guard let paused, paused.holds(at: now) else {
            return .refused(title.map { "\($0) is not paused." } ?? "The rituals are not paused.")
        }
        let said = "\(title ?? "All rituals") resumed."
        let event = DaemonEvent(
            .resumed, ritual: ritual?.id ?? HistoryRecord.allRituals, title: title, occurrence: now, message: said)
        return Outcome(response: ControlResponse(messages: [said]), events: [event], settleFirst: true)
    }

    /// The occurrence that fired last and has no answer yet.
    func openOccurrence(of ritual: Ritual, state: PlannerState) -> Instant? {
        guard let last = state.lastHandled[ritual.id] else { return nil }
        return state.isClosed(OccurrenceID(ritual.id, last), ack: ritual.ack) ? nil : last
    }

    /// An answer of this computer's person to `occurrences`, given through ritualctl.
    private func answered(
        _ ritual: Ritual, _ answer: Answer, _ occurrences: [Instant], now: Instant, said: [String]
    ) -> Outcome {
        var response = ControlResponse(messages: said)
        response.answered = AnswerReceipt(
            ritual: ritual.id, event: answer.kind, occurrences: occurrences, until: answer.until)
        let answers = occurrences.map {
            GivenAnswer(answer, to: OccurrenceID(ritual.id, $0), by: .me, at: now, source: .ritualctl)
        }
        return Outcome(response: response, answers: answers)
    }

    private func nothingToAnswer(_ ritual: Ritual) -> Outcome {
        .refused(
            "\(config.title(of: ritual)) has nothing to answer: it has not fired since its last answer. "
                + "To leave out coming occurrences use `ritualctl skip \(ritual.id)`.")
    }
}
