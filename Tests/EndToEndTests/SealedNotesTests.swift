import Foundation
import Testing

/// The couple's notes between two computers: Alex's note is sealed on Sam's side (and the folder
/// holds no trace of its text) until Sam writes; then both read both. A hand-edited text that does
/// not open its seal is refused and named; a restart loses nothing.
struct SealedNotesTests {
    static func walk() -> String {
        TwoComputersTests.walk + "notes = \"sealed\"\nprompts = [\"What do you need from me tomorrow?\"]\n"
    }

    /// What `notes --json` says of one person's note to the walk: its state and text.
    static func entry(_ run: RitualdRunner, person: String?) -> (state: String?, text: String?) {
        guard let out = try? run.ctl(["notes", "walk", "--json"]).stdout,
            let pairs = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]],
            let notes = pairs.first?["notes"] as? [[String: Any]],
            let e = notes.first(where: { $0["person"] as? String == person })
        else { return (nil, nil) }
        return (e["state"] as? String, e["text"] as? String)
    }

    /// Everything the shared folder holds, as text.
    static func folder(_ couple: TwoComputers) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: couple.shared)) ?? []
        return names.compactMap { try? String(contentsOfFile: couple.shared + "/" + $0, encoding: .utf8) }.joined()
    }

    @Test func sealedUntilBothWroteThenShownToBoth() throws {
        let couple = try TwoComputers(rituals: SealedNotesTests.walk())
        let tests = TwoComputersTests()
        let a = try tests.start(couple.alex)
        defer { a.terminate() }
        var s = try tests.start(couple.sam)
        defer { s.terminate() }

        // Before the ritual fired, there is nothing to write to.
        let early = try couple.alex.ctl(["note", "walk", "Too early."])
        #expect(early.status == 1 && early.stderr.contains("has not fired yet"), "\(early.stderr)")
        #expect(try couple.alex.ctl(["fire", "walk"]).status == 0)
        let alexText = "I need an early night tomorrow; ask me about the garden."
        let written = try couple.alex.ctl(["note", "walk", alexText])
        #expect(written.status == 0 && written.stdout.contains("Sealed until Sam writes"), "\(written)")

        // Sam's computer knows Alex wrote, and cannot read it; the folder holds a seal only.
        #expect(TestDesktop.poll(within: 30) { SealedNotesTests.entry(couple.sam, person: "Alex").state == "sealed" })
        #expect(SealedNotesTests.entry(couple.sam, person: "Alex").text == nil)
        #expect(!SealedNotesTests.folder(couple).contains("early night"))
        #expect(!SealedNotesTests.folder(couple).contains("garden"))
        // Nor the history or the log of either, nor the journal: `noted`, who and when only.
        for run in [couple.alex, couple.sam] {
            let history = (try? String(contentsOfFile: run.dir + "/state/history.jsonl", encoding: .utf8)) ?? ""
            #expect(history.contains("\"noted\"") && !history.contains("garden") && !run.log.contains("garden"))
        }
        if TestDesktop.hasJournal {
            #expect(
                TestDesktop.poll(within: 30) {
                    TestDesktop.journal("RITUAL_EVENT", "noted").contains { $0["RITUAL_BY"] == "Alex" }
                })
            #expect(
                !TestDesktop.journal("RITUAL_EVENT", "noted").contains { $0.values.contains { $0.contains("garden") } })
        }

        // A hand-edited text that does not open Alex's seal: refused, and named in Sam's status.
        let forged = try #require(
            SealedNotesTests.folder(couple).split(separator: "\n").last { $0.contains("\"seal\"") })
        let edited = forged.replacingOccurrences(
            of: #""seal":"[0-9a-f]{64}""#,
            with: #""note":"Something else.","salt":"\#(String(repeating: "ab", count: 32))""#,
            options: .regularExpression)
        try append(couple.shared + "/alex.jsonl", edited + "\n")
        #expect(
            TestDesktop.poll(within: 30) {
                (try? couple.sam.ctl(["status"]).stdout.contains("does not match what Alex sealed")) == true
            })
        #expect(SealedNotesTests.entry(couple.sam, person: "Alex").text == nil)

        // A restart of Sam's computer in between loses nothing.
        s.terminate()
        s.waitUntilExit()
        s = try tests.start(couple.sam)
        #expect(SealedNotesTests.entry(couple.sam, person: "Alex").state == "sealed")

        // Sam writes from standard input: both notes open on both computers.
        let samText = "A walk after dinner, just the two of us."
        let samWrote = try couple.sam.ctl(["note", "walk"], input: samText + "\n")
        #expect(samWrote.status == 0, "\(samWrote.stderr)")
        #expect(TestDesktop.poll(within: 30) { SealedNotesTests.entry(couple.sam, person: "Alex").text == alexText })
        #expect(TestDesktop.poll(within: 30) { SealedNotesTests.entry(couple.alex, person: "Sam").text == samText })
        #expect(SealedNotesTests.entry(couple.alex, person: nil).state == "shown")
        let listed = try couple.sam.ctl(["notes"]).stdout
        #expect(listed.contains(alexText) && listed.contains(samText) && !listed.contains("Something else"))

        // Neither can change theirs now.
        let change = try couple.alex.ctl(["note", "walk", "Changed my mind."])
        #expect(change.status == 1 && change.stderr.contains("already shown"), "\(change.stderr)")
        // Alex's restart keeps both, read from the notes file.
        a.terminate()
        a.waitUntilExit()
        let a2 = try tests.start(couple.alex)
        defer { a2.terminate() }
        #expect(SealedNotesTests.entry(couple.alex, person: "Sam").text == samText)
        let mode =
            try FileManager.default.attributesOfItem(atPath: couple.alex.dir + "/state/notes.jsonl")[
                .posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aRitualWithoutNotesAndAnOverlongNoteAreRefused() throws {
        let couple = try TwoComputers(rituals: TwoComputersTests.walk)
        let a = try TwoComputersTests().start(couple.alex)
        defer { a.terminate() }
        #expect(try couple.alex.ctl(["fire", "walk"]).status == 0)
        let none = try couple.alex.ctl(["note", "walk", "Hello."])
        #expect(none.status == 1 && none.stderr.contains("takes no notes"), "\(none.stderr)")
        let unknown = try couple.alex.ctl(["note", "nothing-here", "Hello."])
        #expect(unknown.status == 1 && unknown.stderr.contains("no ritual"), "\(unknown.stderr)")
        let long = try couple.alex.ctl(["note", "walk", String(repeating: "x", count: 10_001)])
        #expect(long.status == 1 && long.stderr.contains("at most 10000 characters"), "\(long.stderr)")
        let empty = try couple.alex.ctl(["note", "walk"], input: "  \n")
        #expect(empty.status == 1 && empty.stderr.contains("empty"), "\(empty.stderr)")
    }

    private func append(_ path: String, _ text: String) throws {
        let h = try #require(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data(text.utf8))
        try h.close()
    }
}

/// `ritualctl note ID` on a terminal opens `$EDITOR` on a file whose comment holds the prompt;
/// what is written there, comments left out, is the note.
struct NoteEditorTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func theEditorWritesTheNote() throws {
        let couple = try TwoComputers(rituals: SealedNotesTests.walk())
        let a = try TwoComputersTests().start(couple.alex)
        defer { a.terminate() }
        #expect(try couple.alex.ctl(["fire", "walk"]).status == 0)
        // An editor that keeps what it was given, and writes a note under it.
        let seen = couple.alex.dir + "/given.txt"
        let editor = couple.alex.dir + "/editor.sh"
        try "#!/bin/sh\ncp \"$1\" \(seen)\nprintf 'From the editor.\\n' >> \"$1\"\n".write(
            toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        // `script` gives ritualctl a terminal, as a person's shell does.
        let command = "\(Ritualctl.path) note walk --socket \(couple.alex.socketPath)"
        let r = try Ritualctl.run(
            ["-qec", command, "/dev/null"], environment: ["EDITOR": editor, "VISUAL": ""], program: "/usr/bin/script")
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let given = try String(contentsOfFile: seen, encoding: .utf8)
        #expect(given.contains("# Your note to walk") && given.contains("What do you need from me tomorrow?"))
        let mine = SealedNotesTests.entry(couple.alex, person: nil)
        #expect(mine.text == "From the editor." && mine.state == "sealed")
    }
}
