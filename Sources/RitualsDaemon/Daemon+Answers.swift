import Foundation
import RitualsControl
import RitualsCore
import Systemd

/// Answers, skips and pauses from `ritualctl`: each recorded in the history and journaled.
extension Daemon {
    /// Records `event` for one occurrence and journals it.
    func note(
        _ event: HistoryRecord.Event, ritual: String, title: String?, occurrence: Int, until: Int? = nil,
        message: String, now: Int
    ) {
        record(HistoryRecord(at: now, ritual: ritual, occurrence: occurrence, event: event, until: until))
        var entry = JournalEntry(event: event.rawValue, message: message)
        if ritual != HistoryRecord.allRituals {
            entry.ritualID = ritual
            entry.title = title
            entry.scheduled = occurrence
        }
        journal(entry)
    }

    /// `done ID` and `snooze ID [DURATION]` for the occurrence that fired last and is unanswered.
    func answer(_ request: ControlRequest, _ ritual: Ritual, now: Int) -> ControlResponse {
        let title = planner.title(of: ritual)
        guard let open = openOccurrence(of: ritual) else {
            return .refused(
                "\(title) has nothing to answer: it has not fired since its last answer. "
                    + "To leave out coming occurrences use `ritualctl skip \(ritual.id)`.")
        }
        let when = Timestamp.systemd(open, in: zone)
        if request.command == .done {
            note(.done, ritual: ritual.id, title: title, occurrence: open, message: "\(title): done.", now: now)
            rearm()
            return ControlResponse(messages: ["\(title) (\(when)) marked done."])
        }
        var span = config.desktop.snooze
        if let text = request.duration {
            do {
                span = try TimeSpan.parse(text)
            } catch {
                return .refused("cannot read the snooze duration: \(error)")
            }
            guard span >= 1_000_000 && span <= 366 * 86_400_000_000 else {
                return .refused("a snooze lasts from 1 s to 366 days")
            }
        }
        let until = now + span
        note(
            .snoozed, ritual: ritual.id, title: title, occurrence: open, until: until,
            message: "\(title): snoozed until \(Timestamp.systemd(until, in: zone)).", now: now)
        rearm()
        return ControlResponse(messages: ["\(title) snoozed until \(Timestamp.systemd(until, in: zone))."])
    }

    /// `skip ID --count N`: the next N occurrences will not fire.
    func skip(_ ritual: Ritual, count: Int, now: Int) -> ControlResponse {
        guard (1...1000).contains(count) else { return .refused("--count must be between 1 and 1000") }
        let title = planner.title(of: ritual)
        var skipped: [String] = []
        var after = now
        while skipped.count < count {
            guard let next = nextFire(of: ritual, now: after) else { break }
            note(
                .skipped, ritual: ritual.id, title: title, occurrence: next.occurrence,
                message: "\(title): the occurrence of \(Timestamp.systemd(next.occurrence, in: zone)) is skipped.",
                now: now)
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
                guard span >= 1_000_000 else { return .refused("--for must be at least 1s") }
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
        let who = ritual.map { planner.title(of: $0) } ?? "All rituals"
        let end = until.map { " until \(Timestamp.systemd($0, in: zone))" } ?? " until resumed"
        note(
            .paused, ritual: ritual?.id ?? HistoryRecord.allRituals, title: ritual.map { planner.title(of: $0) },
            occurrence: now, until: until, message: "\(who) paused\(end).", now: now)
        rearm()
        return ControlResponse(messages: ["\(who) paused\(end)."])
    }

    /// `resume [ID]`.
    func resume(_ ritual: Ritual?, now: Int) -> ControlResponse {
        let paused =
            ritual.map { store.state.ritualPausedUntil[$0.id] } ?? store.state.pausedUntil
        guard let until = paused, until > now else {
            return .refused(ritual.map { "\(planner.title(of: $0)) is not paused." } ?? "The rituals are not paused.")
        }
        let who = ritual.map { planner.title(of: $0) } ?? "All rituals"
        note(
            .resumed, ritual: ritual?.id ?? HistoryRecord.allRituals, title: ritual.map { planner.title(of: $0) },
            occurrence: now, message: "\(who) resumed.", now: now)
        rearm()
        return ControlResponse(messages: ["\(who) resumed."])
    }

    /// The earliest end of a pause after `after`.
    func nextPauseEnd(after: Int) -> Int? {
        let ends = ([store.state.pausedUntil] + store.state.ritualPausedUntil.values.map { $0 }).compactMap { $0 }
        return ends.filter { $0 > after && $0 < Int.max }.min()
    }

    /// Pauses that ended by `now` are recorded and journaled as resumed.
    func endPauses(now: Int) {
        if let until = store.state.pausedUntil, until <= now {
            note(
                .resumed, ritual: HistoryRecord.allRituals, title: nil, occurrence: until,
                message: "All rituals resumed: the pause ended.", now: now)
        }
        for (id, until) in store.state.ritualPausedUntil where until <= now {
            let title = config.rituals.first { $0.id == id }.map { planner.title(of: $0) } ?? id
            note(
                .resumed, ritual: id, title: title, occurrence: until, message: "\(title) resumed: the pause ended.",
                now: now)
        }
    }
}
