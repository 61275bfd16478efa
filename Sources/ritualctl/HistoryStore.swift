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
        let path = (directory ?? ControlPaths.stateDirectory()) + "/" + HistoryFile.name
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                FileHandle.standardError.write(Data("ritualctl: cannot read \(path)\n".utf8))
                throw ExitCode(1)
            }
            return ([], zone, Int(Date().timeIntervalSince1970 * 1_000_000))
        }
        return (HistoryFile.parse(data).records, zone, Int(Date().timeIntervalSince1970 * 1_000_000))
    }
}
