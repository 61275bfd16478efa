import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The shared folder as a hostile partner, a careless sync or a damaged disk leaves it: rituald
/// records nothing false, nothing twice, and keeps firing and answering.
struct HostileFolderTests {
    /// A ritual every second beside the walk, to see firing go on.
    static func rituals(_ walk: String) -> String {
        walk + "[[ritual]]\nid = \"tick\"\ntitle = \"Tick\"\nwhen = \"*:*:*\"\nquiet_hours = \"ignore\"\n"
    }

    func start(_ run: RitualdRunner) throws -> (Process, NotifyListener) {
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        _ = try #require(notify.wait(for: "READY=1", within: 30))
        return (p, notify)
    }

    func write(_ path: String, _ text: String) throws {
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let h = try #require(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data(text.utf8))
        try h.close()
    }

    static func line(
        at: Int, occurrence: Int, event: String = "done", by: String = "Sam", ritual: String = "walk",
        until: Int? = nil
    ) -> String {
        let u = until.map { ",\"until\":\($0)" } ?? ""
        return "{\"at\":\(at),\"by\":\"\(by)\",\"event\":\"\(event)\",\"occurrence\":\(occurrence),"
            + "\"ritual\":\"\(ritual)\"\(u)}\n"
    }

    @Test func aFIFOInTheFolderWedgesNothing() throws {
        let (walk, _) = TwoComputersTests.walkSoon()
        let couple = try TwoComputers(rituals: HostileFolderTests.rituals(walk))
        #expect(mkfifo(couple.shared + "/sam.jsonl", 0o600) == 0)
        let (p, notify) = try start(couple.alex)
        defer { p.terminate() }
        let status = try couple.alex.ctl(["status"])
        #expect(status.status == 0 && status.stdout.contains("running"))
        #expect(notify.wait(for: "STATUS=", within: 10) != nil)
        let fired = couple.alex.fired().count
        #expect(TestDesktop.poll(within: 10) { couple.alex.fired().count > fired }, "firing goes on")
        #expect(TestDesktop.poll(within: 10) { couple.alex.log.contains("it is a FIFO (a pipe), not a plain file") })
    }

    @Test func falseAnswersAreRefusedAndNeverRecorded() throws {
        let (walk, occurrence) = TwoComputersTests.walkSoon()
        let couple = try TwoComputers(rituals: walk)
        let (p, _) = try start(couple.alex)
        defer { p.terminate() }
        let now = Int(Date().timeIntervalSince1970) * 1_000_000
        let day = 86_400_000_000
        let year2199 = 7_258_000_000_000_000
        try write(
            couple.shared + "/sam.jsonl",
            HostileFolderTests.line(at: now, occurrence: occurrence + 123)  // off the schedule by 123 µs
                + HostileFolderTests.line(at: now, occurrence: occurrence + 3 * day)  // days ahead
                + HostileFolderTests.line(at: year2199, occurrence: occurrence)  // given in 2199
                + HostileFolderTests.line(at: now, occurrence: occurrence, event: "snoozed", until: year2199)
                + HostileFolderTests.line(at: now, occurrence: occurrence, event: "skipped")  // true, as a witness
        )
        #expect(TestDesktop.poll(within: 10) { !TwoComputers.answers(couple.alex, "skipped", by: "Sam").isEmpty })
        #expect(TwoComputers.answers(couple.alex, "done", by: "Sam").isEmpty)
        #expect(TwoComputers.answers(couple.alex, "snoozed", by: "Sam").isEmpty)
        let status = try couple.alex.ctl(["status"]).stdout
        #expect(!status.contains("2199"), "\(status)")
        #expect(
            TestDesktop.poll(within: 10) {
                couple.alex.log.contains("line(s) of \(couple.shared)/sam.jsonl refused; the first:")
            })
    }

    @Test func aReplayedAnswerIsRecordedOnce() throws {
        let (walk, occurrence) = TwoComputersTests.walkSoon()
        let couple = try TwoComputers(rituals: walk)
        let (p, _) = try start(couple.alex)
        defer { p.terminate() }
        let now = Int(Date().timeIntervalSince1970) * 1_000_000
        let replays = (0..<20_000).map { HostileFolderTests.line(at: now + $0, occurrence: occurrence) }.joined()
        try write(
            couple.shared + "/sam.jsonl",
            replays + HostileFolderTests.line(at: now, occurrence: occurrence, event: "skipped"))
        #expect(TestDesktop.poll(within: 20) { !TwoComputers.answers(couple.alex, "skipped", by: "Sam").isEmpty })
        #expect(TwoComputers.answers(couple.alex, "done", by: "Sam").count == 1)
        // And after a restart, which reads the whole file again.
        p.terminate()
        p.waitUntilExit()
        let (again, _) = try start(couple.alex)
        defer { again.terminate() }
        #expect(
            TestDesktop.poll(within: 10) { (try? couple.alex.ctl(["status"]))?.stdout.contains("last heard") == true })
        #expect(TwoComputers.answers(couple.alex, "done", by: "Sam").count == 1)
        #expect(TwoComputers.answers(couple.alex, "skipped", by: "Sam").count == 1)
    }

    @Test(arguments: ["link", "0777"])
    func aFolderOthersCouldWriteOrALinkIsNotUsedAndStatusSaysSo(change: String) throws {
        let (walk, occurrence) = TwoComputersTests.walkSoon()
        let couple = try TwoComputers(rituals: walk)
        let (p, _) = try start(couple.alex)
        defer { p.terminate() }
        if change == "link" {
            let real = couple.shared + "-real"
            #expect(rename(couple.shared, real) == 0)
            #expect(symlink(real, couple.shared) == 0)
        } else {
            chmod(couple.shared, 0o777)
        }
        let now = Int(Date().timeIntervalSince1970) * 1_000_000
        try write(couple.shared + "/sam.jsonl", HostileFolderTests.line(at: now, occurrence: occurrence))
        let said = change == "link" ? "is a symbolic link" : "is writable by others"
        #expect(TestDesktop.poll(within: 10) { (try? couple.alex.ctl(["status"]))?.stdout.contains(said) == true })
        #expect(TestDesktop.poll(within: 10) { couple.alex.log.contains(said) })
        #expect(TwoComputers.answers(couple.alex, "done", by: "Sam").isEmpty)
    }

    /// 50,000 lines at once while a ritual fires every second: read a slice at a time, every
    /// second still fires, and memory stays bounded.
    @Test func aFloodOfLinesHoldsNoFiringBack() throws {
        let (walk, occurrence) = TwoComputersTests.walkSoon()
        let couple = try TwoComputers(rituals: HostileFolderTests.rituals(walk))
        let (p, _) = try start(couple.alex)
        defer { p.terminate() }
        let now = Int(Date().timeIntervalSince1970) * 1_000_000
        let start = Int(Date().timeIntervalSince1970) + 1
        let flood = (0..<50_000).map { HostileFolderTests.line(at: now + $0, occurrence: occurrence) }.joined()
        try write(
            couple.shared + "/sam.jsonl",
            flood + HostileFolderTests.line(at: now, occurrence: occurrence, event: "skipped"))
        #expect(TestDesktop.poll(within: 60) { !TwoComputers.answers(couple.alex, "skipped", by: "Sam").isEmpty })
        let end = Int(Date().timeIntervalSince1970)
        #expect(
            TestDesktop.poll(within: 10) {
                couple.alex.fired().contains { ($0["occurrence"] as? Int ?? 0) > end * 1_000_000 }
            })
        let inFlood = { (r: [String: Any]) -> Bool in
            let o = (r["occurrence"] as? Int ?? 0) / 1_000_000
            return o >= start && o <= end && r["ritual"] as? String == "tick"
        }
        #expect(couple.alex.records("missed").filter(inFlood).isEmpty)
        #expect(
            Set(couple.alex.fired().filter(inFlood).compactMap { $0["occurrence"] as? Int }).count == end - start + 1)
        let status = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.flatMap {
            Int($0.split(separator: " ").dropFirst().first ?? "")
        }
        #expect((peak ?? 0) < 128 * 1024, "peak RSS \(peak ?? 0) KiB")
        #expect(TwoComputers.answers(couple.alex, "done", by: "Sam").count == 1)
    }
}
