import Logging
import RitualsControl
import RitualsCore

/// A notification kept back while its person cannot take it, and since when.
struct HeldNotice {
    var event: DaemonEvent
    let since: Instant
    let reason: HoldReason
}

/// Holding: while its person cannot take it (Do Not Disturb on, the screen locked, away from the
/// computer: those of `[channels.desktop] hold`), a ritual's notification (unless the ritual says
/// `hold = false`) waits, the latest occurrence of each ritual, and is shown once nothing holds
/// it, if its occurrence is still open and within `catch_up`. A hold is recorded once per
/// occurrence; it changes nothing of what was fired or answered.
extension Delivery {
    /// Why `ritual`'s notifications wait now, if they do.
    func holdReason(for ritual: Ritual) -> HoldReason? {
        guard ritual.hold else { return nil }
        let desk = config.config.desktop
        return desk.hold.first { reason in
            switch reason {
            case .doNotDisturb: desktop?.doNotDisturb == true
            case .locked: session?.locked == true
            case .away: idleSince.map { clock.now() - $0 >= desk.awayAfter } ?? false
            }
        }
    }

    /// Whether what says `reason` was told of yet: the notification server, or logind.
    private func isKnown(_ reason: HoldReason) -> Bool {
        switch reason {
        case .doNotDisturb: desktop != nil
        case .locked: session != nil
        case .away: desktop?.idleFollowed == true || session != nil
        }
    }

    /// Since when no one has used the computer: as the desktop's own idle monitor tells it where
    /// it has one (GNOME Shell), else as logind's idle hint does; nil while in use.
    var idleSince: Instant? {
        desktop?.idleFollowed == true ? desktop?.idleSince : session?.idleSince
    }

    /// Whether its person is away from the computer now (screen locked, or no input for
    /// `away_after`): what `when = "away"` channels wait for.
    func isAway(now: Instant) -> Bool {
        session?.locked == true || idleSince.map { now - $0 >= config.config.desktop.awayAfter } ?? false
    }

    /// Keeps `event` instead of showing it; returns the `held` event to record when its
    /// occurrence was not held already (a reminder of a held occurrence replaces it quietly).
    func hold(_ event: DaemonEvent, _ ritual: Ritual, _ reason: HoldReason) -> [DaemonEvent] {
        guard let id = event.id else { return [] }
        if let already = held[ritual.id], already.event.id == id {
            held[ritual.id]?.event = event
            return []
        }
        held[ritual.id] = HeldNotice(event: event, since: clock.now(), reason: reason)
        let title = event.title ?? config.title(of: ritual)
        var record = DaemonEvent(
            .held, ritual: ritual.id, title: title, occurrence: id.scheduled,
            message: "\(title) is held: \(reason.sentence); it is shown when \(reason.end)")
        record.reason = reason.rawValue
        return [record]
    }

    /// Shows what nothing holds any more, oldest first, where its occurrence is still open and
    /// within its ritual's catch_up; returns the `missed` to record of those held past it. What
    /// is still held keeps waiting, under what holds it now.
    func reconsiderHeld(state: PlannerState, now: Instant) -> [DaemonEvent] {
        var missed: [DaemonEvent] = []
        for notice in held.values.sorted(by: { $0.since < $1.since }) {
            guard let id = notice.event.id else { continue }
            guard let ritual = config.ritual(id.ritual), config.isOpen(id, state: state) else {
                held[id.ritual] = nil
                continue
            }
            // Held before a restart: it waits until what held it is known again.
            if !isKnown(notice.reason) { continue }
            if let reason = holdReason(for: ritual) {
                held[id.ritual] = HeldNotice(event: notice.event, since: notice.since, reason: reason)
                continue
            }
            held[id.ritual] = nil
            if now - id.scheduled <= max(config.config.catchUp(of: ritual), Lateness.onTime) {
                show(notice.event, ritual)
            } else {
                let title = config.title(of: ritual)
                missed.append(
                    DaemonEvent(
                        .missed, ritual: ritual.id, title: title, occurrence: id.scheduled,
                        message:
                            "\(title) (\(id.scheduled.systemd(in: config.zone))) was missed: held while "
                            + "\(notice.reason.sentence) past its catch_up"))
            }
        }
        return missed
    }

    /// The occurrences whose notification may have been held before a restart: the open one of
    /// each holding ritual, fired within its catch_up.
    func heldCandidates(now: Instant, state: PlannerState) -> [OccurrenceID: Ritual] {
        var candidates: [OccurrenceID: Ritual] = [:]
        for ritual in config.rituals where ritual.enabled && ritual.hold {
            guard let last = state.lastHandled[ritual.id], let fired = state.lastFiredAt[ritual.id] else { continue }
            let id = OccurrenceID(ritual.id, last)
            if config.isOpen(id, state: state) && now - fired <= config.config.catchUp(of: ritual) {
                candidates[id] = ritual
            }
        }
        return candidates
    }

    /// What was held before the restart and is still open waits again, to be shown once the
    /// server says Do Not Disturb is off.
    func restoreHeld(_ candidates: [OccurrenceID: Ritual], past: OpenPast) {
        for (id, ritual) in candidates {
            guard let r = past.held[id], let reason = r.reason.flatMap(HoldReason.init(rawValue:)) else { continue }
            let event = DaemonEvent(
                .fired, ritual: ritual.id, title: config.title(of: ritual), occurrence: id.scheduled,
                prompt: config.planner.prompt(of: ritual, scheduled: id.scheduled), message: "")
            held[ritual.id] = HeldNotice(event: event, since: r.at, reason: reason)
        }
    }

    /// An answer leaves nothing for a held notification of `id` to ask.
    func letGo(_ id: OccurrenceID) {
        if held[id.ritual]?.event.id == id { held[id.ritual] = nil }
    }

    /// What is held, as `status` shows it.
    var heldNow: [HeldStatus] {
        held.values.sorted { $0.since < $1.since }.compactMap { notice in
            guard let id = notice.event.id else { return nil }
            return HeldStatus(
                ritual: id.ritual, title: notice.event.title ?? id.ritual, occurrence: id.scheduled,
                reason: notice.reason, since: notice.since)
        }
    }
}
