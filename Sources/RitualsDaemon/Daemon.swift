import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsConfig
import RitualsControl
import RitualsCore
import Synchronization
import Systemd

#if canImport(Glibc)
    import Glibc
#endif

/// rituald's runtime: a few parts, each owning its state, wired here. Everything runs on `queue`
/// (the timer, signals, clock steps, control requests, notification answers, the shared folder's
/// batches). Data flows one way:
///
/// - ``Scheduler`` (the timer) and ``Commands`` (what a person does) decide what happens, and
///   hand it to
/// - ``Recorder``, the only writer of the history, the state and the journal, which hands what it
///   recorded to
/// - ``Delivery`` (desktop, channels, escalations, notices waiting for a server) and ``Sharing``
///   (this person's file in the shared folder; the other people's answers, checked, come back
///   through the recorder).
/// - ``Control`` answers `ritualctl`: commands through ``Commands``, queries from a snapshot.
///
/// ``Rules`` is the config in use, which every part reads and a reload replaces.
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
    let rules: Rules
    let recorder: Recorder
    let scheduler: Scheduler
    let delivery: Delivery
    let sharing: Sharing
    let replies: Replies
    let control: Control
    /// Whether a reload asked for by SIGHUP waits on the queue (set on the signal thread).
    let reloadWaiting = Atomic<Bool>(false)
    /// The watchdog's timer, when systemd asks for one.
    var watchdog: DispatchSourceTimer?
    /// The system's zone as last seen (see ``SystemZones/localSignature``).
    var zoneSignature = SystemZones.shared.localSignature()

    public init(options: Options, logger: Logger) throws {
        self.options = options
        self.logger = logger
        let store = try StateStore.locked(directory: options.stateDirectory)
        rules = Rules(LoadedConfig(name: DefaultConfig.name, config: RitualsConfiguration(), zone: .utc))
        recorder = Recorder(store: store, logger: logger, verbose: options.verbose)
        scheduler = Scheduler(queue: queue, rules: rules, recorder: recorder, logger: logger)
        delivery = Delivery(
            queue: queue, rules: rules, recorder: recorder, logger: logger,
            notifier: DesktopNotifier(settings: RitualsConfiguration.Desktop()))
        sharing = Sharing(queue: queue, rules: rules, recorder: recorder, logger: logger)
        replies = Replies(queue: queue, rules: rules, directory: store.directory, logger: logger)
        let commands = Commands(rules: rules, recorder: recorder, scheduler: scheduler)
        control = Control(
            queue: queue, rules: rules, recorder: recorder, scheduler: scheduler, sharing: sharing, replies: replies,
            commands: commands,
            logger: logger)
        wire(commands)
    }

    /// Connects the parts: what is recorded goes to sharing and delivery; a button answers
    /// through the commands; answers heard re-arm the timer; waiting answers are looked at first
    /// whenever it goes off.
    private func wire(_ commands: Commands) {
        recorder.followers = [
            { [unowned self] events, now in sharing.share(events, now: now) },
            { [unowned self] events, _ in delivery.take(events) },
        ]
        delivery.buttonPressed = { commands.pressed($0, $1, $2) }
        sharing.recorded = { [unowned self] in scheduler.rearm() }
        delivery.posted = { [unowned self] channel, message, event in replies.posted(channel, message, event: event) }
        replies.heard = { [unowned self] answers, now, channel in sharing.hearReplies(answers, from: channel, now: now)
        }
        scheduler.beforeDue = { [unowned self] now in sharing.hearWaiting(now: now) }
        control.reload = { [unowned self] in reload() }
    }

    /// Loads the config, catches up, arms the timer and tells systemd it is ready. Throws when the
    /// config cannot be used at start, or another rituald keeps these rituals.
    public func start() throws {
        ThisProcess.ignore(SIGPIPE)
        // A config (or time zone) that cannot be used stops the start before anything is served.
        let loaded = try loadConfig()
        try control.start(path: options.socketPath)
        queue.sync {
            apply(loaded)
            let store = recorder.store
            for warning in store.warnings { logger.warning("\(warning)") }
            if !store.warnings.isEmpty { try? store.saveSnapshot() }
            if options.verbose { tellPlan(now: WallClock.now()) }
            for warning in rules.config.warnings { logger.warning("\(warning)") }
            let now = WallClock.now()
            scheduler.start(now: now) { [weak self] in self?.checkZone() }
            delivery.restoreEscalations(now: now)
            sharing.start()
            replies.start()
            startWatchdog()
            ServiceNotify.send("READY=1\nSTATUS=\(scheduler.statusLine())")
            // Start-up code runs once; idle, nothing of it needs to stay resident.
            ThisProcess.releaseResidentCode()
        }
    }

    func loadConfig() throws(ConfigError) -> LoadedConfig {
        var loaded = try ConfigLoader.choose(path: options.configPath, builtIn: options.useDefaults)
        loaded.config.keepSigningKeys(in: options.stateDirectory)
        return loaded
    }

    /// Puts a config in place for every part.
    func apply(_ loaded: LoadedConfig) {
        rules.replace(with: loaded)
        control.server?.describe(loaded.name)
        delivery.notifier.settings = loaded.config.desktop
        recorder.me = loaded.config.settings.me
    }

    /// When systemd asks for a watchdog (WATCHDOG_USEC), pings it at half the interval. This is the
    /// one periodic wake-up, and only when the unit sets WatchdogSec=.
    private func startWatchdog() {
        guard let text = ProcessInfo.processInfo.environment["WATCHDOG_USEC"], let usec = Int(text), usec > 0 else {
            return
        }
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now(), repeating: .microseconds(max(usec / 2, 1000)))
        t.setEventHandler { ServiceNotify.send("WATCHDOG=1") }
        t.resume()
        watchdog = t
    }
}
