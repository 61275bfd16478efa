import RitualsConfig
import RitualsCore
import Testing

/// Another person's answer counts only for a real occurrence that is due (a skip may plan
/// ahead), given at a time that has come, each kind once.
struct AnswerVerdictTests {
    static let day = PlannerTests.day
    static let minute = Duration.minutes(1)
    /// Now: Dec 10, 12:00 in Berlin; the walk of the day was at 10:00.
    static let now = PlannerTests.at("2026-12-10 12:00")
    static let today = PlannerTests.at("2026-12-10 10:00")
    let planner: Planner

    /// A walk every day at 10:00 from 2026-12-01, not on Christmas, and a ritual turned off.
    init() throws {
        planner = Planner(
            config: try PlannerTests.config(
                "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"*-*-* 10:00\"\nfrom = 2026-12-01\n"
                    + "skip = [2026-12-25]\n"
                    + "[[ritual]]\nid = \"off\"\ntitle = \"Off\"\nwhen = \"hourly\"\nenabled = false\n"),
            zone: PlannerTests.berlin)
    }

    static func answer(
        _ event: EventKind = .done, occurrence: Instant = today, at: Instant = now, ritual: String = "walk",
        until: Instant? = nil
    ) -> GivenAnswer {
        GivenAnswer(
            Answer(kind: event, until: until)!, to: OccurrenceID(ritual, occurrence), by: .named("Sam"), at: at,
            source: .folder("sam.jsonl"))
    }

    func verdict(_ a: GivenAnswer, state: PlannerState = PlannerState(), now: Instant = now) -> Planner.AnswerVerdict {
        planner.verdict(on: a, state: state, now: now)
    }

    func isRefused(_ v: Planner.AnswerVerdict, saying: String = "") -> Bool {
        if case .refuse(let why) = v { return saying.isEmpty || why.contains(saying) }
        return false
    }

    typealias T = AnswerVerdictTests

    @Test func aTrueAnswerIsRecorded() {
        #expect(verdict(T.answer()) == .record)
        #expect(verdict(T.answer(occurrence: T.today - 3 * T.day)) == .record)
        // Due within the clock skew allowance, not before it.
        let early = T.today - 9 * T.minute
        #expect(verdict(T.answer(at: early), now: early) == .record)
        let earlier = T.today - 11 * T.minute
        #expect(verdict(T.answer(at: earlier), now: earlier) == .notYet)
    }

    @Test(arguments: [
        123, -1, 3_600_000_000,
        15 * 86_400_000_000,  // Christmas is skipped
        -10 * 86_400_000_000,  // before `from`
    ])
    func whatIsNoOccurrenceIsRefused(offset: Int) {
        let occurrence = T.today + .microseconds(offset)
        #expect(isRefused(verdict(T.answer(occurrence: occurrence)), saying: "is not an occurrence of walk"))
    }

    @Test func aDoneOrSnoozeForAnOccurrenceStillToComeWaits() {
        let ahead = T.today + 3 * T.day
        #expect(verdict(T.answer(occurrence: ahead)) == .notYet)
        #expect(verdict(T.answer(.snoozed, occurrence: ahead, until: T.now + .minutes(10))) == .notYet)
        // A skip plans ahead, as `ritualctl skip` does, but not beyond what rituald plans.
        #expect(verdict(T.answer(.skipped, occurrence: ahead)) == .record)
        let farAhead = PlannerTests.at("2028-04-23 10:00")
        #expect(
            isRefused(verdict(T.answer(.skipped, occurrence: farAhead)), saying: "further ahead than rituald plans"))
    }

    @Test func anAnswerGivenInTheFutureOrWithAnEndlessSnoozeIsRefused() {
        #expect(isRefused(verdict(T.answer(at: T.now + 11 * T.minute)), saying: "a time still to come"))
        #expect(verdict(T.answer(at: T.now + 9 * T.minute)) == .record)
        #expect(isRefused(verdict(T.answer(.snoozed, until: T.now + 400 * T.day))))
        #expect(isRefused(verdict(T.answer(.snoozed, until: T.now - .microseconds(1)))))
    }

    @Test func eachKindOfAnswerIsRecordedOnceWhateverItsTime() {
        var state = PlannerState()
        T.answer().record.apply(to: &state)
        #expect(verdict(T.answer(at: T.now - .microseconds(5)), state: state) == .heard)
        #expect(verdict(T.answer(at: T.now + .microseconds(5)), state: state) == .heard)
        #expect(verdict(T.answer(.skipped), state: state) == .record)
    }

    @Test func whatThisConfigDoesNotHaveIsPassedOver() {
        #expect(verdict(T.answer(ritual: "nap")) == .ignore)
        #expect(verdict(T.answer(occurrence: PlannerTests.at("2026-12-10 11:00"), ritual: "off")) == .ignore)
        #expect(verdict(T.answer(occurrence: T.today - 401 * T.day)) == .ignore)
    }

    /// An occurrence fired here (by hand, ahead of its time), fired by hand on the other computer
    /// (`outSince`), or posted to the channel of the answer, is out: its answers count at once.
    @Test func anOccurrenceOutAheadOfItsTimeIsAnsweredAtOnce() {
        let tomorrow = T.today + T.day
        let soon = T.now + 5 * T.minute
        #expect(verdict(T.answer(occurrence: tomorrow, at: soon)) == .notYet)
        var state = PlannerState()
        HistoryRecord(at: T.now, ritual: "walk", occurrence: tomorrow, event: .fired).apply(to: &state)
        #expect(state.lastFiredAt["walk"] == T.now)
        #expect(verdict(T.answer(occurrence: tomorrow, at: soon), state: state) == .record)
        #expect(
            planner.verdict(
                on: T.answer(occurrence: tomorrow, at: soon), state: PlannerState(), now: T.now, outSince: T.now)
                == .record)
    }

    /// A done or a snooze is never older than the occurrence's first notice (its heads-up, its
    /// firing here or there), beyond the clock skew allowed: once out, an older one is refused.
    @Test func anAnswerOlderThanTheFirstNoticeIsRefused() {
        let tomorrow = T.today + T.day
        var state = PlannerState()
        HistoryRecord(at: T.now, ritual: "walk", occurrence: tomorrow, event: .fired).apply(to: &state)
        // Fired again (a reminder, a second `fire`): the first firing is the notice.
        HistoryRecord(at: T.now + T.minute, ritual: "walk", occurrence: tomorrow, event: .fired).apply(to: &state)
        #expect(state.lastFiredAt["walk"] == T.now)
        #expect(verdict(T.answer(occurrence: tomorrow, at: T.now - 9 * T.minute), state: state) == .record)
        #expect(
            isRefused(
                verdict(T.answer(occurrence: tomorrow, at: T.now - 11 * T.minute), state: state),
                saying: "before the occurrence was out"))
        #expect(
            isRefused(
                verdict(T.answer(.snoozed, occurrence: T.today, at: T.today - 11 * T.minute, until: T.now)),
                saying: "before the occurrence was out"))
        // Not yet out, it waits: the firing that makes it out may still be heard.
        #expect(verdict(T.answer(occurrence: tomorrow, at: T.now)) == .notYet)
        // A skip plans ahead: no notice needed.
        #expect(verdict(T.answer(.skipped, occurrence: tomorrow, at: T.now - 3 * T.day)) == .record)
        // A missed occurrence has no firing of its own to answer.
        HistoryRecord(at: T.now + 2 * T.minute, ritual: "walk", occurrence: tomorrow + T.day, event: .missed)
            .apply(to: &state)
        #expect(state.lastFiredAt["walk"] == nil)
    }

    @Test func aHeadsUpIsANoticeAnAnswerMayGiveTo() throws {
        let withHeadsUp = Planner(
            config: try PlannerTests.config(
                "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"*-*-* 10:00\"\nheads_up = \"1h\"\n"),
            zone: PlannerTests.berlin)
        let answer = T.answer(at: T.today - 65 * T.minute)
        #expect(withHeadsUp.verdict(on: answer, state: PlannerState(), now: T.now) == .record)
        #expect(isRefused(verdict(answer)))
    }
}
