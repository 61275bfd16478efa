import Foundation
import RitualsControl
import RitualsCore
import Testing

@testable import RitualsDaemon

/// A sealed note in the one loop: kept and recorded as `noted` (no text), refused where it cannot
/// be, and once Sam's note opens here, shown as a notification to read (no buttons) beside the
/// ritual's own, which stays open and answerable.
struct NoteRuleTests {
    static func rig() throws -> Rig {
        let shared = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        return try Rig(
            Rig.config(
                settings: "people = [\"Alex\", \"Sam\"]\nme = \"Alex\"\nshared_dir = \"\(shared)\"",
                Rig.ritual("walk", "*-*-* 10:00", "notes = \"sealed\"")),
            at: .utc("2026-12-07 09:00"))
    }

    static func samsNote(_ content: NoteLine.Content, at: Instant) -> Input {
        var batch = SharedFolder.Batch()
        batch.notes = [NoteLine(person: "Sam", occurrence: CoupleRuleTests.walk, at: at, content: content)]
        return .folderRead(batch)
    }

    @Test func samsNoteOpensOnceAlexWroteAndIsShownToRead() throws {
        let rig = try NoteRuleTests.rig()
        let early = rig.ask(.note("walk", occurrence: nil, text: "Before it fired."))
        #expect(!early.ok && early.error?.contains("has not fired yet") == true)
        rig.advance(to: .utc("2026-12-07 10:00"))
        #expect(rig.notifier.openNotices.count == 1)

        // Sam wrote first: a seal, then (as Sam's computer would only after Alex's seal) the text.
        let salt = try #require(NoteSeal.salt())
        let samText = "Thank you for this morning."
        let seal = try #require(NoteSeal.seal(samText, salt: salt))
        rig.send(NoteRuleTests.samsNote(.seal(seal), at: .utc("2026-12-07 10:05")))
        rig.send(NoteRuleTests.samsNote(.text(samText, salt: salt), at: .utc("2026-12-07 10:06")))
        #expect(rig.notifier.shown.filter { !$0.answerable }.isEmpty, "sealed: Alex has not written")
        let sealed = try #require(rig.ask(.notes("walk", since: nil)).notes?.first)
        #expect(sealed.notes.first { $0.person == "Sam" }?.state == .sealed)
        #expect(sealed.notes.first { $0.person == "Sam" }?.text == nil)

        rig.advance(to: .utc("2026-12-07 10:10"))
        let written = rig.ask(.note("walk", occurrence: nil, text: "A slow breakfast tomorrow?"))
        #expect(written.ok, "\(written.error ?? "")")
        let read = try #require(rig.notifier.shown.first { !$0.answerable })
        #expect(read.title == "Sam wrote: Walk" && read.body == samText)
        #expect(rig.notifier.openNotices.contains { $0.answerable }, "the ritual's own stays open")
        let open = try #require(rig.ask(.notes(nil, since: "2026-12-07")).notes?.first)
        #expect(open.notes.map(\.state) == [.shown, .shown])

        // Recorded without a word of either note: Sam's and Alex's, once each.
        let noted = rig.records(.noted)
        #expect(Set(noted.map(\.by)) == [.me, .named("Sam")] && noted.count == 2)
        let history = try String(contentsOfFile: rig.daemon.recorder.store.historyPath, encoding: .utf8)
        #expect(!history.contains("breakfast") && !history.contains("Thank you"))
        // No channel or answer came of it.
        #expect(rig.records(.done).isEmpty)
    }

    @Test func aNoteToAnOccurrenceThatIsNotOneIsRefused() throws {
        let rig = try NoteRuleTests.rig()
        rig.advance(to: .utc("2026-12-07 10:00"))
        let odd = rig.ask(.note("walk", occurrence: "2026-12-07 09:30", text: "Hello"))
        #expect(!odd.ok && odd.error?.contains("no occurrence at") == true, "\(odd.error ?? "")")
        let later = rig.ask(.note("walk", occurrence: "2026-12-08 10:00", text: "Hello"))
        #expect(!later.ok && later.error?.contains("has not fired yet") == true)
        let unreadable = rig.ask(.note("walk", occurrence: "someday", text: "Hello"))
        #expect(!unreadable.ok && unreadable.error?.contains("cannot read --occurrence") == true)
        let named = rig.ask(.note("walk", occurrence: "2026-12-07 10:00", text: "Hello"))
        #expect(named.ok)
    }

    /// A partner's file cannot fill the notes with occurrences that never came, and a note
    /// with control characters (which would not fit the folder's line) is refused.
    @Test func madeUpOccurrencesAndControlCharactersAreRefused() throws {
        let rig = try NoteRuleTests.rig()
        rig.advance(to: .utc("2026-12-07 10:00"))
        let salt = try #require(NoteSeal.salt())
        let seal = try #require(NoteSeal.seal("x", salt: salt))
        for made in [Instant.utc("2026-12-07 09:30"), .utc("2027-01-01 10:00")] {
            var batch = SharedFolder.Batch()
            batch.notes = [
                NoteLine(
                    person: "Sam", occurrence: OccurrenceID("walk", made), at: .utc("2026-12-07 10:01"),
                    content: .seal(seal))
            ]
            rig.send(.folderRead(batch))
        }
        #expect(rig.ask(.notes(nil, since: nil)).notes?.isEmpty == true)
        #expect(rig.records(.noted).isEmpty)
        let said = rig.ask(.status).status?.notes ?? []
        #expect(said.count == 2 && said.allSatisfy { $0.contains("answers no occurrence of it that came") })
        // The real one is taken.
        rig.send(NoteRuleTests.samsNote(.seal(seal), at: .utc("2026-12-07 10:02")))
        #expect(rig.records(.noted).count == 1)

        let control = rig.ask(.note("walk", occurrence: nil, text: "a\u{7}bell"))
        #expect(!control.ok && control.error?.contains("no control characters") == true)
        #expect(rig.ask(.note("walk", occurrence: nil, text: "tabs\tand\nlines are fine")).ok)
    }
}
