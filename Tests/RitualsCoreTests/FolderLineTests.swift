import FoundationEssentials
import RitualsCore
import Testing

/// Lines of another person's file in the shared folder, and what their answers mean here.
struct FolderLineTests {
    static let t: Instant = 1_796_000_000_000_000
    static let good =
        #"{"at":1796000001000000,"by":"Sam","event":"done","occurrence":1796000000000000,"ritual":"walk"}"#

    @Test func aLineRoundTrips() throws {
        let a = FolderLine(
            at: FolderLineTests.t + .microseconds(5), by: "Sam", event: .snoozed, occurrence: FolderLineTests.t,
            ritual: "walk", until: FolderLineTests.t + .microseconds(600))
        let line = a.line()
        #expect(line.last == 0x0A)
        #expect(FolderLine.parse(line.dropLast(), person: "Sam") == a)
        #expect(FolderLine.parse(Array(FolderLineTests.good.utf8), person: "Sam")?.event == .done)
    }

    static let refused: [String] = [
        "",
        String(good.dropLast()),
        good.replacingOccurrences(of: "Sam", with: "Alex"),
        // A firing is told only by its own computer, without an until.
        good.replacingOccurrences(of: "\"done\"", with: "\"fired\"").replacingOccurrences(of: "Sam", with: "Alex")
            .replacingOccurrences(of: "}", with: ",\"via\":\"alex-phone\"}"),
        good.replacingOccurrences(of: "\"done\"", with: "\"fired\"")
            .replacingOccurrences(of: "}", with: ",\"until\":1796000600000000}"),
        good.replacingOccurrences(of: "\"done\"", with: "\"missed\""),
        good.replacingOccurrences(of: "\"done\"", with: "\"snoozed\""),
        good.replacingOccurrences(of: "\"walk\"", with: "\"Walk\""),
        good.replacingOccurrences(of: "\"walk\"", with: "\"../x\""),
        good.replacingOccurrences(of: "\"walk\"", with: "\"" + String(repeating: "w", count: 65) + "\""),
        good.replacingOccurrences(of: "1796000001000000", with: "17"),
        good.replacingOccurrences(of: "1796000000000000", with: "-5"),
        good.replacingOccurrences(of: "1796000000000000", with: "\"soon\""),
        good.replacingOccurrences(of: "}", with: ",\"until\":1796000600000000}"),
        "[" + good + "]",
        " " + good,
        good.replacingOccurrences(of: "}", with: ",\"pad\":\"" + String(repeating: "x", count: 1000) + "\"}"),
        "\u{FEFF}" + good,
        // Sam's own answer names no channel; another's passed on names one, as a channel is named.
        good.replacingOccurrences(of: "}", with: ",\"via\":\"sam-phone\"}"),
        good.replacingOccurrences(of: "Sam", with: "Alex").replacingOccurrences(of: "}", with: ",\"via\":\"\"}"),
        good.replacingOccurrences(of: "Sam", with: "Alex").replacingOccurrences(of: "}", with: ",\"via\":\"a b\"}"),
        good.replacingOccurrences(of: "Sam", with: "../Alex").replacingOccurrences(of: "}", with: ",\"via\":\"p\"}"),
    ]

    /// Alex's answer on the phone, heard by Sam's rituald through its channel alex-phone and passed
    /// on in Sam's file: read as Alex's, and not counted among Sam's own.
    @Test func anAnswerPassedOnNamesItsChannel() throws {
        let a = FolderLine(
            at: FolderLineTests.t + .microseconds(5), by: "Alex", event: .done, occurrence: FolderLineTests.t,
            ritual: "walk", via: "alex-phone")
        let line = a.line()
        #expect(String(decoding: line, as: UTF8.self).contains(#""via":"alex-phone""#))
        let read = try #require(FolderLine.parse(line.dropLast(), person: "Sam"))
        #expect(read == a && read.isPassedOn(by: "Sam") && !read.isOwn(of: "Sam"))
        let own = try #require(FolderLine.parse(Array(FolderLineTests.good.utf8), person: "Sam"))
        #expect(own.isOwn(of: "Sam") && own.via == nil)
        #expect(!String(decoding: own.line(), as: UTF8.self).contains("via"))
        #expect(
            FolderLine.refusal(
                Array(FolderLineTests.good.replacingOccurrences(of: "Sam", with: "Alex").utf8), person: "Sam"
            )
            .contains("an answer by \"Alex\" in Sam's file"))
    }

    /// Sam's computer fired the walk by hand: its line tells Alex's computer, which reads it as a
    /// firing, not an answer; the history's hand firings (ahead of their time) make such lines.
    @Test func aFiringByHandIsALineOfItsOwn() throws {
        let occurrence = OccurrenceID("walk", FolderLineTests.t)
        let line = FolderLine(firing: occurrence, at: FolderLineTests.t - .minutes(50), me: "Sam").line()
        #expect(String(decoding: line, as: UTF8.self).contains(#""event":"fired""#))
        let read = try #require(FolderLine.parse(line.dropLast(), person: "Sam"))
        #expect(!read.isAnswer && read.given(me: "Alex", file: "sam.jsonl") == nil)
        let firing = try #require(read.firing(file: "sam.jsonl"))
        #expect(firing.occurrence == occurrence && firing.by == "Sam" && firing.at == FolderLineTests.t - .minutes(50))
        #expect(FolderLine.parse(Array(FolderLineTests.good.utf8), person: "Sam")?.firing(file: "f") == nil)
        let passedOn = FolderLineTests.good.replacingOccurrences(of: "\"done\"", with: "\"fired\"")
            .replacingOccurrences(of: "Sam", with: "Alex").replacingOccurrences(of: "}", with: ",\"via\":\"p\"}")
        #expect(FolderLine.refusal(Array(passedOn.utf8), person: "Sam").contains("only its own computer tells of one"))
        let missed = FolderLineTests.good.replacingOccurrences(of: "\"done\"", with: "\"missed\"")
        #expect(
            FolderLine.refusal(Array(missed.utf8), person: "Sam").contains(
                "missed is neither an answer, a firing by hand, a hold nor a note"))
        let early = HistoryRecord(at: 1, ritual: "walk", occurrence: 2, event: .fired)
        #expect(FolderLine(firing: early, me: "Alex")?.event == .fired)
        #expect(
            FolderLine(firing: HistoryRecord(at: 2, ritual: "walk", occurrence: 2, event: .fired), me: "Alex") == nil)
        #expect(
            FolderLine(firing: HistoryRecord(at: 1, ritual: "walk", occurrence: 2, event: .done), me: "Alex") == nil)
    }

    /// A notification held on its person's computer is a line of theirs, and so is its end; it
    /// is neither an answer nor a firing, and carries no text of the ritual.
    @Test func aHoldIsALineOfItsOwnAndItsEndToo() throws {
        let id = OccurrenceID("walk", FolderLineTests.t)
        let at = FolderLineTests.t + .microseconds(5)
        let held = FolderLine(holding: id, reason: .locked, at: at, me: "Sam")
        let parsed = try #require(FolderLine.parse(held.line().dropLast(), person: "Sam"))
        #expect(parsed.hold() == HeldElsewhere(person: "Sam", occurrence: id, reason: .locked, at: at))
        #expect(parsed.given(me: "Alex", file: "f") == nil && parsed.firing(file: "f") == nil)
        let ended = try #require(
            FolderLine.parse(FolderLine(holding: id, reason: nil, at: at, me: "Sam").line().dropLast(), person: "Sam"))
        #expect(ended.hold() == HeldElsewhere(person: "Sam", occurrence: id, reason: nil, at: at))
        #expect(FolderLine.parse(Array(FolderLineTests.good.utf8), person: "Sam")?.hold() == nil)

        let line = String(decoding: held.line().dropLast(), as: UTF8.self)
        for (bad, why) in [
            (line.replacingOccurrences(of: "\"locked\"", with: "\"asleep\""), "which is no reason to hold"),
            (
                line.replacingOccurrences(of: "Sam", with: "Alex").replacingOccurrences(
                    of: "}", with: ",\"via\":\"sam-phone\"}"), "only its own computer tells of one"
            ),
            (FolderLineTests.good.replacingOccurrences(of: "}", with: ",\"reason\":\"locked\"}"), "a reason on a line"),
            (line.replacingOccurrences(of: "Sam", with: "Alex"), "in Sam's file"),
        ] {
            #expect(FolderLine.parse(Array(bad.utf8), person: "Sam") == nil, "\(bad)")
            #expect(FolderLine.refusal(Array(bad.utf8), person: "Sam").contains(why), "\(bad)")
        }
    }

    @Test(arguments: FolderLineTests.refused)
    func badLinesAreRefused(_ line: String) {
        #expect(FolderLine.parse(Array(line.utf8), person: "Sam") == nil)
    }

    @Test func onlyThisPersonsAnswersAreShared() {
        let done = HistoryRecord(at: 2, ritual: "walk", occurrence: 1, event: .done)
        #expect(FolderLine(done, me: "Alex")?.by == "Alex")
        #expect(FolderLine(HistoryRecord(at: 2, ritual: "walk", occurrence: 1, event: .fired), me: "Alex") == nil)
        var heard = done
        heard.by = .named("Sam")
        #expect(FolderLine(heard, me: "Alex") == nil)
    }

    static func heard(_ kind: EventKind, by: String = "Sam", at: Instant = 10, until: Instant? = nil) -> HistoryRecord {
        HistoryRecord(at: at, ritual: "walk", occurrence: 1, event: kind, until: until, by: .named(by))
    }

    @Test func eitherClosesOnAnyonesDoneBothOnlyOnOwn() {
        var state = PlannerState()
        let key = OccurrenceID("walk", 1)
        FolderLineTests.heard(.done).apply(to: &state)
        #expect(state.isClosed(key, ack: .either))
        #expect(!state.isClosed(key, ack: .both))
        #expect(state.confirmed(key) == ["Sam"])
        #expect(state.outcomes[key] == nil)
        #expect(state.ownAnswers == 0)
        HistoryRecord(at: 11, ritual: "walk", occurrence: 1, event: .done).apply(to: &state)
        #expect(state.isClosed(key, ack: .both))
        #expect(state.ownAnswers == 1)
    }

    @Test func aSkipByAnyoneClosesBoth() {
        var state = PlannerState()
        FolderLineTests.heard(.skipped).apply(to: &state)
        #expect(state.isClosed(OccurrenceID("walk", 1), ack: .both))
    }

    @Test func anotherPersonsSnoozeHoldsOnlyForEither() {
        var state = PlannerState()
        let key = OccurrenceID("walk", 1)
        FolderLineTests.heard(.snoozed, until: 700).apply(to: &state)
        #expect(state.snoozeEnd(key, ack: .either) == 700)
        #expect(state.snoozeEnd(key, ack: .both) == nil)
        // The snooze fired here: it is spent.
        HistoryRecord(at: 700, ritual: "walk", occurrence: 1, event: .fired).apply(to: &state)
        #expect(state.snoozeEnd(key, ack: .either) == nil)
    }

    @Test func anOlderAnswerDoesNotReplaceANewerOne() {
        var state = PlannerState()
        let key = OccurrenceID("walk", 1)
        FolderLineTests.heard(.done, at: 20).apply(to: &state)
        FolderLineTests.heard(.snoozed, at: 15, until: 900).apply(to: &state)
        #expect(state.others[key]?["Sam"]?.kind == .done)
        // Both kinds are known as heard, whatever time a replay of them claims.
        #expect(state.hasHeard(key, by: "Sam", kind: .snoozed))
        #expect(state.hasHeard(key, by: "Sam", kind: .done))
        #expect(!state.hasHeard(key, by: "Sam", kind: .skipped))
        #expect(!state.hasHeard(key, by: "Kim", kind: .done))
        // A snooze spent by a firing stays heard.
        HistoryRecord(at: 30, ritual: "walk", occurrence: 1, event: .fired).apply(to: &state)
        #expect(state.hasHeard(key, by: "Sam", kind: .snoozed))
    }

    static func r(_ occurrence: Instant, _ kind: EventKind, by: String? = nil) -> HistoryRecord {
        HistoryRecord(
            at: occurrence + .microseconds(1), ritual: "walk", occurrence: occurrence, event: kind,
            by: by.map(Person.named) ?? .me)
    }

    @Test func bothCountsOnlyWhatEveryoneConfirmed() {
        let records = [
            FolderLineTests.r(100, .fired), FolderLineTests.r(100, .done),
            FolderLineTests.r(100, .done, by: "Sam"),
            FolderLineTests.r(200, .fired), FolderLineTests.r(200, .done),
            FolderLineTests.r(300, .fired), FolderLineTests.r(300, .done, by: "Sam"),
            FolderLineTests.r(400, .done, by: "Sam"), FolderLineTests.r(400, .done),
        ]
        let both = RitualStats(ritual: "walk", records: records, needs: ["Sam"])
        #expect(both.entries.map(\.mark) == [.done, .none, .none, .done])
        #expect(both.streaks.longest == 1)
        let either = RitualStats(ritual: "walk", records: records)
        #expect(either.entries.map(\.mark) == [.done, .done, .done, .done])
        var tally = RitualStats.Tally(ritual: "walk")
        for r in records { tally.add(r) }
        #expect(tally.doneBy == [.me: 3, .named("Sam"): 3])
    }

    @Test func aMissHereIsNotUndoneByTheOthersDoneWhenBothMust() {
        let records = [FolderLineTests.r(100, .missed), FolderLineTests.r(100, .done, by: "Sam")]
        #expect(RitualStats(ritual: "walk", records: records, needs: ["Sam"]).entries.map(\.mark) == [.missed])
        #expect(RitualStats(ritual: "walk", records: records).entries.map(\.mark) == [.done])
    }

    @Test func theHistoryKeepsWhoAnswered() throws {
        let line = try HistoryFile.line(FolderLineTests.heard(.done))
        #expect(String(decoding: line, as: UTF8.self).contains("\"by\":\"Sam\""))
        #expect(HistoryFile.parse(line).records.first?.by == .named("Sam"))
        let own = try HistoryFile.line(FolderLineTests.r(1, .done))
        #expect(!String(decoding: own, as: UTF8.self).contains("\"by\""))
    }
}
