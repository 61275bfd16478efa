import Dispatch
import Logging
import RitualsChannels
import RitualsConfig
import RitualsControl
import RitualsCore

/// Delivery: what was recorded reaches people. The desktop shows what the planner schedules (a
/// notification whose buttons answer the occurrence), the channels get the kinds they ask for (at
/// once, or with `after` only while the occurrence is still unanswered), notifications that found
/// no notification server wait for one, and an answer (here or another person's) withdraws what
/// it leaves nothing to do for. What comes back (a button, a failure, a channel's outcome) comes
/// as an input; Delivery decides and returns what to record. Used on the daemon's queue only.
final class Delivery: @unchecked Sendable {
    let config: ConfigInUse
    let clock: any DaemonClock
    let inputs: Inputs
    let logger: Logger
    let notifier: any Notifier
    let outbox: Outbox
    /// Notifications waiting for a notification server.
    let pending: PendingNotices
    /// The notification server, as the session bus last told of it (nil: not told yet).
    private(set) var desktop: DesktopStatus?
    /// The person's login session, as logind last told of it (nil: not told yet).
    private(set) var session: SessionStatus?
    /// Notifications held while their person cannot take them, the latest of each ritual.
    var held: [String: HeldNotice] = [:] {
        didSet {
            for (ritual, notice) in oldValue where held[ritual]?.event.id != notice.event.id {
                if let id = notice.event.id { released.append(id) }
            }
        }
    }
    /// Occurrences whose notification was let go since last asked (``takeReleased()``).
    private var released: [OccurrenceID] = []

    /// The occurrences let go since last asked, for the others to be told.
    func takeReleased() -> [OccurrenceID] {
        defer { released = [] }
        return released
    }
    /// Escalations waiting for their time, one per ritual and channel.
    var escalations: [Escalation.Key: Escalation] = [:]

    init(
        config: ConfigInUse, clock: any DaemonClock, inputs: Inputs, notifier: any Notifier, sender: any ChannelSender,
        logger: Logger
    ) {
        self.config = config
        self.clock = clock
        self.inputs = inputs
        self.notifier = notifier
        self.logger = logger
        outbox = Outbox(clock: clock, inputs: inputs, sender: sender)
        pending = PendingNotices(clock: clock, inputs: inputs)
    }

    /// How a notification's end comes back to the daemon.
    enum NoticeOutcome {
        /// A button: the answer of this computer's person.
        case answered(GivenAnswer)
        /// It could not be shown (journaled once per occurrence); it waits for a server.
        case failed(DaemonEvent?)
        case nothing
    }

    /// Hands on what was just recorded: of a batch (what a gap came to), only the last of each
    /// ritual and kind; every answer of another person (each may withdraw a notification).
    /// Returns what must be recorded in turn (a message dropped from a full queue).
    func take(_ events: [DaemonEvent], state: PlannerState) -> [DaemonEvent] {
        inputs.checkQueue()
        var seen: Set<KindOfRitual> = []
        var chosen: [DaemonEvent] = []
        for e in events.reversed() {
            let other = e.answer.map { $0.by != .me } ?? false
            if other || seen.insert(KindOfRitual(ritual: e.ritual ?? "", kind: e.kind)).inserted { chosen.append(e) }
        }
        return chosen.reversed().flatMap { fanOut($0, state: state) }
    }

    private func fanOut(_ event: DaemonEvent, state: PlannerState) -> [DaemonEvent] {
        guard let id = event.id, let ritual = config.ritual(id.ritual) else { return [] }
        // Another person's answer: their computer tells their channels.
        if let answer = event.answer, answer.by != .me {
            heard(answer, ritual, state: state)
            return []
        }
        if event.answer != nil {
            cancelEscalations(of: ritual.id)
            // Answered from ritualctl or the phone: its notification has nothing left to ask.
            notifier.withdraw(id)
            letGo(id)
        }
        var failed: [DaemonEvent] = []
        for name in config.config.channels(of: ritual) {
            if name == RitualsConfiguration.desktopChannel {
                guard EventKind.planned.contains(event.kind) else { continue }
                if let reason = holdReason(for: ritual) {
                    failed += hold(event, ritual, reason)
                } else {
                    show(event, ritual)
                }
            } else {
                failed += send(event, ritual, through: name)
            }
        }
        return failed
    }

    /// Shows something to read, without buttons, beside the ritual's own notification (a note
    /// of the other's); nothing comes back of it.
    func tell(_ notice: Notice) {
        inputs.checkQueue()
        notifier.show(notice, queue: inputs.queue) { _ in }
    }

    /// Shows a planned event as a notification; how it ends comes back as an input.
    func show(_ event: DaemonEvent, _ ritual: Ritual) {
        guard let id = event.id else { return }
        let inputs = self.inputs
        notifier.show(
            Notice(occurrence: id, title: event.title ?? ritual.id, body: event.body, urgency: ritual.urgency),
            queue: inputs.queue
        ) { end in inputs.send(.noticeEnded(event, end)) }
    }

    /// What another person's answer changes here: when it leaves nothing for this person to do,
    /// the notification of that occurrence is withdrawn and escalations end; when it is one of
    /// the confirmations a ritual needs, the open notification says so.
    private func heard(_ answer: GivenAnswer, _ ritual: Ritual, state: PlannerState) {
        let id = answer.occurrence
        if !config.isOpen(id, state: state) {
            if state.lastHandled[ritual.id] == id.scheduled { cancelEscalations(of: ritual.id) }
            letGo(id)
            if notifier.withdraw(id) {
                let who = answer.by.other ?? "someone"
                logger.info("\(config.title(of: ritual)): notification withdrawn, \(who) answered")
            }
        } else if answer.answer == .done, notifier.isShowing(id) {
            var again = DaemonEvent(
                .fired, ritual: ritual.id, title: config.title(of: ritual), occurrence: id.scheduled,
                prompt: config.planner.prompt(of: ritual, scheduled: id.scheduled), message: "")
            again.turn = config.turn(of: ritual, id.scheduled, state: state)
            show(again, ritual)
        }
    }

    /// How a notification ended: a button is the answer (unless the occurrence was answered
    /// meanwhile); a failure is journaled once and the notification waits for a server.
    func noticeEnded(_ event: DaemonEvent, _ end: NoticeEnd, state: PlannerState, now: Instant) -> NoticeOutcome {
        guard let id = event.id, let ritual = config.ritual(id.ritual) else { return .nothing }
        switch end {
        case .none:
            return .nothing
        case .reopen:
            // Clicked in a list without buttons: shown again, with them, while still open.
            if config.isOpen(id, state: state) {
                logger.info("\(event.title ?? id.ritual): clicked in a list without buttons; notification shown again")
                show(event, ritual)
            }
            return .nothing
        case .failed(let why):
            defer { pending.keep(event) }
            guard pending.isFirstFailure(event) else { return .failed(nil) }
            var failed = DaemonEvent(
                .deliveryFailed, ritual: id.ritual, title: event.title, occurrence: id.scheduled,
                message:
                    "Could not show \(event.title ?? id.ritual): \(why); it is shown when a notification server answers"
            )
            failed.channel = RitualsConfiguration.desktopChannel
            return .failed(failed)
        case .button(let button):
            // Already answered (from ritualctl, say): the late click changes nothing.
            guard !state.isClosed(id, ack: ritual.ack) else { return .nothing }
            let answer: Answer
            switch button {
            case .done: answer = .done
            case .skip: answer = .skipped
            case .snooze: answer = .snoozed(until: now + config.config.desktop.snooze)
            }
            return .answered(GivenAnswer(answer, to: id, by: .me, at: now, source: .button))
        }
    }

    /// The session bus told of the notification server: what waits is shown as soon as one takes
    /// the name, and from then on only then (no blind retries while the bus is followed).
    /// Returns the `missed` to record of what was held past its catch_up.
    func serverChanged(_ status: DesktopStatus, state: PlannerState, now: Instant) -> [DaemonEvent] {
        inputs.checkQueue()
        desktop = status
        notifier.reopensOnClick = status.server?.hasPrefix("gnome-shell ") == true
        pending.followed = true
        let missed = reconsiderHeld(state: state, now: now)
        if status.server != nil { retryNotices(state: state, now: now) }
        return missed
    }

    /// logind told of the person's session: what it no longer holds is shown; returns the
    /// `missed` to record of what was held past its catch_up.
    func sessionChanged(_ status: SessionStatus, state: PlannerState, now: Instant) -> [DaemonEvent] {
        inputs.checkQueue()
        session = status
        return reconsiderHeld(state: state, now: now)
    }

    /// Shows again what waits for a notification server, while its occurrence is still open and
    /// within its ritual's catch_up; gives up on the rest.
    func retryNotices(state: PlannerState, now: Instant) {
        for event in pending.takeAll() {
            guard let id = event.id, let ritual = config.ritual(id.ritual) else { continue }
            let window = max(config.config.catchUp(of: ritual), Lateness.onTime)
            if config.isOpen(id, state: state) && now - id.scheduled <= window {
                show(event, ritual)
            } else {
                logger.notice("\(event.title ?? id.ritual): no notification server answered in time; not shown")
            }
        }
    }

    /// Ends every notification, forgets what waits and the escalations (at stop).
    func stopAll() {
        notifier.stopAll()
        outbox.stopAll()
        for e in escalations.values { e.timer?.cancel() }
        escalations.removeAll()
        _ = pending.takeAll()
    }
}

/// A ritual and a kind of event: of a batch, one of each is handed on.
private struct KindOfRitual: Hashable {
    let ritual: String
    let kind: EventKind
}
