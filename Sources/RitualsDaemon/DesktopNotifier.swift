import Foundation
import RitualsCore

/// Shows notifications by running `notify-send` (never through a shell) with Done / Snooze / Skip
/// buttons and `--wait`; the button pressed comes back on its standard output. Each waiting child
/// is read by a thread of its own, never by the scheduler; their number is bounded and they are
/// ended at shutdown. A reminder for an occurrence whose notification is still open replaces it.
public final class DesktopNotifier: @unchecked Sendable {
    /// How a notification ended.
    public enum Answer: Sendable, Equatable {
        case button(String)
        /// Dismissed or expired: no outcome.
        case none
        case failed(String)
    }

    /// One waiting `notify-send`.
    final class Child: @unchecked Sendable {
        let process = Process()
        let key: String
        /// The notification's id, once notify-send printed it.
        var id: Int?
        /// Replaced by a newer notification: its end is no answer.
        var replaced = false
        init(key: String) { self.key = key }
    }

    /// Waiting notifications at most; older ones are closed to make room.
    public static let maxWaiting = 8
    static let buttonNames = ["done", "snooze", "skip"]

    let lock = NSLock()
    var children: [Child] = []
    private var _settings: RitualsConfiguration.Desktop
    /// Settings for the next notification (a reload changes them; open ones stay answerable).
    public var settings: RitualsConfiguration.Desktop {
        get { lock.withLock { _settings } }
        set { lock.withLock { _settings = newValue } }
    }

    public init(settings: RitualsConfiguration.Desktop) { _settings = settings }

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

    /// The snooze button's label: "Snooze 10 min".
    static func snoozeLabel(_ usec: Int) -> String {
        let s = usec / 1_000_000
        if s % 3600 == 0 && s > 0 { return "Snooze \(s / 3600) h" }
        if s % 60 == 0 && s > 0 { return "Snooze \(s / 60) min" }
        return "Snooze \(s) s"
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
        let labels = ["done": "Done", "snooze": DesktopNotifier.snoozeLabel(settings.snooze), "skip": "Skip"]
        for button in settings.buttons {
            args.append("--action=\(button.rawValue)=\(labels[button.rawValue] ?? button.rawValue)")
        }
        args += ["--", title, DesktopNotifier.escape(body)]
        return args
    }

    /// Shows a notification for the occurrence named by `key`, replacing the one still open for
    /// it when `replace` is set; `answered` runs on `queue` with the result.
    public func show(
        key: String, title: String, body: String, urgency: Urgency?, replace: Bool = false, queue: DispatchQueue,
        answered: @escaping @Sendable (Answer) -> Void
    ) {
        guard let path = DesktopNotifier.findNotifySend() else {
            queue.async { answered(.failed("notify-send is not installed (Debian package libnotify-bin)")) }
            return
        }
        let child = Child(key: key)
        lock.lock()
        var replacedID: Int?
        if replace, let old = children.last(where: { $0.key == key && $0.id != nil }) {
            old.replaced = true
            replacedID = old.id
            old.process.terminate()
            children.removeAll { $0 === old }
        }
        if children.count >= DesktopNotifier.maxWaiting, let oldest = children.first {
            oldest.process.terminate()
            children.removeFirst()
        }
        children.append(child)
        lock.unlock()
        let out = Pipe()
        let err = Pipe()
        child.process.executableURL = URL(fileURLWithPath: path)
        child.process.arguments = arguments(title: title, body: body, urgency: urgency, replacing: replacedID)
        child.process.standardOutput = out
        child.process.standardError = err
        do {
            try child.process.run()
        } catch {
            forget(child)
            queue.async { answered(.failed("cannot run notify-send: \(error)")) }
            return
        }
        Thread.detachNewThread { [self] in
            let answer = wait(for: child, out: out.fileHandleForReading, err: err.fileHandleForReading)
            forget(child)
            if let answer { queue.async { answered(answer) } }
        }
    }

    /// Reads a child's output to its end: the id first, then the button, if any. Nil when the
    /// notification was replaced or closed to make room.
    func wait(for child: Child, out: FileHandle, err: FileHandle) -> Answer? {
        var output = Data()
        while case let chunk = out.availableData, !chunk.isEmpty {
            output.append(chunk)
            if let line = output.split(separator: 0x0A, omittingEmptySubsequences: false).first,
                output.contains(0x0A), let id = Int(String(decoding: line, as: UTF8.self))
            {
                lock.withLock { if child.id == nil { child.id = id } }
            }
        }
        let problem = String(decoding: err.readDataToEndOfFile(), as: UTF8.self)
        child.process.waitUntilExit()
        let replaced = lock.withLock { child.replaced || !children.contains { $0 === child } }
        if replaced { return nil }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        if child.process.terminationReason == .exit && child.process.terminationStatus != 0 {
            let why = problem.trimmingCharacters(in: .whitespacesAndNewlines)
            return .failed(why.isEmpty ? "notify-send exited with status \(child.process.terminationStatus)" : why)
        }
        if let action = lines.dropFirst().first(where: { DesktopNotifier.buttonNames.contains($0) }) {
            return .button(action)
        }
        return Answer.none
    }

    func forget(_ child: Child) {
        lock.withLock { children.removeAll { $0 === child } }
    }

    /// Ends every waiting notify-send.
    public func stopAll() {
        let all = lock.withLock {
            let all = children
            children.removeAll()
            return all
        }
        for c in all where c.process.isRunning { c.process.terminate() }
    }

    static func findNotifySend() -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for dir in paths where FileManager.default.isExecutableFile(atPath: "\(dir)/notify-send") {
            return "\(dir)/notify-send"
        }
        return nil
    }
}
