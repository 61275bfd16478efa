import Foundation

/// GNOME's notification-daemon on an X display and session bus of its own (apart from the test
/// desktop's dunst), for clicking a notification's button as a person would, with xdotool.
final class SecondDesktop {
    let dir: String
    let display: String
    var busPath: String { dir + "/bus" }
    var busAddress: String { "unix:path=\(busPath)" }
    private var processes: [Process] = []

    static let daemon = "/usr/lib/notification-daemon/notification-daemon"
    static var available: Bool {
        ["/usr/bin/Xvfb", daemon, "/usr/bin/xdotool", "/usr/bin/import", "/usr/bin/dbus-daemon"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Starts the display; the bus and the server come with ``startServer()``.
    init() throws {
        dir =
            FileManager.default.temporaryDirectory.appendingPathComponent("second-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Xvfb takes a free number itself and writes it to its standard output once it listens
        // (a number chosen here by looking for lock files could be one a stale server still holds).
        let xvfb = Process()
        xvfb.executableURL = URL(fileURLWithPath: "/usr/bin/Xvfb")
        xvfb.arguments = ["-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp"]
        let out = Pipe()
        xvfb.standardOutput = out
        xvfb.standardError = FileHandle.nullDevice
        try xvfb.run()
        processes.append(xvfb)
        var said = Data()
        while !said.contains(0x0A), case let chunk = out.fileHandleForReading.availableData, !chunk.isEmpty {
            said.append(chunk)
        }
        guard let n = Int(String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw ScriptCallError(said: "Xvfb gave no display number") }
        display = ":\(n)"
    }

    deinit { stop() }

    /// A session bus at ``busPath`` and notification-daemon on it, once it owns the name. The
    /// bus starts no services (the system's would start dunst): notification-daemon is the one.
    func startServer() throws {
        let config = """
            <busconfig><type>session</type><listen>\(busAddress)</listen><auth>EXTERNAL</auth>
            <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
            <allow own="*"/></policy></busconfig>
            """
        try config.write(toFile: dir + "/bus.conf", atomically: true, encoding: .utf8)
        try spawn("/usr/bin/dbus-daemon", ["--nofork", "--config-file=\(dir)/bus.conf"])
        _ = TestDesktop.poll(within: 10) { FileManager.default.fileExists(atPath: self.busPath) }
        try spawn(SecondDesktop.daemon, [])
        _ = TestDesktop.poll(within: 10) {
            let reply = self.x(
                "/usr/bin/dbus-send",
                [
                    "--bus=\(self.busAddress)", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.Notifications",
                ])
            return reply.contains("boolean true")
        }
    }

    func stop() {
        for p in processes where p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        processes.removeAll()
        // Xvfb, killed, leaves its socket and lock behind.
        let n = display.dropFirst()
        try? FileManager.default.removeItem(atPath: "/tmp/.X11-unix/X\(n)")
        try? FileManager.default.removeItem(atPath: "/tmp/.X\(n)-lock")
    }

    private func spawn(_ path: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["DISPLAY"] = display
        env["DBUS_SESSION_BUS_ADDRESS"] = busAddress
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        processes.append(p)
    }

    /// Runs an X tool on this display; its standard output.
    func x(_ program: String, _ arguments: [String]) -> String {
        TestDesktop.run(program, arguments, environment: ["DISPLAY": display])
    }

    /// The notification window shown, if any.
    func notificationWindow() -> String? {
        x("/usr/bin/xdotool", ["search", "--onlyvisible", "--name", "^Notification"])
            .split(separator: "\n").first.map(String.init)
    }

    /// The centres of the buttons of a notification window, left to right: the clusters of dark
    /// pixels in the lowest band of text (the title and the body are above it).
    func buttons(of window: String) -> [(x: Int, y: Int)] {
        let file = dir + "/window.gray"
        _ = x("/usr/bin/import", ["-window", window, "-colorspace", "Gray", "-depth", "8", "gray:" + file])
        let size = x("/usr/bin/xdotool", ["getwindowgeometry", "--shell", window]).split(separator: "\n")
        func value(_ key: String) -> Int? {
            size.first { $0.hasPrefix(key + "=") }.flatMap { Int($0.dropFirst(key.count + 1)) }
        }
        guard let width = value("WIDTH"), let height = value("HEIGHT"),
            let pixels = FileManager.default.contents(atPath: file), pixels.count >= width * height
        else { return [] }
        let bytes = [UInt8](pixels)
        // Leave out the frame and the close box in the top right corner.
        let margin = 8
        func dark(_ x: Int, _ y: Int) -> Bool { bytes[y * width + x] < 110 }
        let rows = (margin..<(height - margin)).filter { y in (margin..<(width - 60)).contains { dark($0, y) } }
        guard let last = rows.last else { return [] }
        var top = last
        while rows.contains(top - 1) { top -= 1 }
        let columns = (margin..<(width - margin)).filter { x in (top...last).contains { dark(x, $0) } }
        var clusters: [(Int, Int)] = []
        for c in columns {
            if let end = clusters.last?.1, c - end <= 8 {
                clusters[clusters.count - 1].1 = c
            } else {
                clusters.append((c, c))
            }
        }
        return clusters.map { (($0.0 + $0.1) / 2, (top + last) / 2) }
    }

    /// Saves the whole screen as a PNG at `path`.
    func screenshot(_ path: String) {
        _ = x("/usr/bin/import", ["-window", "root", path])
    }
}
