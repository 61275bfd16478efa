import Foundation
import Testing

/// The partner's answer in real life, through a real Synapse: an answer to a ritual fired by hand
/// hours before its time counts at once; only the partner's own answer counts (a token of the
/// partner's own is refused); an answer the homeserver stamped before its post is refused.
@Suite(.serialized)
struct MatrixAnswerTests {
    /// rituald with a walk six hours ahead, through `hs`'s room as whom the token file makes it;
    /// the walk's title.
    func start(_ hs: MatrixHomeserver, token: String) throws -> (RitualdRunner, Process, String) {
        let title = "Walk \(UUID().uuidString.prefix(6))"
        let run = try RitualdRunner(
            config: MatrixChannelTests.config(
                hs, token: token, rituals: MatrixChannelTests.ritual("walk", title, in: 6 * 3600)))
        return (run, try run.launchWithCurl(), title)
    }

    @Test func aPhoneAnswerToAPostFiredByHandCountsAtOnce() throws {
        let hs = try MatrixHomeserver()
        let (run, p, title) = try start(hs, token: try hs.botTokenFile())
        defer { p.terminate() }
        #expect(try run.ctl(["fire", "walk"]).status == 0)
        #expect(TestDesktop.poll(within: 20) { !hs.posts(containing: title).isEmpty }, "\(run.log)")
        let post = try #require(hs.posts(containing: title).first)
        _ = try hs.react("partner", to: post, "\u{2705}")
        #expect(TestDesktop.poll(within: 10) { run.othersAnswers("walk").count == 1 }, "\(run.log)")
        let done = try #require(run.othersAnswers("walk").first)
        #expect(done["by"] as? String == "Sam" && done["event"] as? String == "done")
        #expect(done["occurrence"] as? Int == run.fired().first?["occurrence"] as? Int)
        // Six hours early, and nothing left to do: it will not fire at its time.
        #expect((done["occurrence"] as? Int ?? 0) > Int(Date().timeIntervalSince1970 + 5 * 3600) * 1_000_000)
        #expect(try run.ctl(["done", "walk"]).status != 0)
    }

    /// rituald given the partner's own token: it would take its own ✅ for the partner's answer.
    /// It says so (status, journal) and reads nothing.
    @Test func theAnswerersOwnTokenIsRefused() throws {
        let hs = try MatrixHomeserver()
        let (run, p, title) = try start(hs, token: try hs.partnerTokenFile())
        defer { p.terminate() }
        let said = "is \(hs.partner)'s own, the answerer's"
        #expect(TestDesktop.poll(within: 20) { run.log.contains(said) }, "\(run.log)")
        #expect(try run.ctl(["status"]).stdout.contains(said))
        #expect(try run.ctl(["fire", "walk"]).status == 0)
        // The post goes out, as the partner, with its three reactions: none of them is an answer.
        #expect(
            TestDesktop.poll(within: 20) { hs.events().filter { $0["type"] as? String == "m.reaction" }.count >= 3 })
        #expect(try run.ctl(["status"]).stdout.contains("1 post(s) waiting"))
        #expect(run.othersAnswers("walk").isEmpty)
        #expect(try run.ctl(["done", "walk"]).status == 0, "still open for Alex")
    }

    /// A homeserver whose clock is behind stamps the partner's answer before the post it answers:
    /// refused, said and counted; the post waits on, and a true answer counts.
    @Test func anAnswerStampedBeforeItsPostIsRefused() throws {
        let hs = try MatrixHomeserver()
        let (run, p, title) = try start(hs, token: try hs.botTokenFile())
        defer { p.terminate() }
        #expect(try run.ctl(["fire", "walk"]).status == 0)
        #expect(TestDesktop.poll(within: 20) { !hs.posts(containing: title).isEmpty })
        let post = try #require(hs.posts(containing: title).first)
        _ = try hs.say("partner", "done", replyTo: post, stamped: Date(timeIntervalSince1970: 0))
        _ = try hs.say("partner", "snooze 20m", replyTo: post, stamped: Date().addingTimeInterval(-3600))
        #expect(
            TestDesktop.poll(within: 20) {
                (try? run.ctl(["status"]).stdout.contains("2 answer(s) refused for their time")) == true
            }, "\(run.log)")
        #expect(run.log.contains("answer(s) refused; the first: an answer stamped 1970-01-01"))
        #expect(run.log.contains("before the post it answers"))
        #expect(run.othersAnswers("walk").isEmpty)
        _ = try hs.react("partner", to: post, "\u{2705}")
        #expect(TestDesktop.poll(within: 10) { run.othersAnswers("walk").count == 1 }, "\(run.log)")
        let at = try #require(run.othersAnswers("walk").first?["at"] as? Int)
        #expect(abs(at - Int(Date().timeIntervalSince1970) * 1_000_000) < 600_000_000)
    }
}
