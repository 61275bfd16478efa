import RitualsConfig
import RitualsControl
import RitualsCore

/// What a person does, from `ritualctl` or a notification's button: fire, answer (done, snooze),
/// skip, pause and resume. Each goes through the recorder and arms the timer anew; each answer
/// is this computer's person's. Used on the daemon's queue only.
struct Commands {
    let rules: Rules
    let recorder: Recorder
    let scheduler: Scheduler

    var zone: Zone { rules.zone }

    /// Fires the next occurrence now, as if it were due.
    func fire(_ ritual: Ritual, now: Int) -> ControlResponse {
        let next = scheduler.nextFire(of: ritual, now: now)
        let occurrence = next?.occurrence ?? Microseconds.wholeSeconds(now) * Microseconds.second
        scheduler.deliver(
            PlannedEvent(
                kind: .fired, ritualID: ritual.id, title: rules.title(of: ritual), at: now, occurrence: occurrence,
                prompt: next?.prompt), now: now)
        scheduler.rearm()
        return ControlResponse(messages: [
            "Fired \(rules.title(of: ritual)) now, for its occurrence of \(Timestamp.systemd(occurrence, in: zone))."
        ])
    }

    /// `done ID`: for the occurrence that fired last and is unanswered.
    func done(_ ritual: Ritual, now: Int) -> ControlResponse {
        guard let open = openOccurrence(of: ritual) else { return nothingToAnswer(ritual) }
        answer(ritual, occurrence: open, with: .done, now: now)
        return ControlResponse(
            messages: ["\(rules.title(of: ritual)) (\(Timestamp.systemd(open, in: zone))) marked done."])
    }

    /// `snooze ID [DURATION]`: the occurrence that fired last and is unanswered fires again after
    /// `duration` (default: the config's snooze).
    func snooze(_ ritual: Ritual, duration: String?, now: Int) -> ControlResponse {
        guard let open = openOccurrence(of: ritual) else { return nothingToAnswer(ritual) }
        var span = rules.config.desktop.snooze
        if let duration {
            do {
                span = try TimeSpan.parse(duration)
            } catch {
                return .refused("cannot read the snooze duration: \(error)")
            }
            guard ControlLimits.snooze.contains(span) else {
                return .refused(
                    "a snooze lasts from \(TimeSpan.format(ControlLimits.snooze.lowerBound, style: .spoken)) to "
                        + TimeSpan.format(ControlLimits.snooze.upperBound, style: .spoken))
            }
        }
        answer(ritual, occurrence: open, with: .snoozed, until: now + span, now: now)
        return ControlResponse(
            messages: ["\(rules.title(of: ritual)) snoozed until \(Timestamp.systemd(now + span, in: zone))."])
    }

    private func nothingToAnswer(_ ritual: Ritual) -> ControlResponse {
        .refused(
            "\(rules.title(of: ritual)) has nothing to answer: it has not fired since its last answer. "
                + "To leave out coming occurrences use `ritualctl skip \(ritual.id)`.")
    }

    /// A notification's button: the answer of this computer's person.
    func pressed(_ ritual: Ritual, _ occurrence: Int, _ button: RitualsConfiguration.Desktop.Button) {
        let now = WallClock.now()
        let until = button == .snooze ? now + rules.config.desktop.snooze : nil
        answer(ritual, occurrence: occurrence, with: button.answer, until: until, now: now)
    }

    /// Records `kind` (done, snoozed until `until`, skipped) for one occurrence and re-arms.
    func answer(_ ritual: Ritual, occurrence: Int, with kind: EventKind, until: Int? = nil, now: Int) {
        let title = rules.title(of: ritual)
        let message =
            until.map { "\(title): \(kind.name) until \(Timestamp.systemd($0, in: zone))." }
            ?? "\(title): \(kind.name)."
        var event = DaemonEvent(
            kind, ritual: ritual.id, title: title, occurrence: occurrence, until: until, message: message)
        event.by = .me
        recorder.record(event, now: now)
        scheduler.rearm()
    }

    /// The occurrence that fired last and has no answer yet.
    func openOccurrence(of ritual: Ritual) -> Int? {
        let state = recorder.state
        guard let last = state.lastHandled[ritual.id] else { return nil }
        return state.isClosed(PlannerState.Key(ritual.id, last), ack: ritual.ack) ? nil : last
    }

    /// `skip ID --count N`: the next N occurrences will not fire.
    func skip(_ ritual: Ritual, count: Int, now: Int) -> ControlResponse {
        if let why = ControlLimits.refusal("--count", count, ControlLimits.skipCount) { return .refused(why) }
        let title = rules.title(of: ritual)
        var skipped: [String] = []
        var after = now
        while skipped.count < count {
            guard let next = scheduler.nextFire(of: ritual, now: after) else { break }
            var event = DaemonEvent(
                .skipped, ritual: ritual.id, title: title, occurrence: next.occurrence,
                message: "\(title): the occurrence of \(Timestamp.systemd(next.occurrence, in: zone)) is skipped.")
            event.by = .me
            recorder.record(event, now: now)
            skipped.append(Timestamp.systemd(next.at, in: zone))
            after = next.at
        }
        guard !skipped.isEmpty else { return .refused("\(title) has no coming occurrence to skip") }
        scheduler.rearm()
        return ControlResponse(messages: skipped.map { "Skipped \(title) on \($0)." })
    }

    /// `pause [ID] [--for D | --until T]`.
    func pause(_ request: ControlRequest, _ ritual: Ritual?, now: Int) -> ControlResponse {
        var until: Int?
        if let text = request.duration {
            do {
                let span = try TimeSpan.parse(text)
                guard span >= ControlLimits.shortestPause else {
                    return .refused("--for must be at least \(TimeSpan.format(ControlLimits.shortestPause))")
                }
                until = now + span
            } catch {
                return .refused("cannot read --for: \(error)")
            }
        } else if let text = request.until {
            guard let t = Timestamp.parse(text, in: zone) ?? Timestamp.parse(text + " 00:00", in: zone) else {
                return .refused(
                    "cannot read --until '\(text)'; write e.g. '2026-12-27', '2026-12-27 18:00' or '@1798000000'")
            }
            guard t > now else { return .refused("--until \(text) is not in the future") }
            until = t
        }
        let title = ritual.map { rules.title(of: $0) }
        let said = "\(title ?? "All rituals") paused \(Pause(until: until).end(in: zone))."
        recorder.record(
            DaemonEvent(
                .paused, ritual: ritual?.id ?? HistoryRecord.allRituals, title: title, occurrence: now, until: until,
                message: said), now: now)
        scheduler.rearm()
        return ControlResponse(messages: [said])
    }

    /// `resume [ID]`.
    func resume(_ ritual: Ritual?, now: Int) -> ControlResponse {
        let state = recorder.state
        let paused = ritual.map { state.ritualPauses[$0.id] } ?? state.pause
        let title = ritual.map { rules.title(of: $0) }
        guard let paused, paused.holds(at: now) else {
            return .refused(title.map { "\($0) is not paused." } ?? "The rituals are not paused.")
        }
        let said = "\(title ?? "All rituals") resumed."
        // What came while paused is recorded as held before the pause is lifted.
        scheduler.settle(now: now)
        recorder.record(
            DaemonEvent(
                .resumed, ritual: ritual?.id ?? HistoryRecord.allRituals, title: title, occurrence: now, message: said),
            now: now)
        scheduler.rearm()
        return ControlResponse(messages: [said])
    }
}
