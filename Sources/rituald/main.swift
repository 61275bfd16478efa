import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsConfig
import RitualsControl
import RitualsDaemon
import Systemd

#if canImport(Glibc)
    import Glibc
#endif

/// `rituald`: the per-user service that keeps the rituals.
struct Rituald {
    let arguments: DaemonArguments

    static func main() {
        switch DaemonArguments.read(Array(CommandLine.arguments.dropFirst())) {
        case .run(let arguments): Rituald(arguments: arguments).run()
        case .exit(let text, let toError, let status):
            (toError ? StandardStream.error : StandardStream.output).write(Data(text.utf8))
            exit(status)
        }
    }

    /// `path` from the working directory, so status and the journal name files unambiguously.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    func run() {
        ThisProcess.useOneMallocArena()
        // Before any thread starts, so that every thread inherits the mask.
        SignalWait.block(Daemon.signals)
        let journal = Journal.isAvailable
        let verbose = arguments.verbose
        // The plan (debug) goes to standard error with --verbose only; the journal gets info and up.
        LoggingSystem.bootstrap { label in
            var stderr = StreamLogHandler.standardError(label: label)
            stderr.logLevel = verbose ? .debug : .info
            guard journal else { return stderr }
            let handler = JournalLogHandler(identifier: "rituald")
            return verbose ? MultiplexLogHandler([handler, stderr]) : handler
        }
        // Levels stay those of the handlers above (setting one here would set them all).
        let logger = Logger(label: "rituald")
        var options = Daemon.Options(
            configPath: arguments.config.map(Rituald.absolute),
            stateDirectory: Rituald.absolute(arguments.stateDirectory ?? StateStore.defaultDirectory()))
        options.verbose = verbose
        options.useDefaults = arguments.defaults
        if let socket = arguments.socket { options.socketPath = Rituald.absolute(socket) }
        do {
            let daemon = try Daemon(options: options, logger: logger)
            try daemon.start()
            withExtendedLifetime(daemon) { SignalWait.forever(Daemon.signals) { daemon.signalled($0) } }
        } catch let error as ConfigError {
            Rituald.refuse(error.description, logger: logger)
        } catch {
            Rituald.refuse("rituald: \(error)", logger: logger)
        }
    }

    /// Says why rituald does not start, on standard error and (when standard error is not the
    /// journal already) in the journal, and exits 1.
    static func refuse(_ why: String, logger: Logger) -> Never {
        StandardStream.error.write(Data((why + "\n").utf8))
        if Journal.isAvailable && ProcessInfo.processInfo.environment["JOURNAL_STREAM"] == nil {
            logger.error("not starting: \(why)")
        }
        exit(1)
    }
}

Rituald.main()
