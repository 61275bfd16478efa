import Foundation

/// logind on a system bus of its own (python3-dbusmock's logind template, through
/// scripts/servers/logind_mock.py), with a graphical session of this user whose screen a test
/// locks and whose person it sends away, as a desktop tells logind.
final class LogindMock {
    let dir: String
    let bus: String

    /// Whether python3-dbusmock is installed (`make test` installs it).
    static let available = FileManager.default.fileExists(
        atPath: "/usr/lib/python3/dist-packages/dbusmock/templates/logind.py")

    init() throws {
        dir =
            FileManager.default.temporaryDirectory.appendingPathComponent("logind-\(UUID().uuidString.prefix(8))").path
        let text = try ScriptCall.run("servers/logind_mock.py", ["start", dir])
        guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let bus = json["bus"] as? String
        else { throw ScriptCallError(said: "start said: \(text)") }
        self.bus = bus
    }

    deinit { stop() }

    func stop() { _ = try? ScriptCall.run("servers/logind_mock.py", ["stop", dir]) }

    /// What rituald needs to ask this logind.
    var environment: [String: String?] { ["DBUS_SYSTEM_BUS_ADDRESS": bus] }

    /// The screen locked or unlocked.
    func lock(_ on: Bool) throws { try ScriptCall.run("servers/logind_mock.py", ["lock", dir, on ? "on" : "off"]) }

    /// Idle since `seconds` ago; nil: in use again.
    func idle(since seconds: Int?) throws {
        try ScriptCall.run("servers/logind_mock.py", ["idle", dir, seconds.map(String.init) ?? "off"])
    }
}
