import ArgumentParser
import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsConfig
import RitualsControl
import RitualsDaemon
import Systemd

/// `rituald`: the per-user service that keeps the rituals.
struct Rituald: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rituald",
        abstract:
            "Keep the rituals of the config file on schedule: journal entries, desktop notifications and messages through the config's channels.",
        discussion: """
            Runs in the foreground (systemd's Type=notify). Without a config file it keeps the built-in \
            rituals. SIGHUP or `ritualctl reload` reloads the config (an invalid file keeps the old \
            rituals running); SIGTERM stops. Events and answers are written to the journal \
            (SYSLOG_IDENTIFIER=rituald) and to $XDG_STATE_HOME/rituals/history.jsonl. ritualctl talks \
            to it over the control socket; one rituald per socket. With people, me and shared_dir \
            in [settings], answers are appended to this person's file in that folder and the other \
            people's files are followed, so that two computers (synced by Syncthing) keep one couple's \
            rituals.
            """,
        version: RitualsVersion.string
    )

    @Option(help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/rituals/rituals.toml).", valueName: "FILE"))
    var config: String?

    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp("Where history is kept (default: $XDG_STATE_HOME/rituals).", valueName: "DIR"))
    var stateDirectory: String?

    @Option(
        help: ArgumentHelp(
            "The control socket ritualctl talks to (default: $XDG_RUNTIME_DIR/rituals/control.sock).",
            valueName: "PATH"))
    var socket: String?

    @Flag(help: "Also print every event to standard error.")
    var verbose = false

    @Flag(help: "Keep the built-in rituals, even where a config file exists.")
    var defaults = false

    func validate() throws {
        if defaults && config != nil { throw ValidationError("Give --config or --defaults, not both.") }
    }

    /// `path` from the working directory, so status and the journal name files unambiguously.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    func run() throws {
        ThisProcess.useOneMallocArena()
        // Before any thread starts, so that every thread inherits the mask.
        SignalWait.block(Daemon.signals)
        let journal = Journal.isAvailable
        let verbose = self.verbose
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
            configPath: config.map(Rituald.absolute),
            stateDirectory: Rituald.absolute(stateDirectory ?? StateStore.defaultDirectory()))
        options.verbose = verbose
        options.useDefaults = defaults
        if let socket { options.socketPath = Rituald.absolute(socket) }
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
        Rituald.exit(withError: ExitCode(1))
    }
}

Rituald.main()
