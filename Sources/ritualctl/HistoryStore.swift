import ArgumentParser
import Foundation
import RitualsConfig
import RitualsControl
import RitualsCore

/// Where `history` and `stats` read: the state directory given, else the running daemon's,
/// else the default one.
struct HistoryStore: ParsableArguments {
    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp("The state directory (default: rituald's, else $XDG_STATE_HOME/rituals).", valueName: "DIR"))
    var stateDirectory: String?

    @OptionGroup var connection: DaemonConnection

    /// The records and the zone to show them in.
    func load() throws -> (records: [HistoryRecord], zone: Zone, now: Int) {
        var directory = stateDirectory
        var zone = SystemZones.shared.localZone()
        if directory == nil, let r = try? connection.client.send(ControlRequest(.status)), let s = r.status {
            directory = s.stateDirectory
            zone = Output.zone(r)
        }
        let path = (directory ?? UserDirectories.state()) + "/" + HistoryFile.name
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                FileHandle.standardError.write(Data("ritualctl: cannot read \(path)\n".utf8))
                throw ExitCode(1)
            }
            return ([], zone, Int(Date().timeIntervalSince1970 * 1_000_000))
        }
        return (HistoryFile.parse(data).records, zone, Int(Date().timeIntervalSince1970 * 1_000_000))
    }

    /// Refuses `id` when it is neither in `records` nor a ritual of rituald's (or the config
    /// file's) and names the rituals there are; an id known but without history passes.
    func requireKnown(_ id: String?, in records: [HistoryRecord]) throws {
        guard let id, !records.contains(where: { $0.ritual == id }) else { return }
        let configured =
            (try? connection.client.send(ControlRequest(.list)))?.rituals?.map(\.id)
            ?? (try? ConfigLoader.choose(path: nil))?.config.rituals.map(\.id) ?? []
        guard !configured.contains(id) else { return }
        var known: [String] = []
        for r in records.map(\.ritual) + configured where r != HistoryRecord.allRituals && !known.contains(r) {
            known.append(r)
        }
        let list = known.isEmpty ? "there are none yet" : "the rituals are: " + known.joined(separator: ", ")
        FileHandle.standardError.write(Data("ritualctl: no ritual \"\(id)\"; \(list)\n".utf8))
        throw ExitCode(1)
    }
}
