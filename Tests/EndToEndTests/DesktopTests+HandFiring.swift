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
