import Foundation

/// A notification server (dunst, notification-daemon, GNOME Shell, Xfce, KDE Plasma), on buses
/// of its own through the one desktop harness (scripts/servers/desktop_server.py), whose buttons
/// are pressed with a pointer as a person presses them.
final class RealDesktop {
    let kind: String
    let dir: String
    let bus: String
    let display: String?
    /// What the server says it is: name, vendor, version.
    let server: String
    /// Its name and version, apart (nil for a desktop started later, until it serves).
    let name: String?
    let version: String?

    /// The desktops `make test` runs: those installed, Plasma only when asked for
    /// (`make test-desktops` sets RITUALS_TEST_PLASMA=1; it is slow to install).
    static let testable: [String] = ["gnome-shell", "xfce", "plasma"].filter { kind in
        (kind != "plasma" || ProcessInfo.processInfo.environment["RITUALS_TEST_PLASMA"] == "1")
            && (try? ScriptCall.run("servers/desktop_server.py", ["available", kind])) != nil
    }

    /// Starts `kind`; `later`: its display only, the bus and the server come with ``serve()`` (a
    /// session that starts after rituald).
    init(_ kind: String, later: Bool = false) throws {
        self.kind = kind
        dir =
            FileManager.default.temporaryDirectory.appendingPathComponent("desktop-\(UUID().uuidString.prefix(8))")
            .path
        let text = try ScriptCall.run(
            "servers/desktop_server.py", ["start", kind, dir] + (later ? ["--later"] : []))
        guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let bus = json["bus"] as? String
        else { throw ScriptCallError(said: "start said: \(text)") }
        self.bus = bus
        display = json["display"] as? String
        server = json["server"] as? String ?? ""
        name = json["name"] as? String
        version = json["version"] as? String
    }

    deinit { stop() }

    func stop() { _ = try? ScriptCall.run("servers/desktop_server.py", ["stop", dir]) }

    /// The bus and the server of a desktop started later.
    /// The bus and the server of a desktop started later; what the server says it is (`name`,
    /// `version`).
    @discardableResult
    func serve() throws -> [String: Any] {
        let text = try ScriptCall.run("servers/desktop_server.py", ["serve", dir])
        return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// What rituald needs to show its notifications here (and nothing of the test desktop's), and
    /// on GNOME Shell the desktop's settings (dconf's database in its home), as its person's.
    var environment: [String: String?] {
        ["DBUS_SESSION_BUS_ADDRESS": bus, "DISPLAY": display]
            .merging(kind == "gnome-shell" ? ["XDG_CONFIG_HOME": configHome] : [:]) { $1 }
    }

    /// The desktop's settings folder (its home's .config).
    var configHome: String { dir + "/home/.config" }

    /// The notifications on screen (or, GNOME Shell, in its message tray).
    func shown() -> [[String: Any]] {
        let text = (try? ScriptCall.run("servers/desktop_server.py", ["shown", dir])) ?? "[]"
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
    }

    /// GNOME Shell: moves the pointer a little, as someone back at the computer.
    func nudge() throws { try ScriptCall.run("servers/desktop_server.py", ["nudge", dir]) }

    /// GNOME Shell: opens the message list and clicks the newest notification there.
    func click() throws { try ScriptCall.run("servers/desktop_server.py", ["click", dir]) }

    /// Moves the pointer onto the newest notification (GNOME Shell then shows its buttons).
    func hover() throws { try ScriptCall.run("servers/desktop_server.py", ["hover", dir]) }

    /// Presses the `index`th of the `count` buttons of the newest notification; what was
    /// pressed (GNOME Shell says the button's label).
    @discardableResult
    func press(_ index: Int, of count: Int) throws -> [String: Any] {
        let text = try ScriptCall.run("servers/desktop_server.py", ["press", dir, String(index), String(count)])
        return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// The whole screen, kept as .build/screenshots/NAME.png for people to look at.
    func screenshot(_ name: String) throws -> String {
        let path = NotificationDaemonTests.screenshots + "/\(name).png"
        try FileManager.default.createDirectory(
            atPath: NotificationDaemonTests.screenshots, withIntermediateDirectories: true)
        try ScriptCall.run("servers/desktop_server.py", ["screenshot", dir, path])
        return path
    }
}
