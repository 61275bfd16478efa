import RitualsChannels
import RitualsConfig
import RitualsCore

/// The channels other than the desktop: sending, escalations, and how each delivery ended.
extension Delivery {
    /// Sends `event` through the channel `name` when it asks for its kind: at once, or (with
    /// `after`) a firing, heads-up or reminder only when the occurrence is still unanswered then.
    func send(_ event: DaemonEvent, _ ritual: Ritual, through name: String) {
        guard let channel = rules.config.channels[name], channel.events.contains(event.kind),
            let occurrence = event.occurrence
        else { return }
        var m = message(event)
        m.reference = "\(ritual.id)-\(occurrence)-\(event.kind.name)-\(WallClock.now())"
        let delivery = ChannelDispatcher.Delivery(channel: channel, message: m)
        if let after = channel.after, EventKind.planned.contains(event.kind) {
            dispatcher.escalate(delivery, at: WallClock.now() + after, key: ritual.id + "\t" + name) {
                [weak self] in self?.escalating(ritual, occurrence, through: name) == true
            }
        } else {
            dispatcher.send(delivery)
        }
    }

    /// What a channel is told of `event`.
    func message(_ event: DaemonEvent) -> ChannelMessage {
        event.channelMessage(zone: rules.zone, partner: rules.config.settings.partner)
    }

    /// Whether an escalation of `occurrence` through `channel` is to go out now: the occurrence is
    /// still open. It is recorded before it goes, so that no restart sends it again.
    /// Nor is it sent through a channel of a person (`person`, or the one answers come back from)
    /// once that person answered: with `ack = "both"` the occurrence stays open for this person,
    /// but the one who did it is not nagged.
    private func escalating(_ ritual: Ritual, _ occurrence: Int, through channel: String) -> Bool {
        guard isOpen(ritual.id, occurrence) else { return false }
        if let c = rules.config.channels[channel], c.answers || c.person != nil {
            let key = PlannerState.Key(ritual.id, occurrence)
            let person = rules.person(answeringThrough: c)
            if PlannerState.answerKinds.contains(where: { recorder.state.hasHeard(key, by: person, kind: $0) }) {
                return false
            }
        }
        let title = rules.title(of: ritual)
        let when = Timestamp.systemd(occurrence, in: rules.zone)
        var event = DaemonEvent(
            .escalated, ritual: ritual.id, title: title, occurrence: occurrence,
            message: "\(title) (\(when)) is still unanswered: sent on through \(channel).")
        event.channel = channel
        recorder.record(event)
        return true
    }

    /// Journals how a delivery ended: sent (with a command's output), or failed after its last
    /// attempt, naming the channel.
    func ended(_ delivery: ChannelDispatcher.Delivery, _ outcome: ChannelRunner.Outcome) {
        let m = delivery.message
        let name = delivery.channel.name
        var event: DaemonEvent
        switch outcome {
        case .sent(let output):
            event = DaemonEvent(
                .sent, ritual: m.ritualID, title: m.title, occurrence: m.occurrence,
                message: "\(m.title): \(m.event), sent through \(name).")
            if case .command = delivery.channel.kind, !output.isEmpty { event.fields.append(("RITUAL_OUTPUT", output)) }
            if delivery.channel.answers && m.wantsAnswer && !output.isEmpty {
                posted(delivery.channel, m, output)
            }
        case .failed(let why):
            event = DaemonEvent(
                .deliveryFailed, ritual: m.ritualID, title: m.title, occurrence: m.occurrence,
                message: "Could not send \(m.title) through \(name) (\(delivery.attempt) attempts): \(why)")
        }
        event.fields.append(("RITUAL_CHANNEL", name))
        recorder.record(event)
    }

    /// At start: the escalations of occurrences still open, from when they fired (the history),
    /// but for those already sent.
    func restoreEscalations(now: Int) {
        let config = rules.config
        guard config.channels.values.contains(where: { $0.after != nil }) else { return }
        let state = recorder.state
        // Only the open occurrences' firings and escalations are kept while the history streams by.
        var firedAt: [PlannerState.Key: Int] = [:]
        var sent: Set<String> = []
        let open = Set(state.lastHandled.map { PlannerState.Key($0.key, $0.value) })
        recorder.store.forEachRecord { r in
            let key = PlannerState.Key(r.ritual, r.occurrence)
            guard open.contains(key) else { return }
            if r.event == .fired { firedAt[key] = r.at }
            if r.event == .escalated, let channel = r.channel { sent.insert("\(r.ritual)\t\(channel)") }
        }
        for ritual in config.rituals where ritual.enabled {
            guard let open = state.lastHandled[ritual.id], isOpen(ritual.id, open),
                let fired = firedAt[PlannerState.Key(ritual.id, open)]
            else { continue }
            let window = ritual.catchUp ?? config.settings.catchUp
            for name in config.channels(of: ritual) where !sent.contains(ritual.id + "\t" + name) {
                guard let channel = config.channels[name], let after = channel.after, channel.events.contains(.fired),
                    now - (fired + after) <= window
                else { continue }
                let event = DaemonEvent(
                    .fired, ritual: ritual.id, title: rules.title(of: ritual), occurrence: open, message: "")
                let delivery = ChannelDispatcher.Delivery(channel: channel, message: message(event))
                dispatcher.escalate(delivery, at: max(fired + after, now), key: ritual.id + "\t" + name) {
                    [weak self] in self?.escalating(ritual, open, through: name) == true
                }
            }
        }
    }
}
