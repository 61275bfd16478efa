import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsControl
import RitualsCore

/// `ritualctl stats`: how each ritual has been kept.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show completion rates, streaks and a 12-week grid of days for each ritual.",
        discussion: """
            The completion rate over N days is the share of occurrences in those days that were done. \
            A streak counts done occurrences in a row: a skip keeps it, a miss (or an occurrence left \
            unanswered, except the latest) ends it. Answers heard from the other people of `people` count \
            for the couple; with ack = "both" an occurrence is done only once everyone said done, and \
            a "done by" line tells who did. The grid has a column per week, Monday on top: \
            ● done, ○ skipped, × missed, · nothing. Colours when standard output is a terminal and \
            NO_COLOR is unset.
            """
    )

    @Argument(help: "Only this ritual.")
    var id: String?

    @OptionGroup var store: StateDirectoryOption

    @Flag(
        help:
            "Print JSON: [{\"ritual\", \"rate7\", \"rate30\", \"rate90\", \"currentStreak\", \"longestStreak\", \"grid\", \"doneBy\"}]."
    )
    var json = false

    static let weeks = 12

    func run() throws {
        let (path, zone, now, couple) = store.locate()
        // One pass over the history: one tally per ritual, in the order they first appear.
        var ids: [String] = []
        var tallies: [String: RitualStats.Tally] = [:]
        try store.forEachRecord(in: path) { r in
            guard r.ritual != HistoryRecord.allRituals else { return }
            if tallies[r.ritual] == nil {
                ids.append(r.ritual)
                tallies[r.ritual] = RitualStats.Tally(ritual: r.ritual, needs: couple.needs[r.ritual] ?? [])
            }
            tallies[r.ritual]?.add(r)
        }
        try store.requireKnown(id, seen: ids)
        if let id { ids = ids.filter { $0 == id } }
        // Each tally with its stats, computed once.
        let kept = ids.compactMap { id in tallies[id].map { (tally: $0, stats: $0.stats) } }.filter {
            !$0.stats.entries.isEmpty
        }
        // Done answers by person, by name.
        let me = couple.me ?? "me"
        func doneBy(_ t: RitualStats.Tally) -> [String: Int] {
            Dictionary(t.doneBy.map { ($0.key.name(me: me) ?? me, $0.value) }, uniquingKeysWith: +)
        }
        if json {
            Output.json(kept.map { StatsJSON($0.stats, now: now, zone: zone, doneBy: doneBy($0.tally)) })
            return
        }
        guard !kept.isEmpty else {
            print("No history\(id.map { " for \($0)" } ?? "") yet.")
            return
        }
        let colour = ThisProcess.isTerminal(1) && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        var out = ""
        for (i, k) in kept.enumerated() {
            if i > 0 { out += "\n" }
            let by = k.tally.doneBy.keys.contains { $0 != .me } ? doneBy(k.tally) : [:]
            out += StatsCommand.render(k.stats, now: now, zone: zone, colour: colour, doneBy: by)
        }
        print(out, terminator: "")
    }

    static func percent(_ rate: Double?) -> String {
        rate.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
    }

    static func render(_ s: RitualStats, now: Instant, zone: Zone, colour: Bool, doneBy: [String: Int] = [:]) -> String
    {
        let streaks = s.streaks
        var out = "\(s.ritual)\n"
        if !doneBy.isEmpty {
            let people = doneBy.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            out += "  done by: " + people.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        out += "  done: \(percent(s.completionRate(days: 7, now: now))) of 7 days, "
        out +=
            "\(percent(s.completionRate(days: 30, now: now))) of 30, \(percent(s.completionRate(days: 90, now: now))) of 90\n"
        out += "  streak: \(streaks.current) now, \(streaks.longest) longest\n"
        let grid = s.grid(weeks: weeks, now: now, zone: zone)
        for (wd, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].enumerated() {
            out += "  \(name) "
            out += grid.map { week in symbol(week[wd], colour: colour) }.joined(separator: " ")
            out += "\n"
        }
        return out
    }

    static func symbol(_ mark: RitualStats.Mark?, colour: Bool) -> String {
        guard let mark else { return " " }
        let (text, code): (String, String) =
            switch mark {
            case .done: ("●", "32")
            case .skipped: ("○", "33")
            case .missed: ("×", "31")
            case .none: ("·", "2")
            }
        return colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// One ritual's stats in JSON output.
struct StatsJSON: Encodable {
    var ritual: String
    var occurrences: Int
    var rate7: Double?
    var rate30: Double?
    var rate90: Double?
    var currentStreak: Int
    var longestStreak: Int
    /// The first day of the grid (a Monday) and one mark per day from it, through today.
    var gridStart: String
    var grid: [String]
    /// Done answers by person; empty while no one else's answers are in the history.
    var doneBy: [String: Int]

    init(_ s: RitualStats, now: Instant, zone: Zone, doneBy: [String: Int] = [:]) {
        self.doneBy = doneBy
        ritual = s.ritual
        occurrences = s.entries.count
        rate7 = s.completionRate(days: 7, now: now)
        rate30 = s.completionRate(days: 30, now: now)
        rate90 = s.completionRate(days: 90, now: now)
        (currentStreak, longestStreak) = s.streaks
        let weeks = s.grid(weeks: StatsCommand.weeks, now: now, zone: zone)
        grid = weeks.flatMap { $0 }.compactMap { $0?.rawValue }
        gridStart = Timestamp.date(days: RitualStats.gridStart(weeks: StatsCommand.weeks, now: now, zone: zone))
    }
}
