import RitualsCore
import Testing

@testable import RitualsDaemon

/// A pause holds back what it covers: recorded held, never fired at its end; it ends by itself
/// or with resume.
struct PauseRuleTests {
    @Test func aTimedPauseHoldsWhatItCoveredAndFiresNothingAtItsEnd() throws {
        let rig = try Rig(LatenessRuleTests.everyTwoSeconds, at: .utc("2026-12-07 12:00:00.500"))
        let pause = rig.ask(.pause("tick", for: "9s", until: nil))
        #expect(pause.messages == ["Tick paused until Mon 2026-12-07 12:00:09 UTC."])
        rig.advance(to: .utc("2026-12-07 12:00:15"))
        #expect(rig.times(.heldByPause, of: "tick").count == 4)
        #expect(rig.records(.heldByPause).map(\.occurrence).allSatisfy { $0 <= .utc("2026-12-07 12:00:08") })
        let resumed = try #require(rig.records(.resumed).first)
        #expect(resumed.occurrence == .utc("2026-12-07 12:00:09.500"))
        #expect(
            rig.records(.fired).map(\.occurrence) == [
                .utc("2026-12-07 12:00:10"), .utc("2026-12-07 12:00:12"), .utc("2026-12-07 12:00:14"),
            ])
        #expect(rig.records(.missed).isEmpty)
    }

    @Test func resumeRecordsWhatWasHeldFirst() throws {
        let rig = try Rig(LatenessRuleTests.everyTwoSeconds, at: .utc("2026-12-07 12:00:00.500"))
        #expect(rig.ask(.pause(nil, for: nil, until: nil)).messages == ["All rituals paused until resumed."])
        rig.advance(by: .seconds(5))
        #expect(rig.records(.heldByPause).isEmpty, "recorded when the pause ends")
        #expect(rig.ask(.resume(nil)).messages == ["All rituals resumed."])
        #expect(rig.records(.heldByPause).count == 2)
        #expect(rig.ask(.resume(nil)).error == "The rituals are not paused.")
        rig.advance(by: .seconds(2))
        #expect(rig.records(.fired).count == 1)
    }

    @Test func aPauseLongerThanRitualdPlansIsRefused() throws {
        let rig = try Rig(LatenessRuleTests.everyTwoSeconds, at: .utc("2026-12-07 12:00:00.500"))
        let r = rig.ask(.pause("tick", for: "10000y", until: nil))
        #expect(!r.ok && r.error?.contains("longer than rituald plans") == true)
        #expect(rig.ask(.pause("tick", for: "soon", until: nil)).error?.contains("cannot read --for") == true)
        #expect(
            rig.ask(.pause("tick", for: nil, until: "2020-01-01")).error == "--until 2020-01-01 is not in the future")
    }

    /// A span from the socket that overflows when added to now (in hours, in microseconds) is
    /// refused with the reason; the daemon goes on.
    @Test(arguments: ["2562047788015215h", "9223372036854775807us", "106751991167d 5h", "292277y"])
    func aSpanBeyondAnyClockIsRefused(_ span: String) throws {
        let rig = try Rig(LatenessRuleTests.everyTwoSeconds, at: .utc("2026-12-07 12:00:00.500"))
        let r = rig.ask(.pause("tick", for: span, until: nil))
        #expect(
            !r.ok
                && (r.error?.contains("longer than rituald plans") == true || r.error?.contains("cannot read") == true))
        rig.advance(by: .seconds(3))
        #expect(rig.records(.fired).count == 1)
    }
}
