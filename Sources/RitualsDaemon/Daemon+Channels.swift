import Foundation
import RitualsChannels
import RitualsConfig
import RitualsCore

/// Where recorded events fan out: the desktop, and the channels of each ritual's `channels`.
extension Daemon {
    /// Hands a recorded event to its ritual's channels: the desktop shows what the planner
    /// schedules; every other channel gets the kinds it asks for, at once or, with `after`, a
    /// firing, heads-up or reminder only when the occurrence is still unanswered then (answers go
    /// at once). An answer cancels the ritual's escalations.
    func fanOut(_ event: DaemonEvent) {
        guard let id = event.ritual, let ritual = ritual(id), let occurrence = event.occurrence else { return }
        // Another person's answer: their computer tells their channels.
        if event.by != nil { return heard(event, ritual) }
        if event.kind == .done || event.kind == .skipped || event.kind == .snoozed {
            dispatcher.cancelEscalations(prefix: id + "\t")
            // Answered from ritualctl: its notification has nothing left to ask.
            notifier.withdraw(id, occurrence: occurrence)
        }
        for name in config.channels(of: ritual) {
            if name == RitualsConfiguration.desktopChannel {
                if EventKind.planned.contains(event.kind) { showOnDesktop(event, ritual) }
                continue
            }
            guard let channel = config.channels[name], channel.events.contains(event.kind) else { continue }
            let delivery = ChannelDispatcher.Delivery(channel: channel, message: message(event))
            if let after = channel.after, EventKind.planned.contains(event.kind) {
                dispatcher.escalate(delivery, at: Daemon.now() + after, key: id + "\t" + name) { [weak self] in
                    self?.escalating(ritual, occurrence, through: name) == true
                }
            } else {
                dispatcher.send(delivery)
            }
        }
    }

    /// What a channel is told of `event`.
    func message(_ event: DaemonEvent) -> ChannelMessage {
        ChannelMessage(
            event: event.kind.name, ritualID: event.ritual ?? "", title: event.title ?? event.ritual ?? "",
            body: event.body, prompt: event.prompt, occurrence: event.occurrence ?? 0, zone: zone,
            partner: config.settings.partner, type: ChannelMessage.type(of: event.kind))
    }

    /// Whether an occurrence is still the ritual's latest and unanswered (not done, skipped,
    /// snoozed or missed).
    func isOpen(_ ritual: String, _ occurrence: Int) -> Bool {
        let key = PlannerState.Key(ritual, occurrence)
        let ack = self.ritual(ritual)?.ack ?? .either
        return store.state.lastHandled[ritual] == occurrence && !store.state.isClosed(key, ack: ack)
            && store.state.snoozeEnd(key, ack: ack) == nil
    }

    /// Journals how a delivery ended: sent (with a command's output), or failed after its last
    /// attempt, naming the channel.
    func deliveryEnded(_ delivery: ChannelDispatcher.Delivery, _ outcome: ChannelRunner.Outcome) {
        let m = delivery.message
        let name = delivery.channel.name
        var event: DaemonEvent
        switch outcome {
        case .sent(let output):
            event = DaemonEvent(
                .sent, ritual: m.ritualID, title: m.title, occurrence: m.occurrence,
                message: "\(m.title): \(m.event), sent through \(name).")
            if case .command = delivery.channel.kind, !output.isEmpty { event.fields.append(("RITUAL_OUTPUT", output)) }
        case .failed(let why):
            event = DaemonEvent(
                .deliveryFailed, ritual: m.ritualID, title: m.title, occurrence: m.occurrence,
                message: "Could not send \(m.title) through \(name) (\(delivery.attempt) attempts): \(why)")
        }
        event.fields.append(("RITUAL_CHANNEL", name))
        record(event)
    }

    /// Whether an escalation of `occurrence` through `channel` is to go out now: the occurrence is
    /// still open. It is recorded before it goes, so that no restart sends it again.
    func escalating(_ ritual: Ritual, _ occurrence: Int, through channel: String) -> Bool {
        guard isOpen(ritual.id, occurrence) else { return false }
        let title = planner.title(of: ritual)
        let when = Timestamp.systemd(occurrence, in: zone)
        var event = DaemonEvent(
            .escalated, ritual: ritual.id, title: title, occurrence: occurrence,
            message: "\(title) (\(when)) is still unanswered: sent on through \(channel).")
        event.channel = channel
        record(event)
        return true
    }

    /// At start: the escalations of occurrences still open, from when they fired (the history),
    /// but for those already sent.
    func restoreEscalations(now: Int) {
        let escalating = config.channels.values.filter { $0.after != nil }
        guard !escalating.isEmpty else { return }
        // Only the open occurrences' firings and escalations are kept while the history streams by.
        var firedAt: [PlannerState.Key: Int] = [:]
        var sent: Set<String> = []
        let open = Set(store.state.lastHandled.map { PlannerState.Key($0.key, $0.value) })
        store.forEachRecord { r in
            let key = PlannerState.Key(r.ritual, r.occurrence)
            guard open.contains(key) else { return }
            if r.event == .fired { firedAt[key] = r.at }
            if r.event == .escalated, let channel = r.channel { sent.insert("\(r.ritual)\t\(channel)") }
        }
        for ritual in config.rituals where ritual.enabled {
            guard let open = store.state.lastHandled[ritual.id], isOpen(ritual.id, open),
                let fired = firedAt[PlannerState.Key(ritual.id, open)]
            else { continue }
            let window = ritual.catchUp ?? config.settings.catchUp
            for name in config.channels(of: ritual) where !sent.contains(ritual.id + "\t" + name) {
                guard let channel = config.channels[name], let after = channel.after, channel.events.contains(.fired),
                    now - (fired + after) <= window
                else { continue }
                let event = DaemonEvent(
                    .fired, ritual: ritual.id, title: planner.title(of: ritual), occurrence: open, message: "")
                let delivery = ChannelDispatcher.Delivery(channel: channel, message: message(event))
                dispatcher.escalate(delivery, at: max(fired + after, now), key: ritual.id + "\t" + name) {
                    [weak self] in self?.escalating(ritual, open, through: name) == true
                }
            }
        }
    }
}
