import Foundation
import RitualsConfig
import RitualsCore
import Systemd

#if canImport(Glibc)
    import Glibc
#endif

/// SIGHUP reloads, SIGTERM and SIGINT stop.
extension Daemon {
    func installSignals() throws {
        for sig in [SIGHUP, SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [weak self] in
                if sig == SIGHUP { _ = self?.reload() } else { self?.stop() }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Reads the config anew; keeps the old rituals when the new file is invalid. Returns the
    /// problems found, none when the new config is in use.
    func reload() -> [String] {
        var problems: [String] = []
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        ServiceNotify.send("RELOADING=1\nMONOTONIC_USEC=\(Int(ts.tv_sec) * 1_000_000 + Int(ts.tv_nsec) / 1000)")
        do {
            let loaded = try loadConfig()
            apply(loaded)
            journal(
                JournalEntry(event: "reloaded", message: "Reloaded \(configName): \(config.rituals.count) rituals."))
        } catch let error as ConfigError {
            problems = error.issues.map { "\($0)" }
            for issue in error.issues {
                journal(
                    JournalEntry(
                        event: "config-error", message: "\(issue); keeping the rituals already loaded", priority: 3))
            }
        } catch {
            problems = ["\(error)"]
            journal(
                JournalEntry(
                    event: "config-error", message: "\(error); keeping the rituals already loaded", priority: 3))
        }
        rearm()
        ServiceNotify.send("READY=1\nSTATUS=\(statusLine())")
        return problems
    }

    /// Stops cleanly: ends waiting notifications, writes what is not yet on disk and a snapshot,
    /// and exits.
    func stop() {
        ServiceNotify.send("STOPPING=1")
        timer?.cancel()
        server?.stop()
        notifier.stopAll()
        do {
            try store.flush()
            try store.saveSnapshot()
        } catch {
            logger.error("\(store.problem ?? "\(error)")")
        }
        logger.info("stopping")
        exit(0)
    }
}
