import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsChannels
import RitualsConfig
import RitualsControl
import RitualsCore
import Synchronization
import Systemd

#if canImport(Glibc)
    import Glibc
#endif

/// What happens to the whole daemon: its start, signals (SIGHUP reloads, SIGTERM and SIGINT
/// stop), a reload, a change of the system's zone, the stop, and what `--verbose` tells at start.
extension Daemon {
    /// The signals rituald takes: SIGHUP reloads, SIGTERM and SIGINT stop.
    public static let signals = [SIGHUP, SIGTERM, SIGINT]

    /// Loads the config, serves the control socket, catches up, arms the timer and tells systemd
    /// it is ready. Throws when the config cannot be used at start, or another rituald keeps
    /// these rituals.
    public func start() throws {
        ThisProcess.ignore(SIGPIPE)
        // A config (or time zone) that cannot be used stops the start before anything is served.
        let loaded = try loadConfig()
        try control.start(path: options.socketPath)
        queue.sync { begin(with: loaded) }
    }

    /// The start on the daemon's queue: the config in place, what came due while rituald was not
    /// running settled, the timer armed, the folder and the answering channels followed.
    func begin(with loaded: LoadedConfig) {
        dispatchPrecondition(condition: .onQueue(queue))
        apply(loaded)
        let now = clock.now()
        startedAt = now
        let store = recorder.store
        for warning in store.warnings { logger.warning("\(warning)") }
        if !store.warnings.isEmpty { try? store.saveSnapshot() }
        if options.verbose { tellPlan(now: now) }
        for warning in config.config.warnings { logger.warning("\(warning)") }
        settle(now: now, atStart: true)
        if surroundings.watchesSystem { watchSystem() }
        rearm()
        delivery.restore(now: now, state: state) { open in
            var past = OpenPast()
            store.forEachRecord { r in
                guard open.contains(r.id) else { return }
                if r.event == .fired { past.fired[r.id] = r.at }
                if r.event == .escalated, let channel = r.channel {
                    past.escalated.insert(Escalation.Key(ritual: r.ritual, channel: channel))
                }
                if r.event == .held { past.held[r.id] = r }
            }
            return past
        }
        notes.start(directory: store.directory)
        sharing.start(store: store)
        replies.start()
        ServiceNotify.send("READY=1\nSTATUS=\(scheduler.statusLine(problem: store.problem))")
        // Start-up code runs once; idle, nothing of it needs to stay resident.
        if surroundings.watchesSystem { ThisProcess.releaseResidentCode() }
    }

    /// Follows the wall clock and the zone (a step, a wake-up, /etc/localtime replaced) and the
    /// notification server on the session bus, and pings systemd's watchdog when it asks for one.
    private func watchSystem() {
        let inputs = self.inputs
        let watch = ClockWatch(
            queue: queue, clockChanged: { inputs.send(.clockChanged) },
            zoneMayHaveChanged: { inputs.send(.zoneMayHaveChanged) })
        for problem in watch.problems { logger.warning("\(problem)") }
        clockWatch = watch
        let server = ServerWatch { inputs.send(.notificationServer($0)) }
        server.start()
        serverWatch = server
        let login = LoginWatch { inputs.send(.session($0)) }
        login.start()
        loginWatch = login
        startWatchdog()
    }

    func loadConfig() throws(ConfigError) -> LoadedConfig {
        try Daemon.load(options)
    }

    /// Puts a config in place for every part.
    func apply(_ loaded: LoadedConfig) {
        config.replace(with: loaded)
        control.server?.describe(loaded.name)
        surroundings.notifier.settings = loaded.config.desktop
        recorder.me = loaded.config.settings.me
    }

    /// A signal taken by the thread that waits for them: an input. SIGHUPs coalesce: while one
    /// reload waits, more ask for nothing more, so a storm of them costs a reload at a time and
    /// never holds the timer back.
    public func signalled(_ sig: Int32) {
        guard sig == SIGHUP else { return inputs.send(.stop) }
        guard !reloadWaiting.exchange(true, ordering: .acquiringAndReleasing) else { return }
        inputs.send(.reload(nil))
    }

    /// /etc/localtime or a mount changed: when the system's zone is another now and the config
    /// names none, reads the config again in the new zone (its wall times are in it) and plans
    /// again.
    func checkZone(now: Instant) {
        let signature = SystemZones.shared.localSignature()
        guard signature != zoneSignature else { return }
        zoneSignature = signature
        guard config.settings.zone == nil else {
            logger.info("the system's time zone changed; the config names its own (\(config.zone.name)), nothing to do")
            return
        }
        let old = config.zone.name
        do {
            apply(try reloadConfig())
            logger.notice("the system's time zone changed from \(old) to \(config.zone.name); planning again")
        } catch {
            record(
                error.issues.map {
                    DaemonEvent(.configError, message: "\($0); the time zone changed, but planning stays in \(old)")
                }, now: now)
        }
        due(now: now)
    }

    /// The config a reload reads (see ``configToReload(name:options:)``).
    func reloadConfig() throws(ConfigError) -> LoadedConfig {
        try Daemon.configToReload(name: config.name, options: options)
    }

    /// Stops cleanly: ends waiting notifications, writes what is not yet on disk and a snapshot,
    /// and exits.
    func stop() {
        ServiceNotify.send("STOPPING=1")
        finish()
        logger.info("stopping")
        ServiceNotify.flush(within: .seconds(1))
        JournalQueue.shared.flush(within: .seconds(1))
        exit(0)
    }

    /// Stops every part, writes what is not yet on disk and a snapshot, and lets the state
    /// directory go.
    func finish() {
        historyRetry?.cancel()
        codeRelease?.cancel()
        scheduler.stop()
        control.stop()
        sharing.stop()
        replies.stop()
        serverWatch?.stop()
        loginWatch?.stop()
        delivery.stopAll()
        let store = recorder.store
        do {
            try store.flush()
            try store.saveSnapshot()
        } catch {
            logger.error("\(store.problem ?? "\(error)")")
        }
        store.release()
    }

    /// When systemd asks for a watchdog (sd_watchdog_enabled), pings it at half the interval. This
    /// is the one periodic wake-up, and only when the unit sets WatchdogSec=.
    private func startWatchdog() {
        guard let interval = ServiceNotify.watchdogInterval else { return }
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now(), repeating: .microseconds(max(interval.microseconds / 2, 1000)))
        t.setEventHandler { ServiceNotify.send("WATCHDOG=1") }
        t.resume()
        watchdog = t
    }

    /// What was loaded, where state and the socket are, the first events planned and how to try one.
    func tellPlan(now: Instant) {
        logger.debug(
            "\(config.rituals.filter(\.enabled).count) rituals from \(config.name), times in \(config.zone.name)")
        logger.debug(
            "history in \(recorder.store.directory); control socket \(control.server?.path ?? "none")")
        let coming = config.planner.soonest(after: now, through: now + Scheduler.horizon, state: state, limit: 5)
        for e in coming {
            logger.debug("planned: \(e.at.systemd(in: config.zone))  \(e.kind.agendaName)  \(e.title)")
        }
        if let first = config.rituals.first(where: \.enabled) {
            let ctl = Daemon.ritualctl()
            let socket = options.socketPath == ControlPaths.socket() ? "" : " --socket \(options.socketPath)"
            logger.debug("to see one now: \(ctl) fire \(first.id)\(socket); to see the plan: \(ctl) next\(socket)")
        }
    }

    /// How to call ritualctl: its name when it is on PATH, else its full path next to rituald.
    static func ritualctl(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let onPath = (environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/ritualctl")
        }
        if onPath { return "ritualctl" }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        let beside = FileIO.directory(of: me) + "/ritualctl"
        return !me.isEmpty && FileManager.default.isExecutableFile(atPath: beside) ? beside : "ritualctl"
    }
}
