import Logging
import RitualsControl
import RitualsCore

/// A notification kept back while its person cannot take it, and since when.
struct HeldNotice {
    var event: DaemonEvent
    let since: Instant
    let reason: HoldReason
}

/// Holding: while the notification server says its person asked not to be disturbed, a ritual's
/// notification (unless the ritual says `hold = false`) waits, the latest occurrence of each
/// ritual, and is shown once Do Not Disturb ends, if its occurrence is still open and within
/// `catch_up`. A hold is recorded once per occurrence; it changes nothing of what was fired or
/// answered.
extension Delivery {
    /// Why `ritual`'s notifications wait now, if they do.
    func holdReason(for ritual: Ritual) -> HoldReason? {
        guard ritual.hold, desktop?.doNotDisturb == true else { return nil }
        return .doNotDisturb
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
            message: "\(title) is held: \(reason.said) is on; it is shown when it ends")
        record.reason = reason.rawValue
        return [record]
    }

    /// Shows what was held, oldest first, where its occurrence is still open and within its
    /// ritual's catch_up; says of the rest that they are not shown.
    func release(state: PlannerState, now: Instant) {
        let all = held.values.sorted { $0.since < $1.since }
        held = [:]
        for notice in all {
            guard let id = notice.event.id, let ritual = config.ritual(id.ritual), config.isOpen(id, state: state)
            else { continue }
            if now - id.scheduled <= max(config.config.catchUp(of: ritual), Lateness.onTime) {
                show(notice.event, ritual)
            } else {
                logger.notice("\(config.title(of: ritual)): held past its catch_up; not shown")
            }
        }
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
