import RitualsConfig
import RitualsCore
import Testing

/// What the planner does with the other person's answers: by `ack`, reminders stop or go on.
extension PlannerTests {
    static let couple = "people = [\"Alex\", \"Sam\"]\nme = \"Alex\""

    static func walk(_ ack: String) -> String {
        "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"*-*-* 12:00\"\nquiet_hours = \"ignore\"\n"
            + "remind_again = \"1h\"\nremind_again_limit = 3\nack = \"\(ack)\"\n"
    }

    /// The kinds planned in the afternoon after the noon occurrence fired and Sam answered `kind`.
    static func afternoon(_ ack: String, _ kind: EventKind, until: Instant? = nil) throws -> [String] {
        let c = try PlannerTests.config(walk(ack), settings: couple)
        let planner = Planner(config: c, zone: PlannerTests.berlin)
        let noon = PlannerTests.at("2026-12-04 12:00")
        var state = PlannerState()
        HistoryRecord(at: noon, ritual: "walk", occurrence: noon, event: .fired).apply(to: &state)
        HistoryRecord(
            at: noon + .minutes(1), ritual: "walk", occurrence: noon, event: kind, until: until, by: .named("Sam")
        )
        .apply(to: &state)
        return planner.events(after: noon + .minutes(1), through: noon + 6 * PlannerTests.hour, state: state).map {
            "\($0.kind.agendaName) \(PlannerTests.local($0.at).dropFirst(11).prefix(5))"
        }
    }

    @Test func theOthersDoneEndsRemindersOnlyForEither() throws {
        #expect(try PlannerTests.afternoon("either", .done).isEmpty)
        #expect(
            try PlannerTests.afternoon("both", .done) == [
                "remind-again 13:00", "remind-again 14:00", "remind-again 15:00",
            ])
    }

    @Test func theOthersSkipEndsRemindersForBoth() throws {
        #expect(try PlannerTests.afternoon("both", .skipped).isEmpty)
        #expect(try PlannerTests.afternoon("either", .skipped).isEmpty)
    }

    @Test func theOthersSnoozeMovesTheFiringForEither() throws {
        let until = PlannerTests.at("2026-12-04 12:30")
        #expect(try PlannerTests.afternoon("either", .snoozed, until: until) == ["fire 12:30"])
        #expect(
            try PlannerTests.afternoon("both", .snoozed, until: until) == [
                "remind-again 13:00", "remind-again 14:00", "remind-again 15:00",
            ])
    }
}
