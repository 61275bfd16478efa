import Foundation
import Testing

/// Two rituald for one couple, meeting in a shared folder: answers cross over, the other
/// person's file is read strictly, and a folder that goes away costs nothing.
struct TwoComputersTests {
    /// A daily walk whose next occurrence is two minutes away, and that occurrence: fired early
    /// by hand, it is due within the clock-skew allowance, so the other computer records answers
    /// to it at once.
    static func walkSoon() -> (config: String, occurrence: Int) {
        let at = (Int(Date().timeIntervalSince1970) + 120) / 60 * 60
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "HH:mm:ss"
        let clock = f.string(from: Date(timeIntervalSince1970: TimeInterval(at)))
        return ("[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"*-*-* \(clock) UTC\"\n", at * 1_000_000)
    }

    static var walk: String { walkSoon().config }

    /// Starts rituald without a notification server (notify-send not on PATH).
    func start(_ run: RitualdRunner) throws -> Process {
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": "/nonexistent"])
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        return p
    }

    @Test func anAnswerCrossesOverAndIsSharedOnce() throws {
        let couple = try TwoComputers(rituals: TwoComputersTests.walk)
        let a = try start(couple.alex)
        defer { a.terminate() }
        let b = try start(couple.sam)
        defer { b.terminate() }
        #expect(try couple.alex.ctl(["fire", "walk"]).status == 0)
        #expect(try couple.alex.ctl(["done", "walk"]).status == 0)
        #expect(TestDesktop.poll(within: 10) { !TwoComputers.answers(couple.sam, "done", by: "Alex").isEmpty })
        let heard = try #require(TwoComputers.answers(couple.sam, "done", by: "Alex").first)
        let own = try #require(TwoComputers.answers(couple.alex, "done", by: nil).first)
        #expect(heard["occurrence"] as? Int == own["occurrence"] as? Int)
        #expect(heard["at"] as? Int == own["at"] as? Int)
        // Sam's own file is not written for what Sam only heard.
        #expect(!FileManager.default.fileExists(atPath: couple.shared + "/sam.jsonl"))
        let status = try couple.sam.ctl(["status"]).stdout
        #expect(status.contains("Alex:") && status.contains("last heard"))
        #expect(try couple.alex.ctl(["status"]).stdout.contains("not heard from yet"))
        let history = try couple.sam.ctl(["history", "--state-dir", couple.sam.dir + "/state"]).stdout
        #expect(history.contains("BY") && history.contains("Alex"))
        // A restart reads Alex's file again and records nothing twice.
        b.terminate()
        b.waitUntilExit()
        let b2 = try start(couple.sam)
        defer { b2.terminate() }
        #expect(try couple.sam.ctl(["status"]).stdout.contains("last heard"))
        #expect(TwoComputers.answers(couple.sam, "done", by: "Alex").count == 1)
    }

    @Test func theOtherPersonsFileIsReadStrictly() throws {
        let (walk, occurrence) = TwoComputersTests.walkSoon()
        let couple = try TwoComputers(rituals: walk)
        let a = try start(couple.alex)
        defer { a.terminate() }
        let iso = { (usec: Int) in ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(usec) / 1e6))
        }
        func line(_ at: Int, by: String = "Sam", ritual: String = "walk", event: String = "skipped") -> String {
            "{\"at\":\(at),\"by\":\"\(by)\",\"event\":\"\(event)\",\"occurrence\":\(occurrence),\"ritual\":\"\(ritual)\"}\n"
        }
        let t = Int(Date().timeIntervalSince1970) * 1_000_000
        #expect(try couple.alex.ctl(["next", "--count", "1", "--json"]).stdout.contains(iso(occurrence).dropLast()))
        func write(_ name: String, _ text: String) throws {
            let path = couple.shared + "/" + name
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil)
            }
            let h = try #require(FileHandle(forWritingAtPath: path))
            h.seekToEndOfFile()
            h.write(Data(text.utf8))
            try h.close()
        }
        // A conflict copy, an unknown person, lines that are not answers: none of them counts.
        try write("sam.sync-conflict-20261202-101010-ABCDEFG.jsonl", line(t + 1))
        try write("kim.jsonl", line(t + 2, by: "Kim"))
        let torn = line(t + 5, event: "done")
        try write(
            "sam.jsonl",
            "not json\n" + line(t + 3, by: "Alex") + line(t + 3, ritual: "nap") + line(t + 4)
                + String(torn.prefix(40)))
        #expect(TestDesktop.poll(within: 10) { !TwoComputers.answers(couple.alex, "skipped", by: "Sam").isEmpty })
        #expect(TwoComputers.answers(couple.alex, "skipped", by: "Sam").map { $0["at"] as? Int } == [t + 4])
        // The torn line counts once it is whole; the same answer again, however late it claims to
        // be, is not recorded twice.
        try write("sam.jsonl", String(torn.dropFirst(40)) + line(t + 6))
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(couple.alex, "done", by: "Sam").count == 1 })
        #expect(TwoComputers.answers(couple.alex, "done", by: "Sam").last?["at"] as? Int == t + 5)
        #expect(TwoComputers.answers(couple.alex, "skipped", by: "Sam").count == 1)
        // Skipped by Sam: the occurrence will not fire here either.
        let next = try couple.alex.ctl(["next", "--count", "1", "--json"]).stdout
        #expect(!next.contains(iso(occurrence).dropLast()))
        #expect(
            TestDesktop.poll(within: 10) {
                (try? String(contentsOfFile: couple.alex.dir + "/rituald.log", encoding: .utf8))?.contains(
                    "/sam.jsonl refused; the first: not an answer") == true
            })
    }

    @Test func aFolderThatGoesAwayIsCaughtUpWhenBack() throws {
        let couple = try TwoComputers(rituals: TwoComputersTests.walk)
        let a = try start(couple.alex)
        defer { a.terminate() }
        let b = try start(couple.sam)
        defer { b.terminate() }
        let away = couple.shared + ".away"
        #expect(rename(couple.shared, away) == 0)
        #expect(try couple.alex.ctl(["fire", "walk"]).status == 0)
        #expect(try couple.alex.ctl(["done", "walk"]).status == 0)
        let status = try couple.alex.ctl(["status"]).stdout
        #expect(status.contains("missing"), "\(status)")
        // Firing goes on while the folder is away.
        #expect(try couple.alex.ctl(["fire", "walk"]).status == 0)
        #expect(!couple.alex.records("fired").isEmpty)
        #expect(rename(away, couple.shared) == 0)
        #expect(TestDesktop.poll(within: 10) { !TwoComputers.answers(couple.sam, "done", by: "Alex").isEmpty })
        #expect(!(try couple.alex.ctl(["status"]).stdout.contains("missing")))
        // Removed outright, the own file is written again from the history.
        try FileManager.default.removeItem(atPath: couple.shared + "/alex.jsonl")
        func lines(_ event: String) -> Int { TwoComputers.lines(couple.shared + "/alex.jsonl", event) }
        #expect(TestDesktop.poll(within: 10) { lines("done") == 1 })
        // Written once, not once for each event that told of it; with the firing by hand before it.
        #expect(lines("done") == 1)
        #expect(lines("fired") >= 1)
    }

    @Test func checkWantsAPrivateFolder() throws {
        let couple = try TwoComputers(rituals: TwoComputersTests.walk)
        #expect(try Ritualctl.run(["check", couple.alex.configPath]).status == 0)
        chmod(couple.shared, 0o755)
        let open = try Ritualctl.run(["check", couple.alex.configPath])
        #expect(open.status == 1)
        #expect(open.stderr.contains("chmod 700"))
        try FileManager.default.removeItem(atPath: couple.shared)
        let missing = try Ritualctl.run(["check", couple.alex.configPath])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such folder"))
    }
}

/// A shared folder on a file system mounted and unmounted under a running rituald (a private
/// mount namespace of its own). Root only.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/nsenter")))
struct SharedMountTests {
    @Test func aFolderMountedAndUnmountedIsFollowed() throws {
        let (walk, occurrence) = TwoComputersTests.walkSoon()
        let couple = try TwoComputers(rituals: walk)
        let notify = try NotifyListener()
        let a = try couple.alex.launch(
            notify: notify, environment: ["PATH": "/nonexistent"],
            prefix: ["/usr/bin/unshare", "--mount", "--propagation", "private"])
        defer { a.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        func ns(_ arguments: [String]) -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
            p.arguments = ["-t", String(a.processIdentifier), "-m"] + arguments
            guard (try? p.run()) != nil else { return -1 }
            p.waitUntilExit()
            return p.terminationStatus
        }
        func answer() throws {
            #expect(try couple.alex.ctl(["fire", "walk"]).status == 0)
            #expect(try couple.alex.ctl(["done", "walk"]).status == 0)
        }
        // The answers in a file (each firing by hand has a line of its own too).
        func lines(_ path: String) -> Int { TwoComputers.lines(path, "done") }
        try answer()
        #expect(lines(couple.shared + "/alex.jsonl") == 1)
        // A file system mounted over the folder: rituald's own file is written there too.
        #expect(ns(["mount", "-t", "tmpfs", "-o", "mode=700", "tmpfs", couple.shared]) == 0)
        let inside = "/proc/\(a.processIdentifier)/root" + couple.shared
        #expect(TestDesktop.poll(within: 10) { lines(inside + "/alex.jsonl") == 1 })
        // Sam's answer arrives on it.
        let t = Int(Date().timeIntervalSince1970) * 1_000_000
        let sam =
            "{\"at\":\(t),\"by\":\"Sam\",\"event\":\"skipped\",\"occurrence\":\(occurrence),\"ritual\":\"walk\"}\n"
        try sam.write(toFile: inside + "/sam.jsonl", atomically: true, encoding: .utf8)
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(couple.alex, "skipped", by: "Sam").count == 1 })
        // Answered while mounted, then unmounted: the folder underneath gets what it missed.
        try answer()
        #expect(lines(inside + "/alex.jsonl") == 2)
        #expect(lines(couple.shared + "/alex.jsonl") == 1)
        #expect(ns(["umount", couple.shared]) == 0)
        #expect(TestDesktop.poll(within: 10) { lines(couple.shared + "/alex.jsonl") == 2 })
    }
}
