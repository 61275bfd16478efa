import Foundation

/// Two rituald, one for each person of a couple, with their own config, state and socket,
/// sharing one folder (or, with Syncthing, a folder each).
struct TwoComputers {
    let alex: RitualdRunner
    let sam: RitualdRunner
    let shared: String

    /// The config of `me`, sharing `folder`, with `rituals` (TOML) after its settings.
    static func config(me: String, folder: String, rituals: String) -> String {
        """
        [settings]
        timezone = "UTC"
        quiet_hours = "03:00-03:01"
        catch_up = "5m"
        people = ["Alex", "Sam"]
        me = "\(me)"
        shared_dir = "\(folder)"

        \(rituals)
        """
    }

    /// Both in one shared folder, or (`separate`) each in a folder of their own, for a tool that
    /// syncs them.
    init(rituals: String, separate: Bool = false) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "couple-\(UUID().uuidString.prefix(8))"
        )
        .path
        shared = base + "/shared"
        for d in [shared, shared + "-sam"] {
            try FileManager.default.createDirectory(
                atPath: d, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        alex = try RitualdRunner(config: TwoComputers.config(me: "Alex", folder: shared, rituals: rituals))
        sam = try RitualdRunner(
            config: TwoComputers.config(me: "Sam", folder: separate ? shared + "-sam" : shared, rituals: rituals))
    }

    /// The lines of `event` in the file at `path` of the shared folder.
    static func lines(_ path: String, _ event: String) -> Int {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n")
            .filter { $0.contains("\"event\":\"\(event)\"") }.count
    }

    /// Records of `run`'s history with `event` by `person` (nil: its own).
    static func answers(_ run: RitualdRunner, _ event: String, by person: String?) -> [[String: Any]] {
        run.records(event).filter { $0["by"] as? String == person }
    }
}
