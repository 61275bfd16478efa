import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsChannels
import RitualsConfig
import RitualsControl
import RitualsCore

/// Where `history` and `stats` read: the state directory given, else the running daemon's,
/// else the default one.
struct StateDirectoryOption: ParsableArguments {
    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp("The state directory (default: rituald's, else $XDG_STATE_HOME/rituals).", valueName: "DIR"))
    var stateDirectory: String?

    @OptionGroup var connection: DaemonConnection

    /// Who keeps the rituals: the person at this computer, and per ritual the people whose
    /// confirmations it needs besides them.
    typealias Couple = (me: String?, needs: [String: [String]])

    /// The history file to read, the zone to show its records in, and who keeps the rituals:
    /// from one status request to rituald, else from the state directory given (or the default)
    /// and the config file.
    func locate() -> (path: String, zone: Zone, now: Instant, couple: Couple) {
        var directory = stateDirectory
        var zone = SystemZones.shared.localZoneOrUTC()
        var couple: Couple?
        if let r = try? connection.client.send(ControlRequest.status), let s = r.status {
            couple = (s.me, s.needs ?? [:])
            if directory == nil {
                directory = s.stateDirectory
                zone = Output.zone(r)
            }
        }
        let path = (directory ?? UserDirectories.state()) + "/" + HistoryFile.name
        return (
            path, zone, WallClock.now(), couple ?? StateDirectoryOption.coupleFromConfig()
        )
    }

    /// Who keeps the rituals, from the config file, when rituald does not say.
    static func coupleFromConfig() -> Couple {
        guard let config = (try? ConfigLoader.choose(path: nil, kinds: ChannelKinds.all))?.config else {
            return (nil, [:])
        }
        var needs: [String: [String]] = [:]
        for r in config.rituals where r.ack == .both { needs[r.id] = config.settings.others }
        return (config.settings.me, needs)
    }

    /// Calls `body` with each record of the history file at `path`, in order, reading it a chunk
    /// at a time (memory follows what `body` keeps, not the file). No file is no records.
    func forEachRecord(in path: String, _ body: (HistoryRecord) -> Void) throws {
        do {
            guard let file = try ChunkedFile(path) else { return }
            try file.read(from: 0) { chunk in HistoryFile.parse(chunk).records.forEach(body) }
        } catch {
            Terminal.error(Data("ritualctl: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Refuses `id` when it is neither among `seen` (the rituals of the history, in order) nor a
    /// ritual of rituald's (or the config file's) and names the rituals there are; an id known
    /// but without history passes.
    func requireKnown(_ id: String?, seen: [String]) throws {
        guard let id, !seen.contains(id) else { return }
        let configured =
            (try? connection.client.send(ControlRequest.list))?.rituals?.map(\.id)
            ?? (try? ConfigLoader.choose(path: nil, kinds: ChannelKinds.all))?.config.rituals.map(\.id) ?? []
        guard !configured.contains(id) else { return }
        var known: [String] = []
        for r in seen + configured where r != HistoryRecord.allRituals && !known.contains(r) {
            known.append(r)
        }
        let list = known.isEmpty ? "there are none yet" : "the rituals are: " + known.joined(separator: ", ")
        Terminal.error(Data("ritualctl: no ritual \"\(id)\"; \(list)\n".utf8))
        throw ExitCode(1)
    }
}
