import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a damaged disk or a careless environment must not do: lose an acknowledged answer,
/// or run in a time zone nobody meant.
struct DamagedStateTests {
    static let weekly = """
        [settings]
        timezone = "UTC"
        [[ritual]]
        id = "walk"
        title = "Walk"
        when = "Sat 10:00"

        """

    func start(_ run: RitualdRunner) throws -> Process {
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        _ = try #require(notify.wait(for: "READY=1", within: 30))
        return p
    }

    func stop(_ p: Process, kill signal: Int32 = SIGTERM) {
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
    }

    /// A history cut mid-line, then a clean start and stop (the snapshot now covers the cut
    /// line): the next acknowledged answer is on a line of its own and survives a kill -9.
    @Test(arguments: [0, 1, 2])
    func aCutHistoryLineNeverSwallowsTheNextRecord(cleanRestarts: Int) throws {
        let run = try RitualdRunner(config: DamagedStateTests.weekly)
        var p = try start(run)
        #expect(try run.ctl(["fire", "walk"]).status == 0)
        #expect(try run.ctl(["done", "walk"]).status == 0)
        stop(p)
        let cut = Data("{\"at\":1764000000000000,\"event\":\"fir".utf8)
        let handle = try #require(FileHandle(forWritingAtPath: run.historyPath))
        handle.seekToEndOfFile()
        handle.write(cut)
        try handle.close()
        for _ in 0..<cleanRestarts { stop(try start(run)) }
        p = try start(run)
        #expect(try run.ctl(["fire", "walk"]).status == 0)
        let done = try run.ctl(["done", "walk"])
        #expect(done.status == 0, "\(done.stderr)")
        stop(p, kill: SIGKILL)
        let dones = run.records("done")
        #expect(dones.count == 2, "both answers are whole records: \(run.records())")
        let text = String(decoding: FileManager.default.contents(atPath: run.historyPath) ?? Data(), as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        #expect(!text.contains("\"event\":\"fir{"), "no record glued to the cut line")
    }

    @Test(arguments: ["UTC+999999", "Garbage/Nowhere!!", ":/etc/shadow", "UTC+25"])
    func aTZThatIsNoZoneStopsTheStartAndCheckSaysSo(tz: String) throws {
        let run = try RitualdRunner(config: "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"Sat 10:00\"\n")
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": "/nonexistent", "TZ": tz])
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.contains("TZ=\(tz): not a time zone"), "\(log)")
        #expect(!FileManager.default.fileExists(atPath: run.socketPath), "it never ran")
        let check = try Ritualctl.run(["check", run.configPath], environment: ["TZ": tz])
        #expect(check.status == 1)
        #expect(check.stderr.contains("TZ=\(tz): not a time zone"))
        let offline = try Ritualctl.run(["next", "--offline", "--config", run.configPath], environment: ["TZ": tz])
        #expect(offline.status == 1 && offline.stderr.contains("TZ=\(tz)"))
    }

    @Test func aConfigZoneThatIsNoZoneStopsTheStart() throws {
        let run = try RitualdRunner(
            config: "[settings]\ntimezone = \"Atlantis/Sunken\"\n[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\n"
                + "when = \"Sat 10:00\"\n")
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.contains("settings.timezone: unknown time zone \"Atlantis/Sunken\""), "\(log)")
    }
}

extension DamagedStateTests {
    /// A 2 GB history (mostly a hole, as a damaged disk or a careless copy leaves one) is not
    /// read: it is set aside as it is, and rituald starts from its snapshot.
    @Test func aHugeHistoryIsSetAsideUnreadAndTheSnapshotKept() throws {
        let run = try RitualdRunner(config: DamagedStateTests.weekly)
        var p = try start(run)
        #expect(try run.ctl(["pause", "walk"]).status == 0)
        stop(p)
        let before = run.records()
        #expect(truncate(run.historyPath, 2 << 30) == 0)
        p = try start(run)
        defer { p.terminate() }
        let state = try FileManager.default.contentsOfDirectory(atPath: run.dir + "/state")
        let aside = try #require(state.first { $0.hasPrefix("history.jsonl.damaged-") })
        let attributes = try FileManager.default.attributesOfItem(atPath: run.dir + "/state/" + aside)
        #expect((attributes[.size] as? Int) == 2 << 30, "kept as it was, not copied or cut")
        #expect(state.filter { $0.contains("damaged") }.count == 1)
        #expect(run.records().isEmpty, "a new history")
        #expect(try run.ctl(["list"]).stdout.contains("paused"), "the pause from the snapshot holds")
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.contains("too long to be a history"), "\(log)")
        #expect(!before.isEmpty)
    }
}

extension DamagedStateTests {
    /// XDG_RUNTIME_DIR naming a file: ritualctl says so, not that rituald is not running.
    @Test func anXDGRuntimeDirThatIsAFileIsNamed() throws {
        let run = try RitualdRunner(config: DamagedStateTests.weekly)
        let p = try start(run)
        defer { p.terminate() }
        let file = run.dir + "/not-a-dir"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let status = try Ritualctl.run(["status"], environment: ["XDG_RUNTIME_DIR": file])
        #expect(status.status == 1)
        #expect(status.stderr.contains("\(file) is not a directory"), "\(status.stderr)")
        #expect(!status.stderr.contains("not running"))
    }

    /// Reloads keep no memory: a hundred of them after a first fifty add less than a mebibyte.
    @Test func reloadsKeepNoMemory() throws {
        // The built-in rituals, as written in config/rituals.toml.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let run = try RitualdRunner(
            config: try String(contentsOf: repository.appendingPathComponent("config/rituals.toml"), encoding: .utf8))
        let p = try start(run)
        defer { p.terminate() }
        func anonymous() -> Int {
            let status = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        for _ in 0..<50 { _ = try run.ctl(["reload"]) }
        let before = anonymous()
        for _ in 0..<100 { #expect(try run.ctl(["reload"]).status == 0) }
        #expect(anonymous() - before < 1024, "\(anonymous() - before) KiB kept by 100 reloads")
    }
}
