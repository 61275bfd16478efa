import RitualsCore
import Testing

@testable import RitualsDaemon

/// Channels other than the desktop: what each asks for is sent at once; with `after`, a firing
/// goes only when the occurrence is still unanswered then (recorded before it goes, once across
/// restarts); a failing channel is tried three times.
struct ChannelRuleTests {
    static let config = Rig.config(
        settings: """
            channels = ["desktop", "log", "nag"]
            [channels.log]
            kind = "command"
            argv = ["/bin/true"]
            events = ["fired", "done"]
            [channels.nag]
            kind = "command"
            argv = ["/bin/true"]
            after = "10m"
            """,
        Rig.ritual("walk", "*-*-* 10:00"))

    @Test func eachChannelGetsTheEventsItAsksFor() throws {
        let rig = try Rig(ChannelRuleTests.config, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.sender.events(through: "log") == ["walk:fired"])
        #expect(rig.journal.entries("sent").map { $0["RITUAL_CHANNEL"] } == ["log"])
        rig.notifier.press(.done, on: "walk")
        rig.settle()
        #expect(rig.sender.events(through: "log") == ["walk:fired", "walk:done"])
        let message = try #require(rig.sender.sent.first?.message)
        #expect(message.environment["RITUAL_SCHEDULED"] == "2026-12-07T10:00:00+00:00")
    }

    @Test func anEscalationGoesOnlyWhileUnansweredAndIsRecordedFirst() throws {
        let rig = try Rig(ChannelRuleTests.config, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:09:59"))
        #expect(rig.sender.events(through: "nag").isEmpty)
        rig.advance(to: .utc("2026-12-07 10:10"))
        #expect(rig.sender.events(through: "nag") == ["walk:fired"])
        let escalated = try #require(rig.records(.escalated).first)
        #expect(escalated.channel == "nag" && escalated.at == .utc("2026-12-07 10:10"))
        // Answered the next day before its `after`: nothing goes.
        rig.advance(to: .utc("2026-12-08 10:05"))
        #expect(rig.ask(.done("walk")).ok)
        rig.advance(to: .utc("2026-12-08 11:00"))
        #expect(rig.sender.events(through: "nag") == ["walk:fired"])
        #expect(rig.records(.escalated).count == 1)
    }

    @Test func aRestartKeepsTheEscalationAndNeverSendsItTwice() throws {
        let rig = try Rig(ChannelRuleTests.config, at: .utc("2026-12-07 09:00"))
        rig.advance(to: .utc("2026-12-07 10:03"))
        try rig.restart()
        rig.advance(to: .utc("2026-12-07 10:10"))
        #expect(rig.sender.events(through: "nag") == ["walk:fired"])
        try rig.restart()
        rig.advance(to: .utc("2026-12-07 11:00"))
        #expect(rig.sender.events(through: "nag") == ["walk:fired"])
        #expect(rig.records(.escalated).count == 1)
    }

    @Test func aFailingChannelIsTriedThreeTimesThenSaidToHaveFailed() throws {
        let rig = try Rig(ChannelRuleTests.config, at: .utc("2026-12-07 09:00"))
        rig.sender.fail("log", times: 2)
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.sender.events(through: "log").count == 1)
        rig.advance(by: .seconds(1))
        #expect(rig.sender.events(through: "log").count == 2)
        rig.advance(by: .seconds(4))
        #expect(rig.sender.events(through: "log").count == 3)
        #expect(rig.journal.entries("sent").count == 1 && rig.journal.entries("delivery-failed").isEmpty)
        rig.sender.fail("log", times: 3)
        rig.advance(to: .utc("2026-12-08 10:01"))
        let failed = try #require(rig.journal.entries("delivery-failed").first)
        #expect(failed["RITUAL_CHANNEL"] == "log" && failed["MESSAGE"]?.contains("(3 attempts)") == true)
    }
}
