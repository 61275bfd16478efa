import Dispatch
import FoundationEssentials
import Logging
import RitualsChannels
import RitualsConfig
import RitualsCore

/// Delivery: what is recorded reaches people. The desktop shows what the planner schedules (a
/// notification whose buttons answer the occurrence), the channels get the kinds they ask for (at
/// once, or with `after` only while the occurrence is still unanswered), notifications that found
/// no notification server wait for one, and an answer (here or another person's) withdraws what
/// it leaves nothing to do for. Follows the recorder; used on the daemon's queue only.
final class Delivery: @unchecked Sendable {
    let queue: DispatchQueue
    let rules: Rules
    let recorder: Recorder
    let logger: Logger
    let notifier: DesktopNotifier
    /// Notifications waiting for a notification server.
    private let pending = PendingNotices()
    /// The channels other than the desktop.
    private(set) lazy var dispatcher = ChannelDispatcher(queue: queue) { [unowned self] in ended($0, $1) }
    /// A message that asks for an answer was posted through a channel answers come back through
    /// (the channel, the message, the posted event's id).
    var posted: (Channel, ChannelMessage, String) -> Void = { _, _, _ in }
    /// A notification's button was pressed: the answer is the person's here.
    var buttonPressed: (Ritual, Int, RitualsConfiguration.Desktop.Button) -> Void = { _, _, _ in }

    init(queue: DispatchQueue, rules: Rules, recorder: Recorder, logger: Logger, notifier: DesktopNotifier) {
        self.queue = queue
        self.rules = rules
        self.recorder = recorder
        self.logger = logger
        self.notifier = notifier
    }

    /// Hands on what was just recorded: of a batch (what a gap came to), only the last of each
    /// ritual and kind; every answer heard from another person (each may withdraw a notification).
    func take(_ events: [DaemonEvent]) {
        var seen: Set<String> = []
        var chosen: [DaemonEvent] = []
        for e in events.reversed()
        where e.by?.other != nil || seen.insert("\(e.ritual ?? "")\t\(e.kind.name)").inserted {
            chosen.append(e)
        }
        for e in chosen.reversed() { fanOut(e) }
    }

    private func fanOut(_ event: DaemonEvent) {
        guard let id = event.ritual, let ritual = rules.ritual(id), let occurrence = event.occurrence else { return }
        // Another person's answer: their computer tells their channels.
        if event.by?.other != nil { return heard(event, ritual) }
        if PlannerState.answerKinds.contains(event.kind) {
            dispatcher.cancelEscalations(prefix: id + "\t")
            // Answered from ritualctl: its notification has nothing left to ask.
            notifier.withdraw(id, occurrence: occurrence)
        }
        for name in rules.config.channels(of: ritual) {
            if name == RitualsConfiguration.desktopChannel {
                if EventKind.planned.contains(event.kind) { show(event, ritual) }
            } else {
                send(event, ritual, through: name)
            }
        }
    }

    /// Shows a planned event as a notification; its buttons answer the occurrence.
    func show(_ event: DaemonEvent, _ ritual: Ritual) {
        notifier.show(
            key: ritual.id, occurrence: event.occurrence, title: event.title ?? ritual.id, body: event.body,
            urgency: ritual.urgency, queue: queue
        ) { [weak self] answer in
            self?.notificationEnded(answer, event)
        }
    }

    /// What another person's answer changes here: when it leaves nothing for this person to do,
    /// the notification of that occurrence is withdrawn and escalations end; when it is one of
    /// the confirmations a ritual needs, the open notification says so.
    private func heard(_ event: DaemonEvent, _ ritual: Ritual) {
        guard let occurrence = event.occurrence else { return }
        let state = recorder.state
        if !isOpen(ritual.id, occurrence) {
            if state.lastHandled[ritual.id] == occurrence { dispatcher.cancelEscalations(prefix: ritual.id + "\t") }
            if notifier.withdraw(ritual.id, occurrence: occurrence) {
                let who = event.by?.other ?? "someone"
                logger.info("\(event.title ?? ritual.id): notification withdrawn, \(who) answered")
            }
        } else if event.kind == .done, notifier.isShowing(ritual.id, occurrence: occurrence) {
            var again = DaemonEvent(
                .fired, ritual: ritual.id, title: event.title, occurrence: occurrence,
                prompt: rules.planner.prompt(of: ritual, scheduled: occurrence), message: "")
            again.turn = rules.turn(of: ritual, occurrence, state: state)
            show(again, ritual)
        }
    }

    /// Whether an occurrence is still the ritual's latest and unanswered (not done, skipped,
    /// snoozed or missed).
    func isOpen(_ ritual: String, _ occurrence: Int) -> Bool {
        let key = PlannerState.Key(ritual, occurrence)
        let ack = rules.ritual(ritual)?.ack ?? .either
        let state = recorder.state
        return state.lastHandled[ritual] == occurrence && !state.isClosed(key, ack: ack)
            && state.snoozeEnd(key, ack: ack) == nil
    }

    /// How a notification ended: a button is the answer, a failure is journaled once and the
    /// notification waits for a server.
    private func notificationEnded(_ answer: DesktopNotifier.Answer, _ event: DaemonEvent) {
        guard let id = event.ritual, let occurrence = event.occurrence else { return }
        switch answer {
        case .none:
            return
        case .failed(let why):
            if pending.isFirstFailure(event) {
                var failed = DaemonEvent(
                    .deliveryFailed, ritual: id, title: event.title, occurrence: occurrence,
                    message:
                        "Could not show \(event.title ?? id): \(why); it is shown when a notification server answers")
                failed.fields = [("RITUAL_CHANNEL", RitualsConfiguration.desktopChannel)]
                recorder.record(failed)
            }
            pending.keep(event, queue: queue) { [weak self] in self?.retryNotices() }
        case .button(let button):
            // Already answered (from ritualctl, say): the late click changes nothing.
            guard let ritual = rules.ritual(id),
                !recorder.state.isClosed(PlannerState.Key(id, occurrence), ack: ritual.ack)
            else { return }
            buttonPressed(ritual, occurrence, button)
        }
    }

    /// Shows again what waits for a notification server, while its occurrence is still open and
    /// within its ritual's catch_up; gives up on the rest.
    private func retryNotices() {
        let now = WallClock.now()
        for event in pending.takeAll() {
            guard let id = event.ritual, let occurrence = event.occurrence, let ritual = rules.ritual(id) else {
                continue
            }
            let window = ritual.catchUp ?? rules.config.settings.catchUp
            if isOpen(id, occurrence) && now - occurrence <= max(window, Lateness.onTime) {
                show(event, ritual)
            } else {
                logger.notice("\(event.title ?? id): no notification server answered in time; not shown")
            }
        }
    }

    /// Ends every notification and forgets what waits (at stop).
    func stopAll() {
        notifier.stopAll()
        dispatcher.stopAll()
        _ = pending.takeAll()
    }
}
