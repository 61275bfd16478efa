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

/// What happens to the whole daemon: signals (SIGHUP reloads, SIGTERM and SIGINT stop), a reload,
/// a change of the system's zone, the stop, and what `--verbose` tells at start.
extension Daemon {
    /// The signals rituald takes: SIGHUP reloads, SIGTERM and SIGINT stop.
    public static let signals = [SIGHUP, SIGTERM, SIGINT]

    /// A signal taken by the thread that waits for them: handled on the daemon's queue. SIGHUPs
    /// coalesce: while one reload waits, more ask for nothing more, so a storm of them costs a
    /// reload at a time and never holds the timer back.
    public func signalled(_ sig: Int32) {
        guard sig == SIGHUP else {
            queue.async { [weak self] in self?.stop() }
            return
        }
        guard !reloadWaiting.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [weak self] in
            guard let self else { return }
            reloadWaiting.store(false, ordering: .releasing)
            _ = reload()
        }
    }

    /// Reads the config anew; keeps the old rituals when the new file is invalid. Returns the
    /// problems found, none when the new config is in use.
    func reload() -> [String] {
        var problems: [String] = []
        ServiceNotify.send("RELOADING=1\nMONOTONIC_USEC=\(ThisProcess.monotonicMicroseconds())")
        do {
            apply(try reloadConfig())
            recorder.record(
                DaemonEvent(.reloaded, message: "Reloaded \(rules.name): \(rules.config.rituals.count) rituals."))
            for warning in rules.config.warnings { logger.warning("\(warning)") }
            sharing.start()
            replies.start()
        } catch {
            problems = error.issues.map { "\($0)" }
            for issue in problems {
                recorder.record(DaemonEvent(.configError, message: "\(issue); keeping the rituals already loaded"))
            }
        }
        // What came due meanwhile is settled now, not after the next reload.
        scheduler.due()
        ServiceNotify.send("READY=1\nSTATUS=\(scheduler.statusLine())")
        return problems
    }

    /// /etc/localtime or a mount changed: when the system's zone is another now and the config
    /// names none, reads the config again in the new zone (its wall times are in it) and plans
    /// again.
    func checkZone() {
        let signature = SystemZones.shared.localSignature()
        guard signature != zoneSignature else { return }
        zoneSignature = signature
        guard rules.config.settings.zone == nil else {
            logger.info("the system's time zone changed; the config names its own (\(rules.zone.name)), nothing to do")
            return
        }
        let old = rules.zone.name
        do {
            apply(try reloadConfig())
            logger.notice("the system's time zone changed from \(old) to \(rules.zone.name); planning again")
        } catch {
            for issue in error.issues {
                recorder.record(
                    DaemonEvent(.configError, message: "\(issue); the time zone changed, but planning stays in \(old)"))
            }
        }
        scheduler.due()
    }

    /// The config a reload reads. The built-in rituals are for someone who never wrote a file: a
    /// file that was in use and is gone now is an error, not a reason to switch to them.
    func reloadConfig() throws(ConfigError) -> LoadedConfig {
        if rules.name != DefaultConfig.name,
            ConfigLoader.chosenFile(path: options.configPath, builtIn: options.useDefaults) == nil
        {
            throw ConfigError(issues: [
                ConfigIssue(
                    file: rules.name,
                    message: "no such file any more; put it back (`ritualctl init` writes a new one), "
                        + "or restart rituald to run the built-in rituals")
            ])
        }
        return try loadConfig()
    }

    /// Stops cleanly: ends waiting notifications, writes what is not yet on disk and a snapshot,
    /// and exits.
    func stop() {
        ServiceNotify.send("STOPPING=1")
        scheduler.stop()
        control.stop()
        sharing.stop()
        replies.stop()
        delivery.stopAll()
        let store = recorder.store
        do {
            try store.flush()
            try store.saveSnapshot()
        } catch {
            logger.error("\(store.problem ?? "\(error)")")
        }
        logger.info("stopping")
        ServiceNotify.flush(within: 1)
        exit(0)
    }

    /// What was loaded, where state and the socket are, the first events planned and how to try one.
    func tellPlan(now: Int) {
        let config = rules.config
        logger.debug(
            "\(config.rituals.filter(\.enabled).count) rituals from \(rules.name), times in \(rules.zone.name)")
        logger.debug("history in \(recorder.store.directory); control socket \(control.server?.path ?? "none")")
        let coming = rules.planner.soonest(
            after: now, through: now + Scheduler.horizon, state: recorder.state, limit: 5)
        for e in coming {
            logger.debug("planned: \(Timestamp.systemd(e.at, in: rules.zone))  \(e.kind.agendaName)  \(e.title)")
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
