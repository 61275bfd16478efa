import Foundation
import Logging
import RitualsConfig
import RitualsControl
import RitualsCore
import Systemd

/// rituald's runtime. Every piece of mutable state lives on `queue`: the wall-clock timer, signal
/// sources, clock-step watch and notification answers all land there.
public final class Daemon: @unchecked Sendable {
    public struct Options: Sendable {
        public var configPath: String?
        public var stateDirectory: String
        /// The control socket.
        public var socketPath = ControlPaths.socket()
        public var verbose = false
        /// Keep the built-in rituals even where a config file exists.
        public var useDefaults = false

        public init(configPath: String?, stateDirectory: String) {
            self.configPath = configPath
            self.stateDirectory = stateDirectory
        }
    }

    let options: Options
    let logger: Logger
    let zones = SystemZones.shared
    let queue = DispatchQueue(label: "rituald")
    var config = RitualsConfiguration()
    var configName = DefaultConfig.name
    var zone = Zone.utc
    var planner: Planner
    var store: StateStore
    var notifier: DesktopNotifier
    var timer: DispatchSourceTimer?
    var sources: [DispatchSourceProtocol] = []
    var clockWatch: ClockWatch?
    var server: ControlServer?
    /// When the daemon started, microseconds since the epoch.
    let startedAt = Daemon.now()
    /// Events up to this time were handled.
    var cursor = 0
    /// Planned at most this far ahead.
    static let horizon = 400 * 86_400_000_000

    public init(options: Options, logger: Logger) throws {
        self.options = options
        self.logger = logger
        store = StateStore(directory: options.stateDirectory)
        planner = Planner(config: RitualsConfiguration(), zone: .utc)
        notifier = DesktopNotifier(settings: RitualsConfiguration.Desktop())
    }

    /// Microseconds since the epoch, now.
    static func now() -> Int { Int(Date().timeIntervalSince1970 * 1_000_000) }

    /// Loads the config, catches up, arms the timer and tells systemd it is ready. Throws when the
    /// config cannot be used at start.
    public func start() throws {
        signal(SIGPIPE, SIG_IGN)
        let server = ControlServer(
            path: options.socketPath, queue: queue, handle: { [unowned self] in handle($0) },
            refused: { [unowned self] uid, pid in
                logger.warning("Refused a control connection from uid \(uid) (pid \(pid)): not this user.")
            })
        do {
            try server.start()
            self.server = server
        } catch {
            // Another rituald keeps these rituals: stop. Any other problem only costs the control.
            if case .alreadyRunning = error { throw error }
            logger.error("no control socket, ritualctl cannot reach this rituald: \(error)")
        }
        let loaded = try loadConfig()
        try queue.sync {
            apply(loaded)
            for warning in store.warnings { logger.warning("\(warning)") }
            if !store.warnings.isEmpty { try? store.saveSnapshot() }
            cursor = Daemon.now()
            if options.verbose { tellPlan() }
            catchUp(now: cursor)
            try installSignals()
            clockWatch = ClockWatch(queue: queue) { [weak self] in
                self?.logger.info("wall clock or time zone changed; planning again")
                self?.rearm()
            }
            rearm()
            startWatchdog()
            ServiceNotify.send("READY=1\nSTATUS=\(statusLine())")
        }
    }

    /// When systemd asks for a watchdog (WATCHDOG_USEC), pings it at half the interval. This is the
    /// one periodic wake-up, and only when the unit sets WatchdogSec=.
    func startWatchdog() {
        guard let text = ProcessInfo.processInfo.environment["WATCHDOG_USEC"], let usec = Int(text), usec > 0 else {
            return
        }
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now(), repeating: .microseconds(max(usec / 2, 1000)))
        t.setEventHandler { ServiceNotify.send("WATCHDOG=1") }
        t.resume()
        sources.append(t)
    }

    func loadConfig() throws -> (RitualsConfiguration, String) {
        try ConfigLoader.choose(
            path: options.configPath, builtIn: options.useDefaults, zones: zones, local: zones.localZone())
    }

    func apply(_ loaded: (RitualsConfiguration, String)) {
        config = loaded.0
        configName = loaded.1
        zone = ConfigLoader.zone(of: config, zones: zones, local: zones.localZone())
        planner = Planner(config: config, zone: zone)
        notifier.settings = config.desktop
    }

    /// For `--verbose`: what was loaded and the first events planned.
    func tellPlan() {
        logger.debug("\(config.rituals.filter(\.enabled).count) rituals from \(configName), times in \(zone.name)")
        logger.debug("history in \(store.directory); control socket \(server?.path ?? "none")")
        let coming = planner.events(after: cursor, through: cursor + Daemon.horizon, state: store.state, limit: 5)
        for e in coming {
            logger.debug("planned: \(Timestamp.systemd(e.at, in: zone))  \(e.kind.rawValue)  \(e.title)")
        }
        if let first = config.rituals.first(where: \.enabled) {
            logger.debug("to see one now: ritualctl fire \(first.id); to see the plan: ritualctl next")
        }
    }

    /// One line for `STATUS=`: "10 rituals; next: Evening check-in at 21:00".
    func statusLine() -> String {
        let count = config.rituals.filter(\.enabled).count
        var line = "\(count) ritual\(count == 1 ? "" : "s")"
        if let next = planner.events(after: cursor, through: cursor + Daemon.horizon, state: store.state, limit: 1)
            .first
        {
            let t = zone.localTime(next.at / 1_000_000)
            let hm = String(format: "%02d:%02d", t.hour, t.minute)
            line += "; next: \(next.title) at \(hm)"
        }
        if let problem = store.problem { line += "; not saved: \(problem)" }
        return line
    }
}
