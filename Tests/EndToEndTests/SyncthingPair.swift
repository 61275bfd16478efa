import Foundation
import LinuxSystem

/// Two real Syncthing instances that share one folder each between them, in a network namespace
/// of their own in which only the loopback interface exists: they can reach each other on
/// 127.0.0.1 and nothing else. Discovery, relays, NAT traversal, usage and crash reports and
/// upgrades are off in their configs too. Root only (the namespace).
final class SyncthingPair {
    let dir: String
    let process: ChildProcess

    static var available: Bool {
        getuid() == 0 && ["syncthing", "unshare", "ip"].allSatisfy { ChildProcess.find($0) != nil }
    }

    /// The ports each listens on inside the namespace.
    static let ports = [22101, 22102]

    /// Starts both, sharing `folders[0]` (the first) with `folders[1]` (the second).
    init(folders: [String]) throws {
        dir =
            FileManager.default.temporaryDirectory.appendingPathComponent("syncthing-\(UUID().uuidString.prefix(8))")
            .path
        var ids: [String] = []
        for i in 0..<2 {
            let home = dir + "/st\(i)"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            let out = TestDesktop.runMerged(
                "syncthing", ["generate", "--home=\(home)", "--no-default-folder", "--skip-port-probing"])
            guard let line = out.split(separator: "\n").first(where: { $0.contains("Device ID:") }),
                let id = line.split(separator: " ").last
            else { throw SystemError("syncthing generate printed no device id: \(out)", code: EINVAL) }
            ids.append(String(id))
            try FileManager.default.createDirectory(
                atPath: folders[i] + "/.stfolder", withIntermediateDirectories: true)
        }
        for i in 0..<2 {
            let xml = SyncthingPair.config(
                own: ids[i], port: SyncthingPair.ports[i], peer: ids[1 - i], peerPort: SyncthingPair.ports[1 - i],
                folder: folders[i])
            try xml.write(toFile: dir + "/st\(i)/config.xml", atomically: true, encoding: .utf8)
        }
        let serve = "syncthing serve --no-browser --no-restart --no-upgrade"
        let script = """
            set -e
            ip link set lo up
            \(serve) --home="$0/st0" >"$0/st0.log" 2>&1 &
            \(serve) --home="$0/st1" >"$0/st1.log" 2>&1 &
            wait
            """
        process = try ChildProcess(
            "/usr/bin/unshare", ["--net", "/bin/sh", "-c", script, dir],
            environment: ["STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1", "HOME": dir])
    }

    deinit { stop() }

    func stop() {
        process.terminate()
        _ = process.wait()
    }

    /// What both logged.
    var logs: String {
        (0..<2).map { (try? String(contentsOfFile: dir + "/st\($0).log", encoding: .utf8)) ?? "" }.joined(
            separator: "\n---\n")
    }

    /// A config that talks to the peer on 127.0.0.1 only and to no one else.
    static func config(own: String, port: Int, peer: String, peerPort: Int, folder: String) -> String {
        """
        <configuration version="36">
            <folder id="rituals" label="rituals" path="\(folder)" type="sendreceive" rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
                <device id="\(own)"></device>
                <device id="\(peer)"></device>
            </folder>
            <device id="\(own)" name="self"><address>dynamic</address></device>
            <device id="\(peer)" name="peer"><address>tcp://127.0.0.1:\(peerPort)</address></device>
            <gui enabled="false" tls="false"><address>127.0.0.1:0</address></gui>
            <options>
                <listenAddress>tcp://127.0.0.1:\(port)</listenAddress>
                <globalAnnounceServer></globalAnnounceServer>
                <globalAnnounceEnabled>false</globalAnnounceEnabled>
                <localAnnounceEnabled>false</localAnnounceEnabled>
                <relaysEnabled>false</relaysEnabled>
                <natEnabled>false</natEnabled>
                <urAccepted>-1</urAccepted>
                <crashReportingEnabled>false</crashReportingEnabled>
                <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
                <startBrowser>false</startBrowser>
                <stunKeepaliveStartS>0</stunKeepaliveStartS>
                <stunServer></stunServer>
                <announceLANAddresses>false</announceLANAddresses>
                <reconnectionIntervalS>1</reconnectionIntervalS>
                <restartOnWakeup>false</restartOnWakeup>
            </options>
        </configuration>
        """
    }
}
