import Foundation
import Testing

/// "Let's do it now", on two computers: a walk six hours ahead (only a firing by hand makes it
/// out), fired by hand on one, shows on both, and the answers given on either are recorded on
/// both within seconds.
extension DesktopTests {
    /// The occurrences `run` fired (each firing's record), without those of `handledLongAgo`.
    static func firedOccurrences(_ run: RitualdRunner) -> [Int] { run.fired().compactMap { $0["occurrence"] as? Int } }

    @Test func aWalkFiredByHandOnOneComputerIsAnsweredOnTheOther() throws {
        TestDesktop.run("dunstctl", ["close-all"])
        let id = DesktopTests.unique("now")
        let couple = try TwoComputers(rituals: DesktopTests.shared(id: id, title: "Now \(id)", in: 6 * 3600))
        let alex = try start(couple.alex, try NotifyListener())
        defer { alex.terminate() }
        let sam = try start(couple.sam, try NotifyListener())
        defer { sam.terminate() }
        #expect(try couple.alex.ctl(["fire", id]).status == 0)
        // Sam's computer hears of it in the folder and fires the same occurrence.
        #expect(TestDesktop.poll(within: 10) { DesktopTests.firedOccurrences(couple.sam).count == 1 })
        let occurrence = try #require(DesktopTests.firedOccurrences(couple.alex).first)
        #expect(DesktopTests.firedOccurrences(couple.sam) == [occurrence])
        #expect(occurrence > Int(Date().timeIntervalSince1970 + 5 * 3600) * 1_000_000)
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 2 })
        // Sam answers on Sam's computer: recorded on Alex's at once, hours before its time.
        #expect(try couple.sam.ctl(["done", id]).status == 0)
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(couple.alex, "done", by: "Sam").count == 1 })
        #expect(TwoComputers.answers(couple.alex, "done", by: "Sam").first?["occurrence"] as? Int == occurrence)
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 0 })
        #expect(try couple.alex.ctl(["done", id]).status != 0, "nothing is left to answer")
        guard TestDesktop.hasJournal else { return }
        #expect(
            TestDesktop.poll(within: TestDesktop.journalWait) {
                TestDesktop.journal("RITUAL_ID", id).contains {
                    $0["RITUAL_EVENT"] == "fired" && $0["MESSAGE"]?.contains("fired by Alex on their computer") == true
                }
            })
    }

    /// Both said "let's do it now" and both answered: one occurrence, confirmed by both on both.
    @Test func bothFireByHandAndBothAnswersCount() throws {
        TestDesktop.run("dunstctl", ["close-all"])
        let id = DesktopTests.unique("both-now")
        let couple = try TwoComputers(
            rituals: DesktopTests.shared(id: id, title: "Both \(id)", in: 6 * 3600, extra: "ack = \"both\""))
        let alex = try start(couple.alex, try NotifyListener())
        defer { alex.terminate() }
        let sam = try start(couple.sam, try NotifyListener())
        defer { sam.terminate() }
        #expect(try couple.alex.ctl(["fire", id]).status == 0)
        #expect(try couple.sam.ctl(["fire", id]).status == 0)
        #expect(try couple.alex.ctl(["done", id]).status == 0)
        #expect(try couple.sam.ctl(["done", id]).status == 0)
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(couple.alex, "done", by: "Sam").count == 1 })
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(couple.sam, "done", by: "Alex").count == 1 })
        let fired = Set(DesktopTests.firedOccurrences(couple.alex) + DesktopTests.firedOccurrences(couple.sam))
        #expect(fired.count == 1, "one occurrence, whoever fired it: \(fired)")
        let answered = Set(
            (TwoComputers.answers(couple.alex, "done", by: nil) + TwoComputers.answers(couple.sam, "done", by: "Alex")
                + TwoComputers.answers(couple.alex, "done", by: "Sam")).compactMap { $0["occurrence"] as? Int })
        #expect(answered == fired)
        #expect(try streak(couple.alex, id) == 1)
        #expect(try streak(couple.sam, id) == 1)
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 0 })
    }
}

/// A couple trying it for the first time: `ritualctl fire` on Alex's computer, Done on Sam's, and
/// ✅ on Sam's phone (a Matrix room on a real Synapse, through Alex's channel): each answer is on
/// both computers within seconds, hours before the rituals' time.
extension DesktopTests {
    @Test func aCoupleFiresByHandAndAnswersOnTheOtherComputerAndThePhone() throws {
        TestDesktop.run("dunstctl", ["close-all"])
        let hs = try MatrixHomeserver()
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("first-\(UUID().uuidString)").path
        let shared = base + "/shared"
        try FileManager.default.createDirectory(
            atPath: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: base) }
        let tag = DesktopTests.unique("first")
        func config(me: String, channels: String, extra: String = "") -> String {
            TwoComputers.config(
                me: me, folder: shared,
                rituals: DesktopTests.shared(id: "walk", title: "Walk \(tag)", in: 6 * 3600)
                    + DesktopTests.shared(
                        id: "talk", title: "Talk \(tag)", in: 6 * 3600, extra: "channels = \(channels)")
                    + extra)
        }
        let channel =
            "[channels.sam-matrix]\nkind = \"matrix\"\nhomeserver = \"\(hs.url)\"\nroom = \"\(hs.room)\"\n"
            + "token_file = \"\(try hs.botTokenFile())\"\nanswers = true\nperson = \"Sam\"\n"
            + "answerer = \"\(hs.partner)\"\n"
        let alex = try RitualdRunner(
            config: config(me: "Alex", channels: "[\"desktop\", \"sam-matrix\"]", extra: channel))
        let sam = try RitualdRunner(config: config(me: "Sam", channels: "[\"desktop\"]"))
        let a = try start(alex, try NotifyListener(), env: ["PATH": "/usr/bin:/bin"])
        defer { a.terminate() }
        let s = try start(sam, try NotifyListener())
        defer { s.terminate() }

        // "Let's walk now": fired on Alex's computer, Done on Sam's.
        #expect(try alex.ctl(["fire", "walk"]).status == 0)
        #expect(TestDesktop.poll(within: 10) { sam.fired().count == 1 })
        #expect(try sam.ctl(["done", "walk"]).status == 0)
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(alex, "done", by: "Sam").count == 1 })

        // "Let's talk now": fired on Alex's computer, ✅ on Sam's phone.
        #expect(try alex.ctl(["fire", "talk"]).status == 0)
        #expect(TestDesktop.poll(within: 20) { !hs.posts(containing: "Talk \(tag)").isEmpty }, "\(alex.log)")
        let post = try #require(hs.posts(containing: "Talk \(tag)").first)
        _ = try hs.react("partner", to: post, "\u{2705}")
        #expect(TestDesktop.poll(within: 10) { alex.othersAnswers("talk").count == 1 }, "\(alex.log)")
        // Passed on in the folder, Sam's computer has it as Sam's own answer.
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(sam, "done", by: nil).count == 2 })
        let samsTalk = TwoComputers.answers(sam, "done", by: nil).filter { $0["ritual"] as? String == "talk" }
        #expect(samsTalk.first?["occurrence"] as? Int == alex.fired().last?["occurrence"] as? Int)
        // One answer is enough for these rituals: every notification is gone, on both computers.
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 0 })
    }
}
