import RitualsCore
import Testing

@testable import RitualsChannels

/// In a room that takes notes, a reply of the answerer's to a post that is no answer is their
/// note to that post's occurrence; answers count as before, and a post waits until it has both.
struct RoomNotesTests {
    typealias R = RoomReadingTests

    func read(_ room: inout RoomReading, _ items: [MatrixSync.Item], notes: Bool = true) -> InboxFindings {
        room.answers(
            in: items, answerer: R.sam, bot: R.bot, person: .named("Sam"), channel: "sam-room",
            snooze: .minutes(10), now: R.now, notes: notes
        ).findings
    }

    @Test func aReplyThatIsNoAnswerIsANote() throws {
        var room = R.room()
        let found = read(&room, [R.text(R.sam, "I loved the walk by the river.", replyTo: "$walk")])
        #expect(found.answers.isEmpty)
        let note = try #require(found.notes.first)
        #expect(note.text == "I loved the walk by the river." && note.by == .named("Sam"))
        #expect(note.occurrence == OccurrenceID("walk", R.now - .hours(1)) && note.channel == "sam-room")
        // The post still waits for its answer; a second reply is no second note.
        #expect(room.posts.count == 2)
        #expect(read(&room, [R.text(R.sam, "And another thing.", replyTo: "$walk")]).notes.isEmpty)
        let done = read(&room, [R.reaction(R.sam, "\u{2705}", to: "$walk")])
        #expect(done.answers.count == 1)
        #expect(room.posts.map(\.event) == ["$talk"], "answered and noted: it waits no more")
    }

    @Test func anAnsweredPostStillTakesItsNote() {
        var room = R.room()
        #expect(read(&room, [R.text(R.sam, "done", replyTo: "$talk")]).answers.count == 1)
        #expect(room.posts.count == 2, "it waits for a note")
        // A second "done" answers nothing more.
        #expect(read(&room, [R.text(R.sam, "done", replyTo: "$talk")]).answers.isEmpty)
        #expect(
            read(&room, [R.text(R.sam, "Talking helped.", replyTo: "$talk")]).notes.map(\.text) == ["Talking helped."])
        #expect(room.posts.map(\.event) == ["$walk"])
    }

    @Test func talkStrangersAndRoomsWithoutNotesGiveNone() {
        var room = R.room()
        // Not a reply: talk in the room.
        #expect(read(&room, [R.text(R.sam, "See you tonight")]).notes.isEmpty)
        // Someone else's reply.
        #expect(read(&room, [R.text("@eve:example.org", "Me too", replyTo: "$walk")]).notes.isEmpty)
        // A room without notes.
        #expect(read(&room, [R.text(R.sam, "A note?", replyTo: "$walk")], notes: false).notes.isEmpty)
        // A blank reply.
        #expect(read(&room, [R.text(R.sam, "   ", replyTo: "$walk")]).notes.isEmpty)
        // An overlong one is cut to a note's length.
        let long = read(&room, [R.text(R.sam, String(repeating: "a", count: 12_000), replyTo: "$walk")])
        #expect(long.notes.first?.text.count == NoteLine.maxCharacters)
    }
}
