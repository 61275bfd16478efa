import RitualsControl
import RitualsCore

/// Commands: fire, answers, skips and pauses, from `ritualctl` or a notification's button. Each
/// goes through the recorder and re-arms the timer.
extension Daemon {
    /// Fires the next occurrence now, as if it were due.
    func fire(_ ritual: Ritual, now: Int) -> ControlResponse {
        let next = nextFire(of: ritual, now: now)
        let occurrence = next?.occurrence ?? now / 1_000_000 * 1_000_000
        deliver(
            PlannedEvent(
                kind: .fired, ritualID: ritual.id, title: planner.title(of: ritual), at: now, occurrence: occurrence,
                prompt: next?.prompt))
        rearm()
        return ControlResponse(messages: [
            "Fired \(planner.title(of: ritual)) now, for its occurrence of \(Timestamp.systemd(occurrence, in: zone))."
        ])
    }

    /// `done ID` and `snooze ID [DURATION]` for the occurrence that fired last and is unanswered.
    func answer(_ request: ControlRequest, _ ritual: Ritual, now: Int) -> ControlResponse {
        let title = planner.title(of: ritual)
        guard let open = openOccurrence(of: ritual) else {
            return .refused(
                "\(title) has nothing to answer: it has not fired since its last answer. "
                    + "To leave out coming occurrences use `ritualctl skip \(ritual.id)`.")
        }
        if request.command == .done {
            answer(ritual, occurrence: open, with: .done, now: now)
            return ControlResponse(messages: ["\(title) (\(Timestamp.systemd(open, in: zone))) marked done."])
        }
        var span = config.desktop.snooze
        if let text = request.duration {
            do {
                span = try TimeSpan.parse(text)
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
        return ControlResponse(messages: ["\(title) snoozed until \(Timestamp.systemd(now + span, in: zone))."])
    }

    /// Records `kind` (done, snoozed until `until`, skipped) for one occurrence and re-arms.
    func answer(_ ritual: Ritual, occurrence: Int, with kind: EventKind, until: Int? = nil, now: Int) {
        let title = planner.title(of: ritual)
        let message =
            until.map { "\(title): \(kind.name) until \(Timestamp.systemd($0, in: zone))." }
            ?? "\(title): \(kind.name)."
        var event = DaemonEvent(
            kind, ritual: ritual.id, title: title, occurrence: occurrence, until: until, message: message)
        if let me = config.settings.me { event.fields.append(("RITUAL_BY", me)) }
        record(event, now: now)
        rearm()
    }

    /// How a notification ended: a button is the answer, a failure is journaled.
    func notificationEnded(_ answer: DesktopNotifier.Answer, _ event: DaemonEvent) {
        guard let id = event.ritual, let occurrence = event.occurrence else { return }
        switch answer {
        case .none:
            return
        case .failed(let why):
            // Only the first failure is journaled; the notification waits for a server.
            if pending.isFirstFailure(event) {
                var failed = DaemonEvent(
                    .deliveryFailed, ritual: id, title: event.title, occurrence: occurrence,
                    message:
                        "Could not show \(event.title ?? id): \(why); it is shown when a notification server answers")
                failed.fields = [("RITUAL_CHANNEL", RitualsConfiguration.desktopChannel)]
                record(failed)
            }
            pending.keep(event, queue: queue) { [weak self] in self?.retryNotices() }
        case .button(let button):
            // Already answered (from ritualctl, say): the late click changes nothing.
            guard let ritual = ritual(id), !store.state.isClosed(PlannerState.Key(id, occurrence), ack: ritual.ack)
            else {
                return
            }
            let now = Daemon.now()
            let until = button == .snooze ? now + config.desktop.snooze : nil
            self.answer(ritual, occurrence: occurrence, with: button.answer, until: until, now: now)
        }
    }

    /// `skip ID --count N`: the next N occurrences will not fire.
    func skip(_ ritual: Ritual, count: Int, now: Int) -> ControlResponse {
        if let why = ControlLimits.refusal("--count", count, ControlLimits.skipCount) { return .refused(why) }
        let title = planner.title(of: ritual)
        var skipped: [String] = []
        var after = now
        while skipped.count < count {
            guard let next = nextFire(of: ritual, now: after) else { break }
            var event = DaemonEvent(
                .skipped, ritual: ritual.id, title: title, occurrence: next.occurrence,
                message: "\(title): the occurrence of \(Timestamp.systemd(next.occurrence, in: zone)) is skipped.")
            if let me = config.settings.me { event.fields.append(("RITUAL_BY", me)) }
            record(event, now: now)
            skipped.append(Timestamp.systemd(next.at, in: zone))
            after = next.at
        }
        guard !skipped.isEmpty else { return .refused("\(title) has no coming occurrence to skip") }
        rearm()
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
        let title = ritual.map { planner.title(of: $0) }
        let said = "\(title ?? "All rituals") paused \(Pause(until: until).end(in: zone))."
        record(
            DaemonEvent(
                .paused, ritual: ritual?.id ?? HistoryRecord.allRituals, title: title, occurrence: now, until: until,
                message: said), now: now)
        rearm()
        return ControlResponse(messages: [said])
    }

    /// `resume [ID]`.
    func resume(_ ritual: Ritual?, now: Int) -> ControlResponse {
        let paused = ritual.map { store.state.ritualPauses[$0.id] } ?? store.state.pause
        let title = ritual.map { planner.title(of: $0) }
        guard let paused, paused.holds(at: now) else {
            return .refused(title.map { "\($0) is not paused." } ?? "The rituals are not paused.")
        }
        let said = "\(title ?? "All rituals") resumed."
        // What came while paused is recorded as held before the pause is lifted.
        settle(now: now)
        record(
            DaemonEvent(
                .resumed, ritual: ritual?.id ?? HistoryRecord.allRituals, title: title, occurrence: now, message: said),
            now: now)
        rearm()
        return ControlResponse(messages: [said])
    }
}
