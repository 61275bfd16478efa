import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsCore

#if canImport(Glibc)
    import Glibc
#endif

/// Shows notifications by running `notify-send` (never through a shell) with Done / Snooze / Skip
/// buttons and `--wait`; the button pressed comes back on its standard output. Each waiting child
/// is read by a thread of its own, never by the scheduler; their number is bounded and they are
/// ended at shutdown. One notification per ritual: a new one replaces the one still open, in
/// place where the server allows it (GNOME Shell lets only the notification's own sender replace
/// it: there the old one is closed and the new one shown apart).
final class DesktopNotifier: Notifier, @unchecked Sendable {
    /// One waiting `notify-send`.
    final class Child: @unchecked Sendable {
        var process: ChildProcess?
        let key: String
        /// The occurrence it shows, when it shows one.
        let occurrence: Instant?
        /// The notification's id, once notify-send printed it.
        var id: Int?
        /// Replaced by a newer one, closed to make room or at shutdown: its end is no answer.
        var ended = false
        /// It did not show in time and was killed.
        var timedOut = false
        /// The one it replaces (asked for with its id), ended once this one is shown or refused.
        var replaced: Child?
        /// The server refused the replacement: nothing of this one is shown.
        var refused = false
        init(key: String, occurrence: Instant?) {
            self.key = key
            self.occurrence = occurrence
        }
    }

    /// Waiting notifications at most; older ones are closed to make room.
    static let maxWaiting = 8
    /// Children at most, those still ending included: a notify-send that ignores being asked to
    /// end is killed after `endGrace`, so this bound holds even for one that hangs.
    static let maxChildren = 2 * maxWaiting
    /// Seconds a notify-send has to show its notification (print its id) before it is killed.
    static let showTimeout = Duration.seconds(10)
    /// Seconds between asking a notify-send to end and killing it.
    static let endGrace = Duration.seconds(2)

    let lock = Lock()
    var children: [Child] = []
    private var _settings: RitualsConfiguration.Desktop
    /// Settings for the next notification (a reload changes them; open ones stay answerable).
    var settings: RitualsConfiguration.Desktop {
        get { lock.withLock { _settings } }
        set { lock.withLock { _settings = newValue } }
    }

    private var _reopens = false
    var reopensOnClick: Bool {
        get { lock.withLock { _reopens } }
        set { lock.withLock { _reopens = newValue } }
    }

    /// The notify-send to run; nil: the one on PATH.
    let program: String?

    init(settings: RitualsConfiguration.Desktop, program: String? = nil) {
        _settings = settings
        self.program = program
    }

    func show(_ notice: Notice, queue: DispatchQueue, ended: @escaping @Sendable (NoticeEnd) -> Void) {
        show(
            key: notice.answerable ? notice.occurrence.ritual : "note " + notice.occurrence.ritual,
            occurrence: notice.occurrence.scheduled, title: notice.title, body: notice.body, urgency: notice.urgency,
            buttons: notice.answerable, queue: queue, answered: ended)
    }

    /// Shows a notification for the ritual named by `key`, replacing the one still open for it;
    /// `answered` runs on `queue` with the result.
    func show(
        key: String, occurrence: Instant? = nil, title: String, body: String, urgency: Urgency?, buttons: Bool = true,
        queue: DispatchQueue, replace: Bool = true, answered: @escaping @Sendable (NoticeEnd) -> Void
    ) {
        guard let path = program ?? ChildProcess.find("notify-send") else {
            queue.async { answered(.failed("notify-send is not installed (Debian package libnotify-bin)")) }
            return
        }
        let child = Child(key: key, occurrence: occurrence)
        lock.lock()
        var replacedID: Int?
        // One not shown yet (its notify-send has not said its id) is not replaced: it shows, or
        // times out, on its own; a withdrawal ends it with the rest.
        if replace, let old = children.last(where: { $0.key == key && !$0.ended && $0.id != nil }) {
            replacedID = old.id
            old.ended = true
            child.replaced = old
        }
        let open = children.filter { !$0.ended }
        if open.count >= DesktopNotifier.maxWaiting, let oldest = open.first { end(oldest) }
        guard children.count < DesktopNotifier.maxChildren else {
            lock.unlock()
            queue.async {
                answered(.failed("\(DesktopNotifier.maxChildren) notify-send processes have not ended yet; not shown"))
            }
            return
        }
        children.append(child)
        lock.unlock()
        let args = arguments(title: title, body: body, urgency: urgency, replacing: replacedID, buttons: buttons)
        // notify-send prints its id through a buffered stdout, only at exit when that is a pipe;
        // stdbuf makes it a line at once, so that the next notification can replace this one.
        let command = ChildProcess.find("stdbuf").map { ($0, ["-oL", path] + args) } ?? (path, args)
        let process: ChildProcess
        do {
            process = try ChildProcess(command.0, command.1)
        } catch {
            forget(child)
            queue.async { answered(.failed("cannot run notify-send: \(error.reason)")) }
            return
        }
        // Ended (withdrawn, or closed to make room) while it was being started: it goes at once.
        if lock.withLock({ () -> Bool in
            child.process = process
            return child.ended
        }) {
            process.interrupt()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + DispatchTimeInterval(DesktopNotifier.showTimeout)) {
            [self, weak process] in
            guard let process else { return }
            let hung = lock.withLock { () -> Bool in
                guard child.id == nil, !child.ended, children.contains(where: { $0 === child }) else { return false }
                child.timedOut = true
                return true
            }
            if hung { process.kill() }
        }
        Threads.detach { [self] in
            let answer = wait(for: child, process)
            forget(child)
            if lock.withLock({ child.refused }) {
                // The server refused the replacement: the old one is closed, this one shown anew.
                show(
                    key: key, occurrence: occurrence, title: title, body: body, urgency: urgency, queue: queue,
                    replace: false, answered: answered)
            } else if let answer {
                queue.async { answered(answer) }
            }
        }
    }

    /// Reads a child's output to its end: the id first, then the button, if any. Nil when the
    /// notification was replaced or closed to make room.
    func wait(for child: Child, _ process: ChildProcess) -> NoticeEnd? {
        var output = Data()
        var said = Data()
        var unshown = false
        var shownAs: Int?
        while case let chunk = process.readOutput(), !chunk.isEmpty {
            output.append(chunk)
            if shownAs == nil, let line = output.split(separator: 0x0A, omittingEmptySubsequences: false).first,
                output.contains(0x0A), let id = Int(String(decoding: line, as: UTF8.self))
            {
                shownAs = id
                let replacing = lock.withLock { () -> Bool in
                    child.id = id
                    return child.replaced != nil
                }
                // notify-send tells a refusal on standard error, before the id (which is then
                // the one it asked to replace), and waits on: nothing of it is shown.
                said.append(process.errorsWritten())
                if id == 0 {
                    // No server took the notification (no session bus); notify-send would wait forever.
                    unshown = true
                    process.terminate()
                } else if replacing && !said.isEmpty {
                    lock.withLock { child.refused = true }
                    process.terminate()
                } else {
                    endReplaced(by: child, shownAs: id)
                }
            }
        }
        said.append(ChildProcess.drain(process.readErrors, limit: 4096))
        let problem = String(decoding: said.prefix(4096), as: UTF8.self).trimmingBlanks
        let status = process.wait()
        // Closed before anything else is shown (GNOME Shell shows nothing new while the banner it
        // takes away goes without a slide).
        endReplaced(by: child, shownAs: nil)?.awaitEnd()
        let (ended, timedOut) = lock.withLock { (child.ended, child.timedOut) }
        if ended { return nil }
        if timedOut {
            return .failed(
                "notify-send did not show the notification within \(DesktopNotifier.showTimeout.components.seconds) s and was ended"
            )
        }
        if unshown {
            return .failed(
                "no notification server answered on the session bus" + (problem.isEmpty ? "" : ": \(problem)"))
        }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        if status != 0 && status < 128 {
            return .failed(problem.isEmpty ? "notify-send exited with status \(status)" : problem)
        }
        if let button = lines.dropFirst().lazy.compactMap(RitualsConfiguration.Desktop.Button.init(rawValue:)).first {
            return .button(button)
        }
        if lines.dropFirst().contains(DesktopNotifier.reopenAction) { return .reopen }
        return NoticeEnd.none
    }

    /// The id of the notification open for `key`, once notify-send told it.
    func openID(of key: String) -> Int? {
        lock.withLock { children.last { $0.key == key && !$0.ended }?.id }
    }

    func isShowing(_ occurrence: OccurrenceID) -> Bool {
        lock.withLock {
            children.contains { $0.key == occurrence.ritual && !$0.ended && $0.occurrence == occurrence.scheduled }
        }
    }

    /// Closes the notification of `occurrence` (someone else answered it): notify-send,
    /// interrupted, closes it on the server and ends. Returns whether one was open.
    @discardableResult
    func withdraw(_ occurrence: OccurrenceID) -> Bool {
        let found = lock.withLock { () -> [ChildProcess?] in
            let open = children.filter {
                $0.key == occurrence.ritual && !$0.ended && $0.occurrence == occurrence.scheduled
            }
            for child in open { child.ended = true }
            return open.map(\.process)
        }
        for process in found.compactMap({ $0 }) {
            process.interrupt()
            DispatchQueue.global().asyncAfter(deadline: .now() + DispatchTimeInterval(DesktopNotifier.endGrace)) {
                [weak process] in process?.kill()
            }
        }
        return !found.isEmpty
    }

    /// Ends the notify-send of the notification `child` replaces, once `child` is shown as `id`
    /// (nil: not shown). The same id: the server replaced it in place, and the old notify-send
    /// only has to go. Another id, or none: it is still on screen, and is closed (interrupted,
    /// notify-send closes its notification).
    /// Returns the notify-send closing it, if any.
    @discardableResult
    func endReplaced(by child: Child, shownAs id: Int?) -> ChildProcess? {
        let old = lock.withLock { () -> Child? in
            defer { child.replaced = nil }
            return child.replaced
        }
        guard let old, let process = lock.withLock({ old.process }) else { return nil }
        if id != nil && id == lock.withLock({ old.id }) {
            process.stop(grace: DesktopNotifier.endGrace)
            return nil
        }
        process.interrupt()
        DispatchQueue.global().asyncAfter(deadline: .now() + DispatchTimeInterval(DesktopNotifier.endGrace)) {
            [weak process] in process?.kill()
        }
        return process
    }

    /// Ends a child's notify-send (called with the lock held): asked, then killed.
    private func end(_ child: Child) {
        child.ended = true
        child.process?.stop(grace: DesktopNotifier.endGrace)
    }

    func forget(_ child: Child) {
        lock.withLock { children.removeAll { $0 === child } }
    }

    /// Ends every waiting notify-send: asked, and killed if still there after a moment.
    func stopAll() {
        let all = lock.withLock {
            for c in children { c.ended = true }
            return children.compactMap(\.process)
        }
        for p in all { p.terminate() }
        let end = DispatchTime.now() + .milliseconds(500)
        while DispatchTime.now() < end && all.contains(where: { !$0.hasExited }) { usleep(10_000) }
        for p in all where !p.hasExited { p.kill() }
    }
}
