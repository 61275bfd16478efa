import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsChannels
import RitualsConfig
import RitualsControl
import RitualsCore
import Synchronization

/// rituald's runtime: one event loop. Every stimulus (the timer, a clock step, an answer, how a
/// notification or a message ended, a request of ritualctl, a reload) comes as an ``Input`` to
/// ``handle(_:)`` on `queue`, the one place the daemon's state changes. The parts decide and
/// return what happened; the daemon records it once (history, then journal, ``Recorder``) and
/// hands it on in one place (``handOn(_:now:)``):
///
/// - ``Scheduler``: the timer and the lateness rule; ``Commands``: what ritualctl asks.
/// - ``Answers``: every answer, this person's own or checked when it comes from outside.
/// - ``Delivery``: the desktop, the channels, escalations; ``Sharing``: the shared folder;
///   ``Replies``: the channels answers come back through; ``Control``: ritualctl's socket.
///
/// ``ConfigInUse`` is the config every part reads; a reload replaces it.
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
    let surroundings: Surroundings
    var clock: any DaemonClock { surroundings.clock }
    let config: ConfigInUse
    let recorder: Recorder
    /// How parts and the world reach ``handle(_:)``.
    private(set) lazy var inputs = Inputs(queue: queue) { [unowned self] in handle($0) }
    private(set) lazy var scheduler = Scheduler(config: config, clock: clock, inputs: inputs, logger: logger)
    private(set) lazy var answers = Answers(config: config, clock: clock, inputs: inputs, logger: logger)
    private(set) lazy var delivery = Delivery(
        config: config, clock: clock, inputs: inputs, notifier: surroundings.notifier, sender: surroundings.sender,
        logger: logger)
    private(set) lazy var sharing = Sharing(config: config, inputs: inputs, logger: logger)
    private(set) lazy var notes = Notes(config: config, inputs: inputs, logger: logger)
    private(set) lazy var replies = Replies(
        config: config, clock: clock, inputs: inputs, context: channelContext, logger: logger)
    /// What the channels keep of their own lives in the state directory.
    var channelContext: ChannelContext { ChannelContext(stateDirectory: options.stateDirectory) }
    private(set) lazy var control = Control(inputs: inputs, logger: logger)
    var commands: Commands { Commands(config: config, scheduler: scheduler) }
    /// When this rituald started.
    var startedAt = Instant.epoch
    /// Whether a reload asked for by SIGHUP waits on the queue (set on the signal thread).
    let reloadWaiting = Atomic<Bool>(false)
    /// Gives code back once requests stopped (see ``releaseCodeWhenQuiet()``).
    var codeRelease: (any ClockTimer)?
    /// The next attempt at writing records the disk refused, while it refuses.
    var historyRetry: (any ClockTimer)?
    /// The reload under way and who waits for it.
    var reloads = ReloadTurns()
    /// The watchdog's timer, when systemd asks for one.
    var watchdog: DispatchSourceTimer?
    /// What watches the wall clock and the zone (the real daemon only).
    var clockWatch: ClockWatch?
    /// What follows the notification server on the session bus (the real daemon only).
    var serverWatch: ServerWatch?
    var loginWatch: LoginWatch?
    /// The system's zone as last seen (see ``SystemZones/localSignature``).
    var zoneSignature = SystemZones.shared.localSignature()

    /// The daemon of a user: its state directory locked, the system's clock, desktop, channels
    /// and journal.
    public convenience init(options: Options, logger: Logger) throws {
        let desktop = DesktopNotifier(settings: RitualsConfiguration.Desktop())
        let channels = ChildChannelSender(context: ChannelContext(stateDirectory: options.stateDirectory))
        try self.init(options: options, logger: logger, surroundings: .system(desktop: desktop, channels: channels))
    }

    /// A daemon in `surroundings` (a test's clock, notifier and channels).
    init(options: Options, logger: Logger, surroundings: Surroundings) throws {
        self.options = options
        self.logger = logger
        self.surroundings = surroundings
        let store = try StateStore.locked(directory: options.stateDirectory)
        config = ConfigInUse(LoadedConfig(name: DefaultConfig.name, config: RitualsConfiguration(), zone: .utc))
        recorder = Recorder(
            store: store, journal: surroundings.journal, logger: logger, verbose: options.verbose)
    }

    /// What the history adds up to.
    var state: PlannerState { recorder.state }
}
