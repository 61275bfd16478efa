import Dispatch
import LinuxSystem
import Logging
import RitualsChannels
import RitualsConfig
import RitualsControl
import RitualsCore
import Systemd

/// A reload: the config is read and checked off the daemon's queue, so that a large or hostile
/// file never holds the timer, and put in use back on it.
extension Daemon {
    /// Who waits for a reload: the read under way and the one to follow it.
    struct ReloadTurns {
        /// A read is under way.
        var reading = false
        /// Requests answered when the read under way is done.
        var current: [ControlReply] = []
        /// Asked for while a read was under way: the file may have changed since, so it is read
        /// once more after it (every request in between shares that read).
        var again = false
        var next: [ControlReply] = []
    }

    /// Starts reading the config anew (SIGHUP, or `ritualctl reload` with the reply it is owed).
    func beginReload(_ reply: ControlReply?) {
        guard !reloads.reading else {
            reloads.again = true
            if let reply { reloads.next.append(reply) }
            return
        }
        reloads.reading = true
        if let reply { reloads.current.append(reply) }
        ServiceNotify.send("RELOADING=1\nMONOTONIC_USEC=\(ThisProcess.monotonicMicroseconds())")
        let (name, options, inputs) = (config.name, options, inputs)
        DispatchQueue.global(qos: .utility).async {
            let read = Result { () throws(ConfigError) in try Daemon.configToReload(name: name, options: options) }
            inputs.send(.configRead(read))
        }
    }

    /// The config was read: in use when valid, else the rituals already loaded keep running.
    /// What came due meanwhile is settled at once; those who asked are answered.
    func reloaded(_ read: Result<LoadedConfig, ConfigError>, now: Instant) {
        var response: ControlResponse
        switch read {
        case .success(let loaded):
            apply(loaded)
            let said = "Reloaded \(config.name): \(config.rituals.count) rituals."
            record([DaemonEvent(.reloaded, message: said)], now: now)
            // What the new `hold` (or a ritual's) no longer holds is shown now.
            record(delivery.reconsiderHeld(state: state, now: now), now: now)
            for warning in config.config.warnings { logger.warning("\(warning)") }
            sharing.start(store: recorder.store)
            replies.start()
            response = ControlResponse(messages: [said])
        case .failure(let error):
            let problems = error.issues.map { "\($0)" }
            record(
                problems.map { DaemonEvent(.configError, message: "\($0); keeping the rituals already loaded") },
                now: now)
            response = .refused(
                "\(config.name) cannot be used; the rituals already loaded keep running", messages: problems)
        }
        due(now: clock.now())
        ServiceNotify.send("READY=1\nSTATUS=\(scheduler.statusLine(problem: recorder.store.problem))")
        response.timezone = config.zone.name
        for reply in reloads.current { reply.send(response) }
        reloads.current = []
        reloads.reading = false
        if reloads.again {
            let waiting = reloads.next
            reloads.again = false
            reloads.next = []
            beginReload(nil)
            reloads.current = waiting
        }
    }

    /// The config a reload reads. The built-in rituals are for someone who never wrote a file: a
    /// file that was in use and is gone now is an error, not a reason to switch to them.
    static func configToReload(name: String, options: Options) throws(ConfigError) -> LoadedConfig {
        if name != DefaultConfig.name,
            ConfigLoader.chosenFile(path: options.configPath, builtIn: options.useDefaults) == nil
        {
            throw ConfigError(issues: [
                ConfigIssue(
                    file: name,
                    message: "no such file any more; put it back (`ritualctl init` writes a new one), "
                        + "or restart rituald to run the built-in rituals")
            ])
        }
        return try load(options)
    }

    static func load(_ options: Options) throws(ConfigError) -> LoadedConfig {
        try ConfigLoader.choose(path: options.configPath, builtIn: options.useDefaults, kinds: ChannelKinds.all)
    }
}
