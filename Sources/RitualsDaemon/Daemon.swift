import Foundation
import LinuxSystem
import Logging
import RitualsConfig
import RitualsControl
import RitualsCore
import Synchronization
import Systemd

/// rituald's runtime. Every piece of mutable state lives on `queue`: the wall-clock timer, signal
/// sources, clock-step watch, control requests and notification answers all land there.
///
/// The parts read in one direction: requests (Daemon+Requests) are queries (Daemon+Queries) or
/// commands (Daemon+Commands); commands and the timer (Daemon+Timer) change the state only through
/// the recorder (Daemon+Recorder), which writes every event to the journal and the history.
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
    let queue = DispatchQueue(label: "rituald")
    /// Where queries are answered (one at a time), off the daemon's queue.
    let queries = DispatchQueue(label: "rituald.queries", qos: .utility)
    /// The config in use: its name, rituals and zone.
    var loaded = LoadedConfig(name: DefaultConfig.name, config: RitualsConfiguration(), zone: .utc)
    var planner: Planner
    var store: StateStore
    var notifier: DesktopNotifier
    /// Notifications waiting for a notification server.
    let pending = PendingNotices()
    /// The channels other than the desktop.
    lazy var dispatcher = ChannelDispatcher(queue: queue) { [unowned self] in deliveryEnded($0, $1) }
    var timer: DispatchSourceTimer?
    var sources: [DispatchSourceProtocol] = []
    var clockWatch: ClockWatch?
    var server: ControlServer?
    /// The folder shared with the other people, when `shared_dir` is set.
    var sharing: SharingWorker?
    /// When each other person was last heard, answers waiting for their occurrence, refusals.
    var heardAnswers = HeardAnswers()
    /// Journals refusals held back by the once-a-minute rule.
    var refusalTimer: DispatchSourceTimer?
    /// When the daemon started, microseconds since the epoch.
    let startedAt = Daemon.now()
    /// Events up to this time were handled.
    var cursor = 0
    /// When the timer was last armed for, and the clocks when the cursor last moved: a gap is
    /// told apart as sleep, a stall or a clock step by them.
    var armedFor: Int?
    /// The next event, as the last arming planned it.
    var nextPlanned: PlannedEvent?
    var lastClocks = Daemon.clocks()
    /// Whether a reload asked for by SIGHUP waits on the queue (set on the signal thread).
    let reloadWaiting = Atomic<Bool>(false)
    /// Where events are journaled instead of the journal, when set (to watch the recorder's order).
    var journalSink: ((DaemonEvent) -> Void)?
    /// The system's zone as last seen (see ``SystemZones/localSignature``).
    var zoneSignature = SystemZones.shared.localSignature()
    /// Planned at most this far ahead.
    static let horizon = 400 * 86_400_000_000
    /// After firing, resident code is given back when the next event is further away than this.
    static let releaseAfterFireGap = 60_000_000

    var config: RitualsConfiguration { loaded.config }
    var zone: Zone { loaded.zone }

    public init(options: Options, logger: Logger) throws {
        self.options = options
        self.logger = logger
        store = try StateStore.locked(directory: options.stateDirectory)
        planner = Planner(config: RitualsConfiguration(), zone: .utc)
        notifier = DesktopNotifier(settings: RitualsConfiguration.Desktop())
    }

    /// Microseconds since the epoch, now.
    static func now() -> Int { Int(Date().timeIntervalSince1970 * 1_000_000) }

    /// Loads the config, catches up, arms the timer and tells systemd it is ready. Throws when the
    /// config cannot be used at start.
    public func start() throws {
        ThisProcess.ignore(SIGPIPE)
        // A config (or time zone) that cannot be used stops the start before anything is served.
        let loaded = try loadConfig()
        let server = ControlServer(
            path: options.socketPath, queue: queue, handle: { [unowned self] in handle($0, reply: $1) },
            refused: { [unowned self] uid, pid, count in
                let what = count == 1 ? "a control connection" : "\(count) control connections, the last"
                logger.warning("Refused \(what) from uid \(uid) (pid \(pid)): not this user.")
            })
        do {
            try server.start()
            self.server = server
        } catch {
            // Another rituald keeps these rituals, or the directory is not safe: stop. Any other
            // problem only costs the control.
            switch error {
            case .alreadyRunning, .unsafe: throw error
            case .cannot: break
            }
            logger.error("no control socket, ritualctl cannot reach this rituald: \(error)")
        }
        queue.sync {
            apply(loaded)
            for warning in store.warnings { logger.warning("\(warning)") }
            if !store.warnings.isEmpty { try? store.saveSnapshot() }
            cursor = Daemon.now()
            if options.verbose { tellPlan() }
            for warning in config.warnings { logger.warning("\(warning)") }
            settle(now: cursor, atStart: true)
            restoreEscalations(now: cursor)
            startSharing()
            let watch = ClockWatch(
                queue: queue,
                clockChanged: { [weak self] in
                    self?.logger.info("wall clock changed, or the computer woke; planning again")
                    self?.due()
                },
                zoneMayHaveChanged: { [weak self] in self?.checkZone() })
            for problem in watch.problems { logger.warning("\(problem)") }
            clockWatch = watch
            rearm()
            startWatchdog()
            ServiceNotify.send("READY=1\nSTATUS=\(statusLine())")
            // Start-up code runs once; idle, nothing of it needs to stay resident.
            ThisProcess.releaseResidentCode()
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

    func loadConfig() throws(ConfigError) -> LoadedConfig {
        try ConfigLoader.choose(path: options.configPath, builtIn: options.useDefaults)
    }

    func apply(_ loaded: LoadedConfig) {
        self.loaded = loaded
        server?.describe(loaded.name)
        planner = Planner(config: loaded.config, zone: loaded.zone)
        notifier.settings = loaded.config.desktop
    }

    /// The enabled ritual called `id`.
    func ritual(_ id: String) -> Ritual? { config.rituals.first { $0.id == id } }

    /// One line for `STATUS=`: "10 rituals; next: Evening check-in at 21:00".
    func statusLine() -> String {
        let count = config.rituals.filter(\.enabled).count
        var line = "\(count) ritual\(count == 1 ? "" : "s")"
        if let next = nextPlanned {
            let t = zone.localTime(next.at / 1_000_000)
            line += "; next: \(next.title) at \(Timestamp.clock(minuteOfDay: t.hour * 60 + t.minute))"
        }
        if let problem = store.problem { line += "; not saved: \(problem)" }
        return line
    }
}
