import Foundation

/// Runs the real rituald in a temporary directory with its own config and state.
struct RitualdRunner {
    let dir: String
    var configPath: String { dir + "/rituals.toml" }
    var historyPath: String { dir + "/state/history.jsonl" }
    var socketPath: String { dir + "/control.sock" }

    static var binary: String {
        URL(fileURLWithPath: Ritualctl.path).deletingLastPathComponent().appendingPathComponent("rituald").path
    }

    init(config: String) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rituald-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts rituald; `environment` is laid over this process's. `prefix` runs it through
    /// another program (such as setpriv).
    func launch(
        notify: NotifyListener, environment: [String: String?] = [:], prefix: [String] = [],
        socket: String? = nil, configFile: Bool = true
    ) throws -> Process {
        let p = Process()
        let command =
            prefix + [RitualdRunner.binary] + (configFile ? ["--config", configPath] : []) + [
                "--state-dir", dir + "/state", "--socket", socket ?? socketPath, "--verbose",
            ]
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notify.path
        for (key, value) in environment { env[key] = value }
        p.environment = env
        FileManager.default.createFile(atPath: dir + "/rituald.log", contents: nil)
        p.standardError = FileHandle(forWritingAtPath: dir + "/rituald.log")
        try p.run()
        return p
    }

    /// Writes a history in which every ritual of the config last fired at the epoch's first
    /// second: occurrences since then count as missed while rituald was not running.
    func handledLongAgo() throws {
        let config = try String(contentsOfFile: configPath, encoding: .utf8)
        let ids = config.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: "\"")
            return line.hasPrefix("id = ") && parts.count >= 2 ? String(parts[1]) : nil
        }
        try FileManager.default.createDirectory(atPath: dir + "/state", withIntermediateDirectories: true)
        let lines = ids.map { "{\"at\":1000000,\"event\":\"fired\",\"occurrence\":1000000,\"ritual\":\"\($0)\"}\n" }
        try lines.joined().write(toFile: historyPath, atomically: true, encoding: .utf8)
    }

    /// Runs ritualctl against this daemon's socket.
    func ctl(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws
        -> Ritualctl.Result
    {
        try Ritualctl.run(arguments + ["--socket", socketPath], environment: environment, input: input)
    }

    /// The history file's records.
    func records() -> [[String: Any]] {
        let data = FileManager.default.contents(atPath: historyPath) ?? Data()
        return data.split(separator: 0x0A).compactMap {
            try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
        }
    }

    /// The history file's records of one event.
    func records(_ event: String) -> [[String: Any]] { records().filter { $0["event"] as? String == event } }

    /// Occurrences fired, without those `handledLongAgo` wrote.
    func fired() -> [[String: Any]] { records("fired").filter { $0["occurrence"] as? Int != 1_000_000 } }

    /// The answers of another person to `ritual` the history holds (from a phone, or the folder).
    func othersAnswers(_ ritual: String) -> [[String: Any]] {
        records().filter {
            $0["ritual"] as? String == ritual && ["done", "snoozed", "skipped"].contains($0["event"] as? String ?? "")
                && $0["by"] != nil
        }
    }

    /// What rituald said on its standard streams so far.
    var log: String { (try? String(contentsOfFile: dir + "/rituald.log", encoding: .utf8)) ?? "" }

    /// A calendar expression for one moment `seconds` from now, in UTC.
    static func moment(_ seconds: Int) -> String {
        let t = Int(Date().timeIntervalSince1970) + seconds
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t))) + " UTC"
    }
}
