import RitualsCore
import Testing

@testable import RitualsDaemon

/// The couple's notes, one rule at a time: a sealed note goes out as its seal, readable only once
/// every other person's seal is in; the other's text is taken only when it opens their seal;
/// nothing changes once the other's is shown.
struct NoteBookTests {
    static let id = OccurrenceID("check-in", Instant(microseconds: 1_796_000_000_000_000))
    static let t = Instant(microseconds: 1_796_000_100_000_000)

    /// Alex's and Sam's books, each with the other's lines handed over as the folder would.
    struct Couple {
        var alex = NoteBook()
        var sam = NoteBook()

        /// Alex writes; what Alex's computer writes to the folder.
        mutating func alexWrites(_ text: String) -> NoteBook.Change {
            alex.write(
                text, to: NoteBookTests.id, mode: .sealed, at: NoteBookTests.t, me: "Alex", others: ["Sam"],
                salt: NoteSeal.salt())
        }

        mutating func samWrites(_ text: String) -> NoteBook.Change {
            sam.write(
                text, to: NoteBookTests.id, mode: .sealed, at: NoteBookTests.t, me: "Sam", others: ["Alex"],
                salt: NoteSeal.salt())
        }

        /// Sam's computer reads what Alex's wrote.
        mutating func samHears(_ change: NoteBook.Change) -> NoteBook.Change {
            merge(
                change.lines.compactMap { $0.noted() }.map { sam.heard($0, mode: .sealed, me: "Sam", others: ["Alex"]) }
            )
        }

        mutating func alexHears(_ change: NoteBook.Change) -> NoteBook.Change {
            merge(
                change.lines.compactMap { $0.noted() }.map {
                    alex.heard($0, mode: .sealed, me: "Alex", others: ["Sam"])
                })
        }

        private func merge(_ changes: [NoteBook.Change]) -> NoteBook.Change {
            var all = NoteBook.Change()
            for c in changes {
                all.lines += c.lines
                all.opened += c.opened
                all.records += c.records
                all.noted += c.noted
            }
            return all
        }
    }

    @Test func aSealedNoteGoesOutAsItsSealOnly() throws {
        var couple = Couple()
        let written = couple.alexWrites("I need an early night tomorrow.")
        #expect(written.lines.count == 1)
        let line = try #require(written.lines.first)
        #expect(line.note == nil && line.salt == nil && line.seal.map(NoteLine.isHex) == true)
        #expect(!String(decoding: line.line(), as: UTF8.self).contains("early night"))
        // Sam's computer knows a note is there, and cannot read it.
        let heard = couple.samHears(written)
        #expect(heard.opened.isEmpty && heard.lines.isEmpty)
        #expect(heard.noted.count == 1)
        #expect(couple.sam.readable("Alex", NoteBookTests.id) == nil)
    }

    @Test func bothWrittenBothShown() throws {
        var couple = Couple()
        let alex = couple.alexWrites("I need an early night tomorrow.")
        _ = couple.samHears(alex)
        // Sam writes: Alex's seal is in, so Sam's text goes out at once after Sam's seal.
        let sam = couple.samWrites("A walk after dinner, just us.")
        #expect(sam.lines.count == 2 && sam.lines.last?.note == "A walk after dinner, just us.")
        // Alex's computer takes Sam's seal and text: Alex's text goes out, Sam's note opens.
        let atAlex = couple.alexHears(sam)
        #expect(atAlex.opened.map(\.text) == ["A walk after dinner, just us."])
        #expect(atAlex.lines.count == 1 && atAlex.lines.first?.note == "I need an early night tomorrow.")
        // And Sam's computer opens Alex's.
        let atSam = couple.samHears(atAlex)
        #expect(atSam.opened.map(\.text) == ["I need an early night tomorrow."])
        #expect(couple.sam.readable("Alex", NoteBookTests.id) == "I need an early night tomorrow.")
        #expect(couple.alex.readable("Sam", NoteBookTests.id) == "A walk after dinner, just us.")
        // Neither can change theirs now.
        #expect(couple.alex.locked(NoteBookTests.id, others: ["Sam"]) != nil)
        #expect(couple.sam.locked(NoteBookTests.id, others: ["Alex"]) != nil)
    }

    @Test func aTextThatDoesNotOpenItsSealIsRefused() throws {
        var couple = Couple()
        let alex = couple.alexWrites("The true note.")
        _ = couple.samHears(alex)
        _ = couple.samWrites("Sam's note.")
        // A hand-edited reveal: the text changed after the seal went out.
        let forged = NoteLine(
            person: "Alex", occurrence: NoteBookTests.id, at: NoteBookTests.t,
            content: .text("A different note.", salt: NoteSeal.salt()))
        let heard = couple.sam.heard(forged, mode: .sealed, me: "Sam", others: ["Alex"])
        #expect(heard.opened.isEmpty && heard.records.isEmpty)
        #expect(couple.sam.refused.last?.contains("does not match what Alex sealed") == true)
        #expect(couple.sam.readable("Alex", NoteBookTests.id) == nil)
    }

    @Test func aTextWithoutASealBeforeItIsRefused() {
        var book = NoteBook()
        let early = NoteLine(
            person: "Sam", occurrence: NoteBookTests.id, at: NoteBookTests.t,
            content: .text("Hi", salt: NoteSeal.salt()))
        #expect(book.heard(early, mode: .sealed, me: "Alex", others: ["Sam"]).opened.isEmpty)
        let unsealed = NoteLine(
            person: "Sam", occurrence: NoteBookTests.id, at: NoteBookTests.t, content: .text("Hi", salt: nil))
        #expect(book.heard(unsealed, mode: .sealed, me: "Alex", others: ["Sam"]).opened.isEmpty)
        #expect(book.refused.count == 2)
        // An open ritual's note is shown as it comes.
        #expect(book.heard(unsealed, mode: .open, me: "Alex", others: ["Sam"]).opened.map(\.text) == ["Hi"])
    }

    @Test func aNoteChangesUntilTheOtherHasWritten() {
        var couple = Couple()
        _ = couple.alexWrites("First draft.")
        #expect(couple.alex.locked(NoteBookTests.id, others: ["Sam"]) == nil)
        let again = couple.alexWrites("Second draft.")
        _ = couple.samHears(again)
        let sam = couple.samWrites("Mine.")
        let atAlex = couple.alexHears(sam)
        #expect(atAlex.lines.first?.note == "Second draft.", "the latest goes out")
        let atSam = couple.samHears(atAlex)
        #expect(atSam.opened.map(\.text) == ["Second draft."])
    }

    @Test func theFileGivesBackTheSameBook() {
        var couple = Couple()
        let alex = couple.alexWrites("Kept across restarts.")
        let atSam = couple.samHears(alex)
        let sam = couple.samWrites("Mine too.")
        let atAlex = couple.alexHears(sam)
        var again = NoteBook()
        for r in alex.records + atAlex.records { again.apply(r) }
        #expect(again.mine == couple.alex.mine && again.theirs == couple.alex.theirs)
        #expect(again.readable("Sam", NoteBookTests.id) == "Mine too.")
        // Heard again after a restart (the folder is read from its start): nothing new.
        let twice = NoteBookTests.replay(sam, into: &again)
        #expect(twice.records.isEmpty && twice.opened.isEmpty && twice.lines.isEmpty)
        _ = atSam
    }

    static func replay(_ change: NoteBook.Change, into book: inout NoteBook) -> NoteBook.Change {
        var all = NoteBook.Change()
        for line in change.lines.compactMap({ $0.noted() }) {
            let c = book.heard(line, mode: .sealed, me: "Alex", others: ["Sam"])
            all.records += c.records
            all.opened += c.opened
            all.lines += c.lines
        }
        return all
    }

    @Test func aSealOpensOnlyWithItsTextAndSalt() throws {
        let salt = try #require(NoteSeal.salt())
        let seal = try #require(NoteSeal.seal("note", salt: salt))
        #expect(NoteSeal.opens(seal, text: "note", salt: salt))
        #expect(!NoteSeal.opens(seal, text: "note ", salt: salt))
        #expect(!NoteSeal.opens(seal, text: "note", salt: try #require(NoteSeal.salt())))
        #expect(NoteSeal.seal("note", salt: "xyz") == nil)
    }
}

/// A note heard through the partner's room (one computer, the partner on their phone).
struct NoteBookRoomTests {
    @Test func samsReplyIsHeldUntilAlexWritesThenBothGoOut() {
        var book = NoteBook()
        let id = NoteBookTests.id
        let heard = book.heardHere(
            "Thank you for listening.", by: "Sam", to: id, at: NoteBookTests.t, mode: .sealed, channel: "sam-room")
        #expect(heard.opened.isEmpty && heard.posts.isEmpty && heard.noted.count == 1)
        #expect(book.readable("Sam", id) == nil)
        let written = book.write(
            "I felt heard too.", to: id, mode: .sealed, at: NoteBookTests.t, me: nil, others: [], salt: NoteSeal.salt())
        #expect(written.opened.map(\.text) == ["Thank you for listening."])
        #expect(written.posts.map(\.text) == ["I felt heard too."] && written.posts.first?.channel == "sam-room")
        #expect(book.locked(id, others: []) != nil, "Sam's is shown: Alex's cannot change")
        // From the file again: nothing posted twice.
        var again = NoteBook()
        for r in heard.records + written.records { again.apply(r) }
        #expect(again.readable("Sam", id) == "Thank you for listening.")
        #expect(again.mine[id]?.postedTo == ["Sam"])
        // Sam's later reply is refused once shown.
        let later = book.heardHere("Edited", by: "Sam", to: id, at: NoteBookTests.t, mode: .sealed, channel: "sam-room")
        #expect(later.records.isEmpty && book.refused.count == 1)
    }
}
