import Foundation
import RitualsCore

/// Shows notifications by running `notify-send` (never through a shell) with Done / Snooze / Skip
/// buttons and `--wait`; the button pressed comes back on its standard output. Each waiting child
/// runs off the scheduler's queue; their number is bounded and they are ended at shutdown.
public final class DesktopNotifier: @unchecked Sendable {
    /// How a notification ended.
    public enum Answer: Sendable, Equatable {
        case button(String)
        /// Dismissed or expired: no outcome.
        case none
        case failed(String)
    }

    /// Waiting notifications at most; older ones are closed to make room.
    public static let maxWaiting = 8

    let settings: RitualsConfiguration.Desktop
    let lock = NSLock()
    var children: [Process] = []

    public init(settings: RitualsConfiguration.Desktop) { self.settings = settings }

    /// `<`, `>` and `&` as entities, since notification bodies may be read as markup.
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

    /// The arguments for one notification.
    public func arguments(title: String, body: String, urgency: Urgency?) -> [String] {
        var args = [
            "--app-name=Rituals", "--urgency=\((urgency ?? settings.urgency).rawValue)", "--icon=\(settings.icon)",
            "--expire-time=\(settings.expire.map { String($0 / 1000) } ?? "0")", "--print-id", "--wait",
        ]
        let labels = ["done": "Done", "snooze": "Snooze", "skip": "Skip"]
        for button in settings.buttons {
            args.append("--action=\(button.rawValue)=\(labels[button.rawValue] ?? button.rawValue)")
        }
        args += ["--", DesktopNotifier.escape(title), DesktopNotifier.escape(body)]
        return args
    }

    /// Shows a notification; `answered` runs on `queue` with the result.
    public func show(
        title: String, body: String, urgency: Urgency?, queue: DispatchQueue,
        answered: @escaping @Sendable (Answer) -> Void
    ) {
        guard let path = DesktopNotifier.findNotifySend() else {
            queue.async { answered(.failed("notify-send is not installed (Debian package libnotify-bin)")) }
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments(title: title, body: body, urgency: urgency)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.terminationHandler = { [weak self] p in
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            self?.forget(p)
            let lines = output.split(separator: "\n").map(String.init)
            let answer: Answer
            if p.terminationStatus != 0 {
                answer = .failed(problem.isEmpty ? "notify-send exited with status \(p.terminationStatus)" : problem)
            } else if let action = lines.dropFirst().first(where: { ["done", "snooze", "skip"].contains($0) }) {
                answer = .button(action)
            } else {
                answer = .none
            }
            queue.async { answered(answer) }
        }
        lock.lock()
        if children.count >= DesktopNotifier.maxWaiting, let oldest = children.first {
            oldest.terminate()
            children.removeFirst()
        }
        children.append(process)
        lock.unlock()
        do {
            try process.run()
        } catch {
            forget(process)
            queue.async { answered(.failed("cannot run notify-send: \(error)")) }
        }
    }

    func forget(_ p: Process) {
        lock.lock()
        children.removeAll { $0 === p }
        lock.unlock()
    }

    /// Ends every waiting notify-send.
    public func stopAll() {
        lock.lock()
        let all = children
        children.removeAll()
        lock.unlock()
        for p in all where p.isRunning { p.terminate() }
    }

    static func findNotifySend() -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for dir in paths where FileManager.default.isExecutableFile(atPath: "\(dir)/notify-send") {
            return "\(dir)/notify-send"
        }
        return nil
    }
}
