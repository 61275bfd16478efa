import RitualsCore
import Testing

@testable import RitualsDaemon

/// Quiet hours: what they defer fires once, at their end; what they drop never fires; a ritual
/// that ignores them fires through.
struct QuietHoursRuleTests {
    static func config(_ policy: String) -> String {
        Rig.config(quiet: "22:30-07:30", Rig.ritual("ten", "*:0/10", "quiet_hours = \"\(policy)\""))
    }

    @Test func aNightOfDeferredOccurrencesIsOneFiringAtItsEnd() throws {
        let rig = try Rig(QuietHoursRuleTests.config("defer"), at: .utc("2026-12-07 22:05"))
        rig.advance(to: .utc("2026-12-08 07:45"))
        #expect(rig.times(.fired, of: "ten") == ["22:10", "22:20", "07:30", "07:40"])
        // The one firing at 07:30 is the night's latest occurrence.
        #expect(rig.records(.fired)[2].occurrence == .utc("2026-12-08 07:30"))
        #expect(rig.records(.fired)[2].at == .utc("2026-12-08 07:30"))
        #expect(rig.records(.missed).isEmpty)
        // Asleep all night, the computer wakes after the end: still one firing.
        let asleep = try Rig(QuietHoursRuleTests.config("defer"), at: .utc("2026-12-07 22:25"))
        asleep.clock.sleep(for: .hours(9) + .minutes(6))
        asleep.send(.clockChanged)
        #expect(asleep.records(.fired).map(\.occurrence) == [.utc("2026-12-08 07:30")])
    }

    @Test func droppedOccurrencesNeverFireIgnoredOnesFireThrough() throws {
        let dropped = try Rig(QuietHoursRuleTests.config("drop"), at: .utc("2026-12-07 22:25"))
        dropped.advance(to: .utc("2026-12-08 07:35"))
        #expect(dropped.times(.fired, of: "ten") == ["07:30"])
        let ignored = try Rig(QuietHoursRuleTests.config("ignore"), at: .utc("2026-12-07 22:25"))
        ignored.advance(to: .utc("2026-12-07 23:05"))
        #expect(ignored.times(.fired, of: "ten") == ["22:30", "22:40", "22:50", "23:00"])
    }
}
