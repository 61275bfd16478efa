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
            ThisProcess.ignore(sig)
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
        ServiceNotify.send("RELOADING=1\nMONOTONIC_USEC=\(ThisProcess.monotonicMicroseconds())")
        do {
            apply(try loadConfig())
            record(DaemonEvent(.reloaded, message: "Reloaded \(loaded.name): \(config.rituals.count) rituals."))
        } catch {
            problems = error.issues.map { "\($0)" }
            for issue in problems {
                record(DaemonEvent(.configError, message: "\(issue); keeping the rituals already loaded"))
            }
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
        dispatcher.stopAll()
        _ = pending.takeAll()
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
