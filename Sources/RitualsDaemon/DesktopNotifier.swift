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
/// ended at shutdown. One notification per ritual: a new one replaces the one still open.
public final class DesktopNotifier: @unchecked Sendable {
    /// How a notification ended.
    public enum Answer: Sendable, Equatable {
        case button(RitualsConfiguration.Desktop.Button)
        /// Dismissed or expired: no outcome.
        case none
        case failed(String)
    }

    /// One waiting `notify-send`.
    final class Child: @unchecked Sendable {
        var process: ChildProcess?
        let key: String
        /// The occurrence it shows, when it shows one.
        let occurrence: Int?
        /// The notification's id, once notify-send printed it.
        var id: Int?
        /// Replaced by a newer one, closed to make room or at shutdown: its end is no answer.
        var ended = false
        /// It did not show in time and was killed.
        var timedOut = false
        init(key: String, occurrence: Int?) {
            self.key = key
            self.occurrence = occurrence
        }
    }

    /// Waiting notifications at most; older ones are closed to make room.
    public static let maxWaiting = 8
    /// Children at most, those still ending included: a notify-send that ignores being asked to
    /// end is killed after `endGrace`, so this bound holds even for one that hangs.
    public static let maxChildren = 2 * maxWaiting
    /// Seconds a notify-send has to show its notification (print its id) before it is killed.
    public static let showTimeout = 10.0
    /// Seconds between asking a notify-send to end and killing it.
    public static let endGrace = 2.0

    let lock = Lock()
    var children: [Child] = []
    private var _settings: RitualsConfiguration.Desktop
    /// Settings for the next notification (a reload changes them; open ones stay answerable).
    public var settings: RitualsConfiguration.Desktop {
        get { lock.withLock { _settings } }
        set { lock.withLock { _settings = newValue } }
    }

    /// The notify-send to run; nil: the one on PATH.
    let program: String?

    public init(settings: RitualsConfiguration.Desktop, program: String? = nil) {
        _settings = settings
        self.program = program
    }

    /// `<`, `>` and `&` as entities, since notification bodies are read as markup.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The arguments for one notification. The summary is plain text; the body is markup, so it
    /// is escaped.
    public func arguments(title: String, body: String, urgency: Urgency?, replacing id: Int? = nil) -> [String] {
        let settings = self.settings
        var args = [
            "--app-name=Rituals", "--urgency=\((urgency ?? settings.urgency).rawValue)", "--icon=\(settings.icon)",
            "--expire-time=\(settings.expire.map { String($0 / 1000) } ?? "0")", "--print-id", "--wait",
        ]
        if let id { args.append("--replace-id=\(id)") }
        for button in settings.buttons {
            let label: String
            switch button {
            case .done: label = "Done"
            case .snooze: label = "Snooze " + TimeSpan.format(settings.snooze, style: .spoken)
            case .skip: label = "Skip"
            }
            args.append("--action=\(button.rawValue)=\(label)")
        }
        args += ["--", title, DesktopNotifier.escape(body)]
        return args
    }

    /// Shows a notification for the ritual named by `key`, replacing the one still open for it;
    /// `answered` runs on `queue` with the result.
    public func show(
        key: String, occurrence: Int? = nil, title: String, body: String, urgency: Urgency?, queue: DispatchQueue,
        answered: @escaping @Sendable (Answer) -> Void
    ) {
        guard let path = program ?? ChildProcess.find("notify-send") else {
            queue.async { answered(.failed("notify-send is not installed (Debian package libnotify-bin)")) }
            return
        }
        let child = Child(key: key, occurrence: occurrence)
        lock.lock()
        var replacedID: Int?
        if let old = children.last(where: { $0.key == key && !$0.ended && $0.id != nil }) {
            replacedID = old.id
            end(old)
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
        let args = arguments(title: title, body: body, urgency: urgency, replacing: replacedID)
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
        lock.withLock { child.process = process }
        DispatchQueue.global().asyncAfter(deadline: .now() + DesktopNotifier.showTimeout) { [self] in
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
            if let answer { queue.async { answered(answer) } }
        }
    }

    /// Reads a child's output to its end: the id first, then the button, if any. Nil when the
    /// notification was replaced or closed to make room.
    func wait(for child: Child, _ process: ChildProcess) -> Answer? {
        var output = Data()
        var unshown = false
        while case let chunk = process.readOutput(), !chunk.isEmpty {
            output.append(chunk)
            if let line = output.split(separator: 0x0A, omittingEmptySubsequences: false).first,
                output.contains(0x0A), let id = Int(String(decoding: line, as: UTF8.self))
            {
                lock.withLock { if child.id == nil { child.id = id } }
                // Id 0: no server took the notification (no session bus); notify-send would wait forever.
                if id == 0 && !unshown {
                    unshown = true
                    process.terminate()
                }
            }
        }
        let problem = String(decoding: ChildProcess.drain(process.readErrors, limit: 4096), as: UTF8.self)
            .trimmingBlanks
        let status = process.wait()
        let (ended, timedOut) = lock.withLock { (child.ended, child.timedOut) }
        if ended { return nil }
        if timedOut {
            return .failed(
                "notify-send did not show the notification within \(Int(DesktopNotifier.showTimeout)) s and was ended")
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
        return Answer.none
    }

    /// The id of the notification open for `key`, once notify-send told it.
    public func openID(of key: String) -> Int? {
        lock.withLock { children.last { $0.key == key && !$0.ended }?.id }
    }

    /// Whether the notification open for `key` shows `occurrence`.
    public func isShowing(_ key: String, occurrence: Int) -> Bool {
        lock.withLock { children.contains { $0.key == key && !$0.ended && $0.occurrence == occurrence } }
    }

    /// Closes the notification open for `key` when it shows `occurrence` (someone else answered
    /// it): notify-send, interrupted, closes it on the server and ends. Returns whether one was.
    @discardableResult
    public func withdraw(_ key: String, occurrence: Int) -> Bool {
        let found = lock.withLock { () -> ChildProcess? in
            guard let child = children.last(where: { $0.key == key && !$0.ended && $0.occurrence == occurrence })
            else { return nil }
            child.ended = true
            return child.process
        }
        guard let found else { return false }
        found.interrupt()
        DispatchQueue.global().asyncAfter(deadline: .now() + DesktopNotifier.endGrace) { found.kill() }
        return true
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
    public func stopAll() {
        let all = lock.withLock {
            for c in children { c.ended = true }
            return children.compactMap(\.process)
        }
        for p in all { p.terminate() }
        let end = Date().addingTimeInterval(0.5)
        while Date() < end && all.contains(where: { !$0.hasExited }) { usleep(10_000) }
        for p in all where !p.hasExited { p.kill() }
    }
}
