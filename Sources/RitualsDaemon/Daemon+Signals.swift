import Foundation
import LinuxSystem
import RitualsConfig
import RitualsCore
import Systemd

#if canImport(Glibc)
    import Glibc
#endif

/// SIGHUP reloads, SIGTERM and SIGINT stop.
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
            record(DaemonEvent(.reloaded, message: "Reloaded \(loaded.name): \(config.rituals.count) rituals."))
            for warning in config.warnings { logger.warning("\(warning)") }
            startSharing()
        } catch {
            problems = error.issues.map { "\($0)" }
            for issue in problems {
                record(DaemonEvent(.configError, message: "\(issue); keeping the rituals already loaded"))
            }
        }
        // What came due meanwhile is settled now, not after the next reload.
        due()
        ServiceNotify.send("READY=1\nSTATUS=\(statusLine())")
        return problems
    }

    /// /etc/localtime or a mount changed: when the system's zone is another now and the config
    /// names none, reads the config again in the new zone (its wall times are in it) and plans
    /// again.
    func checkZone() {
        let signature = SystemZones.shared.localSignature()
        guard signature != zoneSignature else { return }
        zoneSignature = signature
        guard config.settings.zone == nil else {
            logger.info("the system's time zone changed; the config names its own (\(zone.name)), nothing to do")
            return
        }
        let old = zone.name
        do {
            apply(try reloadConfig())
            logger.notice("the system's time zone changed from \(old) to \(zone.name); planning again")
        } catch {
            for issue in error.issues {
                record(
                    DaemonEvent(.configError, message: "\(issue); the time zone changed, but planning stays in \(old)"))
            }
        }
        due()
    }

    /// The config a reload reads. The built-in rituals are for someone who never wrote a file: a
    /// file that was in use and is gone now is an error, not a reason to switch to them.
    func reloadConfig() throws(ConfigError) -> LoadedConfig {
        if loaded.name != DefaultConfig.name,
            ConfigLoader.chosenFile(path: options.configPath, builtIn: options.useDefaults) == nil
        {
            throw ConfigError(issues: [
                ConfigIssue(
                    file: loaded.name,
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
        timer?.cancel()
        server?.stop()
        sharing?.stop()
        notifier.stopAll()
        dispatcher.stopAll()
        _ = pending.takeAll()
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
}
