import ArgumentParser
import FoundationEssentials
import RitualsControl
import RitualsCore

/// `ritualctl history`: what happened, from the history file.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show what happened to the rituals (fired, done, snoozed, skipped, missed, ...), newest last.",
        discussion: "Reads the history file; works whether rituald runs or not."
    )

    @Argument(help: "Only this ritual.")
    var id: String?

    @Option(help: ArgumentHelp("Only since this time: 'YYYY-MM-DD [HH:MM]', ISO 8601 or @EPOCH.", valueName: "TIME"))
    var since: String?

    @OptionGroup var store: StateDirectoryOption

    @Flag(
        help:
            "Print JSON: [{\"at\", \"ritual\", \"event\", \"occurrence\", \"until\", \"prompt\", \"by\"}] (by: another person's answer)."
    )
    var json = false

    func run() throws {
        let (path, zone, _, couple) = store.locate()
        var from: Instant?
        if let since {
            guard let t = Timestamp.parse(since, in: zone) ?? Timestamp.parse(since + " 00:00", in: zone) else {
                throw ValidationError("Cannot read --since '\(since)'. Use 'YYYY-MM-DD [HH:MM]', ISO 8601 or @EPOCH.")
            }
            from = t
        }
        func wanted(_ r: HistoryRecord) -> Bool { (id == nil || r.ritual == id) && from.map { r.at >= $0 } ?? true }
        // Two passes over the file, so that nothing but the column widths is kept: the first
        // finds the rituals and the widths, the second prints.
        var seen: [String] = []
        var count = 0
        var widths = [0, 0, 0, 0]
        var others = false
        try store.forEachRecord(in: path) { r in
            if !seen.contains(r.ritual) { seen.append(r.ritual) }
            guard wanted(r) else { return }
            count += 1
            others = others || r.by != .me
            for (i, cell) in row(r, zone: zone).prefix(3).enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        try store.requireKnown(id, seen: seen)
        if json {
            guard count > 0 else { return Output.json([RecordJSON]()) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var first = true
            print("[")
            try store.forEachRecord(in: path) { r in
                guard wanted(r), let data = try? encoder.encode(RecordJSON(r, zone: zone)) else { return }
                let text = String(decoding: data, as: UTF8.self).split(separator: "\n").map { "  " + $0 }
                print((first ? "" : ",\n") + text.joined(separator: "\n"), terminator: "")
                first = false
            }
            print("\n]")
            return
        }
        if count == 0 {
            print("No history\(id.map { " for \($0)" } ?? "")\(since.map { " since \($0)" } ?? "").")
            return
        }
        // A BY column once someone else's answers are in the history.
        let me = others ? (couple.me ?? "me") : ""
        func cells(_ r: HistoryRecord) -> [String] {
            let c = row(r, zone: zone)
            guard others else { return c }
            let by = Answer.kinds.contains(r.event) ? (r.by.other ?? me) : ""
            return Array(c.prefix(3)) + [by, c[3]]
        }
        let header =
            others ? ["TIME", "RITUAL", "EVENT", "BY", "OCCURRENCE"] : ["TIME", "RITUAL", "EVENT", "OCCURRENCE"]
        if others {
            widths[3] = max(me.count, 2)
            try store.forEachRecord(in: path) { r in
                if wanted(r), let by = r.by.other { widths[3] = max(widths[3], by.count) }
            }
        }
        for (i, cell) in header.dropLast().enumerated() { widths[i] = max(widths[i], cell.count) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padded(to: widths[i])
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        print(line(header))
        try store.forEachRecord(in: path) { r in if wanted(r) { print(line(cells(r))) } }
    }

    /// A record as the cells of a row.
    func row(_ r: HistoryRecord, zone: Zone) -> [String] {
        var event = r.event.name
        if r.event == .paused {
            event += " " + Pause(until: r.until).end(in: zone)
        } else if let until = r.until {
            event += " until \(Timestamp.systemd(until, in: zone))"
        }
        let occurrence = [.paused, .resumed].contains(r.event) ? "" : Timestamp.systemd(r.occurrence, in: zone)
        return [Timestamp.systemd(r.at, in: zone), r.ritual, event, occurrence]
    }
}

/// One history record in JSON output.
struct RecordJSON: Encodable {
    var at: String
    var ritual: String
    var event: String
    var occurrence: String
    /// When a snooze fires again or a pause ends; left out for a pause until resumed.
    var until: String?
    var prompt: String?
    /// Who answered, when another person did.
    var by: String?

    init(_ r: HistoryRecord, zone: Zone) {
        at = Timestamp.iso8601(r.at, in: zone)
        ritual = r.ritual
        event = r.event.name
        occurrence = Timestamp.iso8601(r.occurrence, in: zone)
        until = r.until.map { Timestamp.iso8601($0, in: zone) }
        prompt = r.prompt
        by = r.by.other
    }
}
