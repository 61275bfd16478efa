import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsControl
import Systemd

/// The notification server on the user's session bus, followed through sd-bus on a queue of its
/// own: who it is and what it can do (asked once each time a server takes the name), and its name
/// coming and going (`NameOwnerChanged`), each told to the daemon as an input. Without a session
/// bus, the runtime directory is watched for one to appear. Nothing polls; nothing here waits on
/// the daemon's queue.
final class ServerWatch: @unchecked Sendable {
    static let name = "org.freedesktop.Notifications"
    static let path = "/org/freedesktop/Notifications"
    private static let dbus = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")

    private let queue = DispatchQueue(label: "rituald.session-bus")
    private let tell: @Sendable (DesktopStatus) -> Void
    // What follows is used on `queue` only.
    private var bus: Bus?
    private var runtimeWatch: DispatchSourceRead?
    private var stopped = false
    /// What was last told: a change of Do Not Disturb is told as the server's status with it.
    private var current = DesktopStatus()
    /// The unique name of the server last asked who it is: news of another is stale.
    private var serving: String?
    /// The desktop's idle monitor, followed while GNOME Shell serves.
    private var idleMonitor: IdleMonitor?
    /// A server whose Do Not Disturb is followed is told of once that is known.
    private var awaitingSwitch = false

    /// `tell` gets each news of the server (on the watch's queue).
    init(tell: @escaping @Sendable (DesktopStatus) -> Void) {
        self.tell = tell
    }

    func start() { queue.async { [self] in connect() } }

    func stop() {
        queue.sync {
            stopped = true
            bus?.close()
            bus = nil
            runtimeWatch?.cancel()
            runtimeWatch = nil
        }
    }

    private func connect() {
        guard !stopped, bus == nil else { return }
        let opened: Bus
        do {
            opened = try Bus(.session, queue: queue) { [weak self] why in self?.lost(why) }
        } catch {
            told(DesktopStatus(problem: "\(error); notifications wait for one"))
            return watchRuntime()
        }
        bus = opened
        runtimeWatch?.cancel()
        runtimeWatch = nil
        let (dbus, path, interface) = ServerWatch.dbus
        do {
            try opened.match(
                "type='signal',sender='\(dbus)',path='\(path)',interface='\(interface)',member='NameOwnerChanged',"
                    + "arg0='\(ServerWatch.name)'"
            ) { [weak self] signal in
                let said = signal.strings
                guard said.count == 3 else { return }
                if said[2].isEmpty { self?.noServer() } else { self?.ask(said[2]) }
            }
        } catch {
            told(DesktopStatus(problem: "the session bus cannot be followed: \(error)"))
        }
        opened.call(dbus, path, interface, "GetNameOwner", arguments: [ServerWatch.name]) { [weak self] reply in
            switch reply {
            case .success(let owner): self?.ask(owner.strings.first ?? "")
            case .failure: self?.noServer()
            }
        }
    }

    /// Asks the server that took the name (`owner`, its unique name) who it is and what it can do.
    private func ask(_ owner: String) {
        guard let bus else { return }
        bus.call(owner, ServerWatch.path, ServerWatch.name, "GetServerInformation") { [weak self] info in
            bus.call(owner, ServerWatch.path, ServerWatch.name, "GetCapabilities") { capabilities in
                let said = (try? info.get())?.strings ?? []
                // name, vendor, version, spec version
                let server =
                    said.count >= 3 ? "\(said[0]) \(said[2])" : "a notification server that did not say its name"
                let can = (try? capabilities.get()).flatMap {
                    if case .strings(let all)? = $0.arguments.first { return all } else { return nil }
                }
                let status = DesktopStatus(server: server, capabilities: can)
                self?.serving = owner
                self?.idleMonitor = nil
                if let dnd = DoNotDisturb.of(server: said.first ?? "") {
                    // Told once its Do Not Disturb is known: what is held is never shown in between.
                    self?.current = status
                    self?.awaitingSwitch = true
                    self?.follow(dnd, of: owner)
                } else {
                    self?.told(status)
                }
                if said.first == "gnome-shell" { self?.followIdle(of: owner) }
            }
        }
    }

    /// Follows the server's Do Not Disturb switch: asked once, then told by its signals.
    private func follow(_ dnd: DoNotDisturb, of owner: String) {
        guard let bus else { return }
        do {
            if let rules = dnd.overheard {
                for rule in rules { try bus.overhear(rule) { [weak self] in self?.ask(dnd, of: owner) } }
            } else {
                try bus.match(dnd.changes(from: owner)) { [weak self] signal in
                    if let on = dnd.value(in: signal) {
                        self?.doNotDisturb(on, owner: owner)
                    } else if dnd.invalidated(in: signal) {
                        self?.ask(dnd, of: owner)
                    }
                }
            }
        } catch {
            var status = current
            status.problem = "its Do Not Disturb cannot be followed: \(error)"
            return told(status)
        }
        ask(dnd, of: owner)
    }

    private func ask(_ dnd: DoNotDisturb, of owner: String) {
        if let arguments = dnd.gsettings { return read(dnd, arguments, of: owner) }
        guard let (destination, path, interface, member, arguments) = dnd.query(owner: owner) else { return }
        bus?.call(destination, path, interface, member, arguments: arguments) { [weak self] reply in
            let answer = (try? reply.get()).flatMap(dnd.value(answer:))
            self?.doNotDisturb(answer ?? (dnd.errorMeansOff ? false : nil), owner: owner)
        }
    }

    /// Reads a switch kept in GSettings with `gsettings` (which reads dconf's database as the
    /// desktop does), off the watch's queue.
    private func read(_ dnd: DoNotDisturb, _ arguments: [String], of owner: String) {
        let queue = self.queue
        DispatchQueue.global().async { [weak self] in
            let printed = ServerWatch.output(of: "gsettings", arguments)
            queue.async { [weak self] in self?.doNotDisturb(printed.flatMap(dnd.value(printed:)), owner: owner) }
        }
    }

    /// What `program` prints, when it is installed and succeeds.
    private static func output(of program: String, _ arguments: [String]) -> String? {
        guard let path = ChildProcess.find(program),
            let child = try? ChildProcess(path, arguments, mergeErrors: true)
        else { return nil }
        let printed = ChildProcess.drain(child.readOutput, limit: 4096)
        guard child.wait() == 0 else { return nil }
        return String(decoding: printed, as: UTF8.self)
    }

    /// The switch of `owner`'s server is `on`; nil: it could not be read (the server is told of
    /// without it, if it was not told of yet).
    private func doNotDisturb(_ on: Bool?, owner: String) {
        guard owner == serving else { return }
        guard let on else {
            if current.doNotDisturb == nil { told(current) }
            return
        }
        guard on != current.doNotDisturb else { return }
        var status = current
        status.doNotDisturb = on
        told(status)
    }

    /// Follows the desktop's idle monitor (GNOME Shell's), told with the server's status.
    private func followIdle(of owner: String) {
        guard let bus else { return }
        let monitor = IdleMonitor(bus: bus) { [weak self] since in
            guard let self, owner == serving else { return }
            var status = current
            status.idleFollowed = true
            status.idleSince = since
            if awaitingSwitch { current = status } else { told(status) }
        }
        do {
            try monitor.start()
            idleMonitor = monitor
        } catch {
            // Without it, logind's idle hint tells of an unused computer.
        }
    }

    /// Tells the daemon, and keeps what it told.
    private func told(_ status: DesktopStatus) {
        awaitingSwitch = false
        current = status
        tell(status)
    }

    /// No server holds the name: one D-Bus can start is said so.
    private func noServer() {
        guard let bus else { return }
        let (dbus, path, interface) = ServerWatch.dbus
        bus.call(dbus, path, interface, "ListActivatableNames") { [weak self] reply in
            let activatable = (try? reply.get())?.strings.first?.split(separator: ",").contains {
                $0 == ServerWatch.name
            }
            self?.told(
                DesktopStatus(
                    problem: activatable == true
                        ? "no notification server running; the session bus starts one at the first notification"
                        : "no notification server on the session bus; notifications wait for one"))
        }
    }

    private func lost(_ why: String) {
        bus = nil
        told(DesktopStatus(problem: "the session bus went away (\(why)); notifications wait for it"))
        watchRuntime()
    }

    /// Connects once a session bus socket appears in the runtime directory.
    private func watchRuntime() {
        guard !stopped, runtimeWatch == nil, let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"],
            let watch = try? DirectoryWatch(runtime)
        else { return }
        let source = DispatchSource.makeReadSource(fileDescriptor: watch.fd, queue: queue)
        source.setEventHandler { [weak self] in if watch.changedNames().contains("bus") { self?.connect() } }
        source.setCancelHandler { withExtendedLifetime(watch) {} }
        source.resume()
        runtimeWatch = source
    }
}
