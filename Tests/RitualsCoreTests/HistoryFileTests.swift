import FoundationEssentials
import RitualsCore
import Testing

/// The history file's lines, and what the records add up to: state, streaks, marks.
struct HistoryFileTests {
    @Test func fastAndCarefulReadsAgree() throws {
        let records = (0..<50).map {
            HistoryRecord(
                at: Instant(microseconds: $0), ritual: "r[\($0 % 3)]", occurrence: Instant(microseconds: $0 * 10),
                event: $0 % 2 == 0 ? .fired : .done)
        }
        let text = try records.map(HistoryFile.line).reduce(Data(), +)
        #expect(HistoryFile.parse(text).records == records)
        var damaged = text
        damaged.append(Data("not a record\n".utf8))
        damaged.append(text)
        damaged.append(Data("{\"at\":1,\"ri".utf8))
        let parsed = HistoryFile.parse(damaged)
        #expect(parsed.records == records + records)
        #expect(parsed.bad == 1)
        #expect(parsed.torn)
    }

    @Test func aLineIsOneSortedObjectWithTheEventsName() throws {
        let line = try HistoryFile.line(
            HistoryRecord(at: 3, ritual: "walk", occurrence: 2, event: .remindedAgain, prompt: "p"))
        #expect(
            String(decoding: line, as: UTF8.self)
                == "{\"at\":3,\"event\":\"reminded-again\",\"occurrence\":2,\"prompt\":\"p\",\"ritual\":\"walk\"}\n")
        let unknown = Data("{\"at\":3,\"event\":\"exploded\",\"occurrence\":2,\"ritual\":\"walk\"}\n".utf8)
        #expect(HistoryFile.parse(unknown).bad == 1)
    }

    @Test func pausesFoldIntoTheStateWithoutSentinels() {
        var state = PlannerState()
        HistoryRecord(at: 1, ritual: HistoryRecord.allRituals, occurrence: 1, event: .paused).apply(to: &state)
        HistoryRecord(at: 2, ritual: "walk", occurrence: 2, event: .paused, until: 50).apply(to: &state)
        #expect(state.pause == Pause(until: nil))
        #expect(state.isPaused("talk", at: Instant(microseconds: Int.max - 1)))
        #expect(state.ritualPauses["walk"]?.holds(at: 49) == true)
        #expect(state.ritualPauses["walk"]?.holds(at: 50) == false)
        HistoryRecord(at: 3, ritual: HistoryRecord.allRituals, occurrence: 3, event: .resumed).apply(to: &state)
        #expect(!state.isPaused("talk", at: 4))
        #expect(state.isPaused("walk", at: 4))
    }

    @Test func streaksSkipsAndMisses() {
        func r(_ o: Int, _ e: EventKind) -> HistoryRecord {
            HistoryRecord(at: Instant(microseconds: o), ritual: "x", occurrence: Instant(microseconds: o), event: e)
        }
        var history: [HistoryRecord] = []
        for o in 1...5 { history += [r(o, .fired), r(o, .done)] }
        history += [r(6, .fired), r(6, .skipped), r(7, .missed), r(8, .fired), r(8, .done), r(9, .fired)]
        let stats = RitualStats(ritual: "x", records: history)
        #expect(stats.entries.count == 9)
        #expect(stats.streaks.longest == 5)
        // 8 done, 9 fired and still open: the open one neither counts nor breaks.
        #expect(stats.streaks.current == 1)
        #expect(stats.lastOutcome == .done)
        history.append(r(10, .fired))
        #expect(RitualStats(ritual: "x", records: history).streaks.current == 0)
    }

    @Test func theGridStartsOnAMondayWeeksBack() throws {
        let berlin = FixtureRow.zone("Europe/Berlin")
        // Wednesday 2026-12-02 12:00 in Berlin: 12 weeks back to Monday 2026-09-14.
        let now: Instant = 1_796_209_200_000_000
        let start = RitualStats.gridStart(weeks: 12, now: now, zone: berlin)
        #expect(Timestamp.date(days: start) == "2026-09-14")
        #expect(Civil.weekday(days: start) == 0)
        let grid = RitualStats(ritual: "x", records: []).grid(weeks: 12, now: now, zone: berlin)
        #expect(grid.count == 12 && grid.last?.compactMap { $0 }.count == 3)
    }
}
