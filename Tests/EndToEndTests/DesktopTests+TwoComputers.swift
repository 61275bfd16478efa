import Foundation
import Testing

/// Two rituald for one couple on the same dunst: an answer on one computer withdraws the
/// notification on the other; a ritual that needs both says whose turn it is.
extension DesktopTests {
    /// A ritual of both computers whose one occurrence is `seconds` from now (by default a second
    /// ago: caught up at start).
    static func shared(id: String, title: String, in seconds: Int = -1, extra: String = "") -> String {
        """
        [[ritual]]
        id = "\(id)"
        title = "\(title)"
        when = "\(RitualdRunner.moment(seconds))"
        quiet_hours = "ignore"
        prompts = ["Walk around the block"]
        \(extra)

        """
    }

    @Test func anAnswerOnOneComputerWithdrawsTheOthersNotification() throws {
        TestDesktop.run("dunstctl", ["close-all"])
        let id = DesktopTests.unique("couple")
        let couple = try TwoComputers(rituals: DesktopTests.shared(id: id, title: "Couple \(id)"))
        let both = try startShowing(couple)
        defer { both.forEach { $0.terminate() } }
        #expect(try couple.alex.ctl(["done", id]).status == 0)
        // Alex's own notification closes with the answer, Sam's once Alex's file says so.
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 0 })
        #expect(TwoComputers.answers(couple.sam, "done", by: "Alex").count == 1)
        // Sam has nothing left to answer.
        #expect(try couple.sam.ctl(["done", id]).status != 0)
        guard TestDesktop.hasJournal else { return }
        #expect(
            TestDesktop.poll(within: TestDesktop.journalWait) {
                TestDesktop.journal("RITUAL_ID", id).filter {
                    $0["RITUAL_EVENT"] == "done" && $0["RITUAL_BY"] == "Alex"
                }
                .count == 2
            })
    }

    @Test func aRitualForBothSaysWhoseTurnItIs() throws {
        TestDesktop.run("dunstctl", ["close-all"])
        let id = DesktopTests.unique("both")
        let title = "Both \(id)"
        let couple = try TwoComputers(
            rituals: DesktopTests.shared(id: id, title: title, extra: "ack = \"both\"\nremind_again = \"1h\""))
        let both = try startShowing(couple)
        defer { both.forEach { $0.terminate() } }
        #expect(try couple.alex.ctl(["done", id]).status == 0)
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(couple.sam, "done", by: "Alex").count == 1 })
        // Alex's notification is gone; Sam's stays, saying Alex is done.
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 1 })
        func turnShown() -> Bool {
            TestDesktop.history().contains { $0.summary == title && $0.body.contains("Alex is done — your turn") }
        }
        // Sam's notification says so once Sam's rituald heard Alex's done: closed (into dunst's
        // history) until it does.
        #expect(
            TestDesktop.poll(within: 10) {
                TestDesktop.run("dunstctl", ["close-all"])
                return turnShown()
            })
        // Half done is not done: the couple's streak waits for Sam.
        #expect(try streak(couple.alex, id) == 0)
        #expect(try couple.sam.ctl(["done", id]).status == 0)
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(couple.alex, "done", by: "Sam").count == 1 })
        #expect(try streak(couple.alex, id) == 1)
        #expect(try streak(couple.sam, id) == 1)
    }

    /// Starts both computers' rituald; each shows the occurrence caught up at start.
    func startShowing(_ couple: TwoComputers) throws -> [Process] {
        let started = [try start(couple.alex, try NotifyListener()), try start(couple.sam, try NotifyListener())]
        #expect(TestDesktop.poll(within: 15) { TestDesktop.displayed() == 2 })
        return started
    }

    /// The current streak `stats --json` gives.
    func streak(_ run: RitualdRunner, _ id: String) throws -> Int? {
        let out = try run.ctl(["stats", id, "--json", "--state-dir", run.dir + "/state"]).stdout
        let list = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]
        return list?.first?["currentStreak"] as? Int
    }
}
