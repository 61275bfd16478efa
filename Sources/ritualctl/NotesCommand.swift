import ArgumentParser
import FoundationEssentials
import RitualsControl
import RitualsCore

/// `ritualctl notes`.
struct NotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "List the notes written to rituals' prompts, and whose are still sealed.",
        discussion: """
            One block per occurrence, oldest first: your note and your partner's, or "sealed" \
            while one of you has not written yet, or "not written".
            """
    )

    @Argument(help: "Only this ritual's notes.")
    var id: String?

    @Option(help: ArgumentHelp("Only occurrences from this time on (e.g. 2026-12-01).", valueName: "TIME"))
    var since: String?

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: each occurrence with its ritual, title and notes (person, state, text, at).")
    var json = false

    func run() throws {
        let response = try connection.ask(.notes(id, since: since))
        let pairs = response.notes ?? []
        let zone = Output.zone(response)
        if json { return Output.json(pairs.map { PairJSON($0, zone: zone) }) }
        guard !pairs.isEmpty else {
            print(id.map { "No notes to \($0) yet." } ?? "No notes yet.")
            return
        }
        var blocks: [String] = []
        for pair in pairs {
            var lines = ["\(Terminal.safe(pair.title)) (\(pair.occurrence.systemd(in: zone)))"]
            for entry in pair.notes {
                let who = entry.person.map { Terminal.safe($0) } ?? "You"
                switch entry.state {
                case .unwritten: lines.append("  \(who): not written")
                case .sealed where entry.text == nil:
                    lines.append("  \(who): written, sealed until everyone has written")
                case .sealed: lines.append("  \(who) (sealed until the others write):")
                case .shown, .kept: lines.append("  \(who):")
                }
                if let text = entry.text {
                    lines += text.split(separator: "\n", omittingEmptySubsequences: false).map {
                        "    " + Terminal.safe(String($0))
                    }
                }
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        print(blocks.joined(separator: "\n\n"))
    }
}

/// One occurrence's notes in JSON output, times as ISO 8601 in the daemon's zone.
struct PairJSON: Encodable {
    var ritual: String
    var title: String
    var occurrence: String
    var notes: [Entry]

    struct Entry: Encodable {
        /// Whose: a person's name; left out for yours.
        var person: String?
        /// shown, sealed, unwritten or kept.
        var state: String
        var text: String?
        var at: String?
    }

    init(_ pair: NotePair, zone: Zone) {
        ritual = pair.ritual
        title = pair.title
        occurrence = Timestamp.iso8601(pair.occurrence, in: zone)
        notes = pair.notes.map {
            Entry(
                person: $0.person, state: $0.state.rawValue, text: $0.text,
                at: $0.at.map { Timestamp.iso8601($0, in: zone) })
        }
    }
}
