import RitualsChannels
import RitualsConfig
import RitualsCore

/// The channels other than the desktop: sending, escalations, and how each message ended.
extension Delivery {
    /// What a channel's message came to, for the journal, and a post that waits for its answer.
    struct Sent {
        var event: DaemonEvent
        /// The channel answers come back through, the message, and what the server called it.
        var posted: (channel: Channel, message: ChannelMessage, id: String)?
    }

    /// Sends `event` through the channel `name` when it asks for its kind: at once, or (with
    /// `after`) a firing, heads-up or reminder only when the occurrence is still unanswered then.
    /// Returns the failure of a message dropped from a full queue.
    func send(_ event: DaemonEvent, _ ritual: Ritual, through name: String) -> [DaemonEvent] {
        guard let channel = config.config.channels[name], channel.events.contains(event.kind), let id = event.id
        else { return [] }
        guard !channel.onlyWhenAway || isAway(now: clock.now()) else { return [] }
        var m = message(event)
        m.reference = "\(ritual.id)-\(id.scheduled.microseconds)-\(event.kind.name)-\(clock.now().microseconds)"
        let message = Outbox.Message(channel: channel, message: m)
        if let after = channel.after, EventKind.planned.contains(event.kind) {
            escalate(Escalation(occurrence: id, message: message), at: clock.now() + after)
            return []
        }
        return outbox.send(message).flatMap(journaled).map { [$0] } ?? []
    }

    /// Posts a note (this person's, once the other's is written) to the room of `channel`; what
    /// to record of it (never its text: the `sent` event names the title only).
    func post(note text: String, title: String, occurrence: OccurrenceID, through channel: String) -> [DaemonEvent] {
        inputs.checkQueue()
        guard let channel = config.config.channels[channel] else { return [] }
        var m = ChannelMessage(
            event: EventKind.noted.name, ritualID: occurrence.ritual, title: title, body: text, prompt: nil,
            occurrence: occurrence.scheduled, zone: config.zone, partner: config.settings.partner)
        m.reference = "\(occurrence.ritual)-\(occurrence.scheduled.microseconds)-noted-\(clock.now().microseconds)"
        return outbox.send(Outbox.Message(channel: channel, message: m)).flatMap(journaled).map { [$0] } ?? []
    }

    /// What a channel is told of `event`.
    func message(_ event: DaemonEvent) -> ChannelMessage {
        event.channelMessage(zone: config.zone, partner: config.settings.partner)
    }

    /// Holds `escalation` until `at`; a later one of the same ritual and channel replaces it.
    func escalate(_ escalation: Escalation, at: Instant) {
        var e = escalation
        escalations[e.key]?.timer?.cancel()
        let inputs = self.inputs
        let (id, channel) = (e.occurrence, e.message.channel.name)
        e.timer = clock.timer(at: at, queue: inputs.queue) { inputs.send(.escalationDue(id, channel: channel)) }
        escalations[e.key] = e
    }

    /// Ends the escalations of a ritual (it was answered).
    func cancelEscalations(of ritual: String) {
        for (key, e) in escalations where key.ritual == ritual {
            e.timer?.cancel()
            escalations[key] = nil
        }
    }

    /// An escalation's time came: when its occurrence is still open, the `escalated` event to
    /// record before it goes (so that no restart sends it again), and the escalation to send.
    /// Nor is it sent through a channel of a person (`person`, or the one answers come back from)
    /// once that person answered: with `ack = "both"` the occurrence stays open for this person,
    /// but the one who did it is not nagged.
    func escalationDue(_ id: OccurrenceID, channel name: String, state: PlannerState) -> (DaemonEvent, Escalation)? {
        let key = Escalation.Key(ritual: id.ritual, channel: name)
        guard let e = escalations[key], e.occurrence == id else { return nil }
        escalations[key] = nil
        guard config.isOpen(id, state: state) else { return nil }
        let channel = e.message.channel
        guard !channel.onlyWhenAway || isAway(now: clock.now()) else { return nil }
        if channel.answers || channel.person != nil, let person = config.person(answeringThrough: channel).other,
            Answer.kinds.contains(where: { state.hasHeard(id, by: person, kind: $0) })
        {
            return nil
        }
        let title = config.title(of: id.ritual)
        var event = DaemonEvent(
            .escalated, ritual: id.ritual, title: title, occurrence: id.scheduled,
            message: "\(title) (\(id.scheduled.systemd(in: config.zone))) is still unanswered: sent on through \(name)."
        )
        event.channel = name
        return (event, e)
    }

    /// Sends an escalation that was recorded; the failure of a message dropped from a full queue.
    func send(_ escalation: Escalation) -> DaemonEvent? { outbox.send(escalation.message).flatMap(journaled) }

    /// An attempt through a channel ended: when it was the last, the event that journals how it
    /// ended (sent, with a command's output; or failed, naming the channel), and a post that
    /// now waits for its answer.
    func attemptEnded(_ message: Outbox.Message, _ outcome: ChannelOutcome) -> Sent? {
        guard case .final(let m, let o) = outbox.attemptEnded(message, outcome) else { return nil }
        return ended(m, o)
    }

    /// A message whose pause before its next attempt is over.
    func resend(_ message: Outbox.Message) -> DaemonEvent? { outbox.resend(message).flatMap(journaled) }

    private func journaled(_ ended: Outbox.Ended) -> DaemonEvent? {
        guard case .final(let m, let o) = ended else { return nil }
        return self.ended(m, o).event
    }

    private func ended(_ delivery: Outbox.Message, _ outcome: ChannelOutcome) -> Sent {
        let m = delivery.message
        let name = delivery.channel.name
        var sent: Sent
        switch outcome {
        case .sent(let output):
            var event = DaemonEvent(
                .sent, ritual: m.ritualID, title: m.title, occurrence: m.occurrence,
                message: "\(m.title): \(m.event), sent through \(name).")
            if delivery.channel.kind == CommandChannel.name, !output.isEmpty {
                event.fields.append(("RITUAL_OUTPUT", output))
            }
            sent = Sent(event: event)
            if delivery.channel.answers && m.wantsAnswer && !output.isEmpty {
                sent.posted = (delivery.channel, m, output)
            }
        case .failed(let why):
            sent = Sent(
                event: DaemonEvent(
                    .deliveryFailed, ritual: m.ritualID, title: m.title, occurrence: m.occurrence,
                    message: "Could not send \(m.title) through \(name) (\(delivery.attempt) attempts): \(why)"))
        }
        sent.event.channel = name
        return sent
    }

    /// At start: what waited for the open occurrences before, from one reading of the history,
    /// made only when something may wait (a channel with `after`, a notification held).
    func restore(now: Instant, state: PlannerState, history: (Set<OccurrenceID>) -> OpenPast) {
        let escalating = config.config.channels.values.contains { $0.after != nil }
        let holding = heldCandidates(now: now, state: state)
        guard escalating || !holding.isEmpty else { return }
        let past = history(Set(state.lastHandled.map { OccurrenceID($0.key, $0.value) }))
        if escalating { restoreEscalations(now: now, state: state, past: past) }
        restoreHeld(holding, past: past)
    }

    /// The escalations of occurrences still open, from when they fired, but for those already
    /// sent.
    private func restoreEscalations(now: Instant, state: PlannerState, past: OpenPast) {
        let channels = config.config.channels
        for ritual in config.rituals where ritual.enabled {
            guard let last = state.lastHandled[ritual.id] else { continue }
            let id = OccurrenceID(ritual.id, last)
            guard config.isOpen(id, state: state), let fired = past.fired[id] else { continue }
            let window = config.config.catchUp(of: ritual)
            for name in config.config.channels(of: ritual)
            where !past.escalated.contains(Escalation.Key(ritual: ritual.id, channel: name)) {
                guard let channel = channels[name], let after = channel.after, channel.events.contains(.fired),
                    now - (fired + after) <= window
                else { continue }
                let event = DaemonEvent(
                    .fired, ritual: ritual.id, title: config.title(of: ritual), occurrence: last, message: "")
                let message = Outbox.Message(channel: channel, message: message(event))
                escalate(Escalation(occurrence: id, message: message), at: max(fired + after, now))
            }
        }
    }
}

/// What the history says of the open occurrences: when each fired, which escalations went, and
/// the last hold of each.
struct OpenPast {
    var fired: [OccurrenceID: Instant] = [:]
    var escalated: Set<Escalation.Key> = []
    var held: [OccurrenceID: HistoryRecord] = [:]
}
