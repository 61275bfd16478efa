import Foundation

/// The desktop `scripts/make/test-desktop` brings up: dunst on a private bus, and the journal.
enum TestDesktop {
    static let environment = ProcessInfo.processInfo.environment
    /// Whether dunst, Xvfb and the session bus are up (`make test` runs the suite inside them).
    static var isUp: Bool { environment["RITUALS_TEST_DESKTOP"] == "1" }
    /// Whether a journald listens.
    static var hasJournal: Bool { environment["RITUALS_TEST_JOURNAL"] == "1" }

    /// How long to wait for an entry to show in the journal: a journald under load (the whole
    /// suite runs in parallel) takes its time.
    static let journalWait = 30.0

    /// Runs a program to its end, with `environment` added to the suite's; its standard output.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], environment extra: [String: String] = [:]) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + arguments
        if !extra.isEmpty { p.environment = environment.merging(extra) { $1 } }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs a program to its end; its standard output and error together.
    static func runMerged(_ program: String, _ arguments: [String]) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        guard (try? p.run()) != nil else { return "" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The least a wait lasts before it gives up. A wait ends as soon as what it awaits holds: its
    /// limit only bounds how long a failure takes to show, so it is set for a machine whose cores
    /// are all busy with other work, never for a quiet one.
    static let patience = 120.0

    /// Checks `condition` every 50 ms until it holds or `seconds` (at least ``patience``) pass.
    static func poll(within seconds: Double, _ condition: () -> Bool) -> Bool {
        check(every: 50_000, for: max(seconds, patience), condition)
    }

    /// Checks `condition` every `microseconds` for `seconds` exactly: for a question asked again
    /// when no answer came soon.
    static func check(every microseconds: UInt32, for seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(microseconds)
        }
        return condition()
    }

    /// ``poll(within:_:)`` that lets the other tests run while it waits (the test pool has as many
    /// threads as cores).
    static func waitUntil(within seconds: Double, _ condition: () -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(max(seconds, patience))
        while Date() < end {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        return condition()
    }

    /// Notifications dunst shows now.
    static func displayed() -> Int {
        let line = run("dunstctl", ["count", "displayed"]).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int(line) ?? -1
    }

    /// Closed notifications, newest first: id, summary, body.
    static func history() -> [(id: Int, summary: String, body: String)] {
        let text = run("dunstctl", ["history"])
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let lists = json["data"] as? [[[String: Any]]], let list = lists.first
        else { return [] }
        func value(_ n: [String: Any], _ key: String) -> Any? { (n[key] as? [String: Any])?["data"] }
        return list.map {
            (value($0, "id") as? Int ?? 0, value($0, "summary") as? String ?? "", value($0, "body") as? String ?? "")
        }
    }

    /// Opens dunst's context menu and picks the first line matching the extended regular
    /// expression `pattern` (lines look like `#Snooze 10 min (Title) [2,snooze]`); returns the
    /// menu that was offered.
    @discardableResult
    static func pick(_ pattern: String) throws -> [String] {
        guard let pickFile = environment["RITUALS_TEST_PICK"], let menuFile = environment["RITUALS_TEST_MENU"] else {
            return []
        }
        try? FileManager.default.removeItem(atPath: menuFile)
        try pattern.write(toFile: pickFile, atomically: true, encoding: .utf8)
        // dunst ignores a request while it still reads the previous menu's answer: ask again.
        for _ in 0..<10 {
            run("dunstctl", ["context"])
            if check(every: 50_000, for: 1, { FileManager.default.fileExists(atPath: menuFile) }) { break }
        }
        let menu = (try? String(contentsOfFile: menuFile, encoding: .utf8)) ?? ""
        return menu.split(separator: "\n").map(String.init)
    }

    /// Journal entries whose `field` is `value`, oldest first, as field → text (every field whole:
    /// journalctl leaves out those over 4 KiB without `--all`).
    static func journal(_ field: String, _ value: String) -> [[String: String]] {
        run("journalctl", ["-o", "json", "--all", "--no-pager", "\(field)=\(value)"]).split(separator: "\n").compactMap
        {
            guard let object = try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
                return nil
            }
            return object.compactMapValues { $0 as? String }
        }
    }
}
