import Dispatch
import RitualsControl
import RitualsCore
import Systemd

#if canImport(Glibc)
    import Glibc
#endif

/// The person's graphical session as logind keeps it on the system bus, followed through sd-bus on
/// a queue of its own: the session is the user's `Display` (found again when logind says a
/// session came or went), its `LockedHint`, `IdleHint` and `IdleSinceHint` asked once and then
/// told by `PropertiesChanged`. Each change is told to the daemon; nothing polls.
final class LoginWatch: @unchecked Sendable {
    static let name = "org.freedesktop.login1"
    static let path = "/org/freedesktop/login1"
    static let manager = "org.freedesktop.login1.Manager"
    static let sessionInterface = "org.freedesktop.login1.Session"
    private static let properties = "org.freedesktop.DBus.Properties"

    private let queue = DispatchQueue(label: "rituald.system-bus")
    private let tell: @Sendable (SessionStatus) -> Void
    // What follows is used on `queue` only.
    private var bus: Bus?
    private var stopped = false
    private var current = SessionStatus()
    /// The session paths whose changes are matched already.
    private var matched: Set<String> = []

    init(tell: @escaping @Sendable (SessionStatus) -> Void) {
        self.tell = tell
    }

    func start() { queue.async { [self] in connect() } }

    func stop() {
        queue.sync {
            stopped = true
            bus?.close()
            bus = nil
        }
    }

    private func connect() {
        guard !stopped, bus == nil else { return }
        do {
            bus = try Bus(.system, queue: queue) { [weak self] why in self?.lost(why) }
        } catch {
            return told(SessionStatus(problem: "\(error)"))
        }
        for member in ["SessionNew", "SessionRemoved"] {
            try? bus?.match(
                "type='signal',sender='\(LoginWatch.name)',path='\(LoginWatch.path)',interface='\(LoginWatch.manager)',"
                    + "member='\(member)'"
            ) { [weak self] _ in self?.findSession() }
        }
        findSession()
    }

    /// Finds the user's graphical session: the user's `Display`.
    private func findSession() {
        guard let bus else { return }
        bus.call(LoginWatch.name, LoginWatch.path, LoginWatch.manager, "GetUser", with: [.uint32(getuid())]) {
            [weak self] reply in
            guard let user = (try? reply.get())?.objectPath else {
                self?.told(SessionStatus(problem: "logind does not answer: \(LoginWatch.why(reply))"))
                return
            }
            bus.call(
                LoginWatch.name, user, LoginWatch.properties, "Get",
                arguments: ["org.freedesktop.login1.User", "Display"]
            ) { display in
                guard let session = (try? display.get())?.objectPath, session != "/" else {
                    self?.told(SessionStatus())
                    return
                }
                self?.follow(session)
            }
        }
    }

    /// Follows `session`'s hints: asked now, then told by its signals.
    private func follow(_ session: String) {
        guard let bus else { return }
        if !matched.contains(session) {
            do {
                try bus.match(
                    "type='signal',sender='\(LoginWatch.name)',path='\(session)',interface='\(LoginWatch.properties)',"
                        + "member='PropertiesChanged',arg0='\(LoginWatch.sessionInterface)'"
                ) { [weak self] signal in self?.changed(signal, in: session) }
                matched.insert(session)
            } catch {
                return told(SessionStatus(session: session, problem: "its session cannot be followed: \(error)"))
            }
        }
        if current.session != session { current = SessionStatus(session: session) }
        ask(session)
    }

    private func ask(_ session: String) {
        bus?.call(LoginWatch.name, session, LoginWatch.properties, "GetAll", arguments: [LoginWatch.sessionInterface]) {
            [weak self] reply in
            guard let all = (try? reply.get())?.properties else {
                self?.told(SessionStatus(session: session, problem: "logind: \(LoginWatch.why(reply))"))
                return
            }
            self?.apply(all, to: session)
        }
    }

    private func changed(_ signal: BusReply, in session: String) {
        guard session == current.session else { return }
        let hints = ["LockedHint", "IdleHint", "IdleSinceHint"]
        let invalidated = signal.arguments.contains {
            if case .strings(let names) = $0 { names.contains { hints.contains($0) } } else { false }
        }
        if invalidated { return ask(session) }
        if let changed = signal.properties, changed.keys.contains(where: hints.contains) { apply(changed, to: session) }
    }

    /// Takes the hints `properties` carries (those it does not carry stay as they were).
    private func apply(_ properties: [String: BusReply.Argument], to session: String) {
        guard session == current.session else { return }
        var status = current
        status.problem = nil
        if case .bool(let locked)? = properties["LockedHint"] { status.locked = locked }
        if case .bool(let idle)? = properties["IdleHint"] {
            // Idle since IdleSinceHint (wall-clock microseconds), or since now when it says none.
            if !idle {
                status.idleSince = nil
            } else if case .number(let since)? = properties["IdleSinceHint"], since > 0 {
                status.idleSince = SessionStatus.idleSince(epochMicroseconds: since, now: SystemClock().now())
            } else if status.idleSince == nil {
                status.idleSince = SystemClock().now()
            }
        } else if status.idleSince != nil, case .number(let since)? = properties["IdleSinceHint"], since > 0 {
            status.idleSince = SessionStatus.idleSince(epochMicroseconds: since, now: SystemClock().now())
        }
        if status != current || status.locked == nil { told(status) }
    }

    private func told(_ status: SessionStatus) {
        current = status
        tell(status)
    }

    private func lost(_ why: String) {
        bus = nil
        matched = []
        told(SessionStatus(problem: "the system bus went away (\(why))"))
    }

    /// Why a call gave nothing: its error's first line, at most 200 characters (a server's
    /// error may carry a whole traceback).
    private static func why(_ reply: Result<BusReply, BusError>) -> String {
        guard case .failure(let error) = reply else { return "an answer without what was asked" }
        let line = error.description.split(whereSeparator: \.isNewline).first.map(String.init) ?? "no reason given"
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
