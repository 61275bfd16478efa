import Dispatch
import LinuxSystem
import Logging
import RitualsControl
import RitualsCore
import Synchronization
import Systemd

/// The one event loop: every input is handled here, on the daemon's queue. Parts decide; what
/// they decided is recorded once and handed on here.
extension Daemon {
    /// After a firing, resident code is given back when the next event is further away than this.
    static let releaseAfterFireGap = Duration.minutes(1)

    /// Handles one input. Everything that changes the daemon's state passes through here.
    func handle(_ input: Input) {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = clock.now()
        // What this input let go of, the others are told of.
        defer { sharing.released(delivery.takeReleased(), now: now, state: state) }
        switch input {
        case .due:
            due(now: now)
        case .clockChanged:
            logger.info("wall clock changed, or the computer woke; planning again")
            due(now: now)
        case .zoneMayHaveChanged:
            checkZone(now: now)
        case .answers(let given):
            take(given, now: now)
            answers.tellRefusals()
        case .folderRead(let batch):
            answers.trouble(refused: batch.refused, problems: batch.problems)
            fireHeard(batch.firings, now: now)
            sharing.heard(batch.holds)
            notesHeard(batch.notes, now: now)
            take(batch.answers, now: now)
            answers.tellRefusals()
        case .channelNotes(let given):
            notesFromChannels(given, now: now)
        case .refusalsDue:
            answers.tellRefusals()
        case .noticeEnded(let event, let end):
            switch delivery.noticeEnded(event, end, state: state, now: now) {
            case .answered(let given): take([given], now: now)
            case .failed(let failure): record(failure.map { [$0] } ?? [], now: now)
            case .nothing: break
            }
        case .retryNotices:
            delivery.retryNotices(state: state, now: now)
        case .notificationServer(let desktop):
            record(delivery.serverChanged(desktop, state: state, now: now), now: now)
            // The bus's code came back to ask the server; idle, it need not stay.
            if surroundings.watchesSystem { ThisProcess.releaseResidentCode() }
        case .session(let session):
            record(delivery.sessionChanged(session, state: state, now: now), now: now)
            if surroundings.watchesSystem { ThisProcess.releaseResidentCode() }
        case .channelEnded(let message, let outcome):
            guard let sent = delivery.attemptEnded(message, outcome) else { return }
            record([sent.event], now: now)
            if let post = sent.posted { replies.posted(post.channel, post.message, event: post.id) }
        case .resend(let message):
            record(delivery.resend(message).map { [$0] } ?? [], now: now)
        case .escalationDue(let id, let channel):
            guard let (escalated, escalation) = delivery.escalationDue(id, channel: channel, state: state) else {
                return
            }
            // Recorded before it goes: no restart sends it again.
            record([escalated], now: now)
            record(delivery.send(escalation).map { [$0] } ?? [], now: now)
        case .control(let request, let reply):
            serve(request, reply, now: now)
        case .reload(let reply):
            if reply == nil { reloadWaiting.store(false, ordering: .releasing) }
            beginReload(reply)
        case .configRead(let read):
            reloaded(read, now: now)
        case .retryHistory:
            historyRetry = nil
            recorder.writeUnwritten()
            keepTryingHistory()
            rearm()
        case .stop:
            stop()
        }
    }

    /// While the disk refuses the history (full, read-only), what waits in memory is tried again
    /// on a timer, not only with the next record: once there is room it is written (a kill
    /// afterwards loses nothing) and status clears.
    func keepTryingHistory() {
        guard recorder.store.problem != nil, historyRetry == nil else { return }
        let inputs = self.inputs
        historyRetry = clock.timer(after: Daemon.historyRetryEvery, queue: queue) { inputs.send(.retryHistory) }
    }

    /// Once requests have stopped for ``releaseAfterRequests``, the code they brought back (JSON,
    /// the query view, the commands) is given back: one wake-up after a burst, none while idle.
    func releaseCodeWhenQuiet() {
        guard surroundings.watchesSystem else { return }
        codeRelease?.cancel()
        codeRelease = clock.timer(after: Daemon.releaseAfterRequests, queue: queue) {
            ThisProcess.releaseResidentCode()
        }
    }

    static let releaseAfterRequests = Duration.seconds(30)

    /// How often a history the disk refused is tried again.
    static let historyRetryEvery = Duration.seconds(5)

    /// Records `events` (history, then journal), then hands them on: this person's answers to the
    /// shared folder, everything to delivery (shown, sent, withdrawn, escalated).
    func record(_ events: [DaemonEvent], now: Instant) {
        guard !events.isEmpty else { return }
        recorder.record(events, now: now)
        keepTryingHistory()
        sharing.share(events, state: state, now: now)
        record(delivery.take(events, state: state), now: now)
    }

    /// Answers from any source: those that hold are recorded, and the timer is armed anew.
    func take(_ given: [GivenAnswer], now: Instant) {
        let events = answers.take(given, state: state, now: now)
        guard !events.isEmpty else { return }
        record(events, now: now)
        rearm()
    }

    /// Occurrences the others' computers fired by hand: those that are fresh and open here fire
    /// here too; answers that waited for any of them count now.
    func fireHeard(_ firings: [HandFiring], now: Instant) {
        guard !firings.isEmpty else { return }
        let toFire = answers.heard(firings, state: state, now: now)
        record(answers.takeWaiting(state: state, now: now), now: now)
        // What the answers that waited left open.
        for (ritual, firing) in toFire where config.planner.verdict(on: firing, state: state, now: now) == .fireHere {
            record(commands.fire(ritual, heard: firing, now: now, state: state).map { [$0] } ?? [], now: now)
        }
        rearm()
    }

    /// The timer went off, the clock was stepped or the computer woke: answers that waited for
    /// their occurrence first, then everything due by now, pauses that are over, and the timer
    /// armed for the next.
    func due(now: Instant) {
        record(answers.takeWaiting(state: state, now: now), now: now)
        answers.tellRefusals()
        settle(now: now)
        record(scheduler.endedPauses(now: now, state: state), now: now)
        rearm()
        // A long wait ahead: the code that fired need not stay resident until then.
        if surroundings.watchesSystem, let at = scheduler.armedFor, at - now > Daemon.releaseAfterFireGap {
            ThisProcess.releaseResidentCode()
        }
    }

    /// Records what the lateness rule made of the events up to `now`: what is only noted in one
    /// write, then each delivery on its own (recorded before it shows), then the gap's summary.
    func settle(now: Instant, atStart: Bool = false) {
        let settled = atStart ? scheduler.start(now: now, state: state) : scheduler.settle(now: now, state: state)
        record(settled.notes, now: now)
        for delivery in settled.deliveries { record([delivery], now: now) }
        record(settled.summary.map { [$0] } ?? [], now: now)
    }

    /// Arms the timer for what is planned next, and tells systemd.
    func rearm() {
        scheduler.rearm(state: state)
        ServiceNotify.send("STATUS=\(scheduler.statusLine(problem: recorder.store.problem))")
    }

    /// A request of ritualctl: a query is answered in the query lanes; a command here, answered
    /// once what it recorded is on disk (or, when the disk refuses, saying so).
    func serve(_ request: ControlRequest, _ reply: ControlReply, now: Instant) {
        releaseCodeWhenQuiet()
        var named: Ritual?
        if let id = request.ritual {
            guard let found = config.ritual(id) else {
                let known = config.rituals.map(\.id).joined(separator: ", ")
                return reply.send(.refused("no ritual \"\(id)\"; the rituals are: \(known)"))
            }
            named = found
        }
        if request == .reload { return beginReload(reply) }
        if case .notes(_, let since) = request { return reply.send(listNotes(named, since: since, now: now)) }
        if case .note(_, let occurrence, let text) = request, let named {
            return reply.send(note(named, occurrence: occurrence, text: text, now: now))
        }
        if request.isQuery {
            return control.answer(request, reply: reply, view: queryView(now: now), ritual: named, now: now)
        }
        var response = command(request, named, now: now)
        response.timezone = config.zone.name
        if response.ok, let problem = recorder.store.problem {
            response.messages = (response.messages ?? []) + ["Not yet saved: \(problem)."]
        }
        reply.send(response)
    }

    private func command(_ request: ControlRequest, _ named: Ritual?, now: Instant) -> ControlResponse {
        let state = self.state
        let outcome: Commands.Outcome
        switch (request, named) {
        case (.fire, let ritual?): outcome = commands.fire(ritual, now: now, state: state)
        case (.done, let ritual?): outcome = commands.done(ritual, now: now, state: state)
        case (.snooze(_, let duration), let ritual?):
            outcome = commands.snooze(ritual, duration: duration, now: now, state: state)
        case (.skip(_, let count), let ritual?): outcome = commands.skip(ritual, count: count, now: now, state: state)
        case (.pause(_, let span, let until), _):
            outcome = commands.pause(named, for: span, until: until, now: now)
        case (.resume, _): outcome = commands.resume(named, now: now, state: state)
        default: return .refused("\(request.command.rawValue) needs a ritual id")
        }
        guard outcome.response.ok else { return outcome.response }
        if outcome.settleFirst { settle(now: now) }
        record(answers.take(outcome.answers, state: self.state, now: now), now: now)
        record(outcome.events, now: now)
        if let fired = outcome.firedByHand { sharing.firedByHand(fired, at: now, state: self.state) }
        rearm()
        return outcome.response
    }

    /// The state of this moment, for one query.
    func queryView(now: Instant) -> QueryView {
        let store = recorder.store
        var view = QueryView(
            planner: config.planner, state: store.state, zone: config.zone, configName: config.name,
            stateDirectory: store.directory, historyPath: store.historyPath, unwritten: store.unwritten,
            problem: store.problem, armed: scheduler.armedFor, startedAt: startedAt,
            sharing: sharing.status(lastHeard: answers.lastHeard), answerChannels: replies.status(),
            desktop: delivery.desktop, session: delivery.session, held: delivery.heldNow,
            journal: surroundings.journalProblem,
            horizon: Scheduler.horizon)
        view.notes = (notes.problem.map { [$0] } ?? []) + notes.book.refused
        return view
    }
}
