import RitualsCore
import Testing

@testable import RitualsChannels

/// What counts as an answer in the couple's room: only the answerer's reactions and replies to
/// posts that wait, each answering once; talk, strangers and the bot's own reactions do not.
struct RoomReadingTests {
    static let sam = "@sam:example.org"
    static let bot = "@bot:example.org"
    static let now: Instant = 1_800_000_000_000_000

    static func room() -> RoomReading {
        var room = RoomReading()
        room.add(.init(event: "$walk", ritual: "walk", occurrence: now - .hours(1), at: now - .seconds(3500)))
        room.add(.init(event: "$talk", ritual: "talk", occurrence: now - .minutes(1), at: now - .seconds(50)))
        return room
    }

    static func reaction(_ sender: String, _ key: String, to: String, id: String = "$r") -> MatrixSync.Item {
        MatrixSync.Item(id: id, sender: sender, at: now - .seconds(1), reaction: (key, to), text: nil, replyTo: nil)
    }

    static func text(_ sender: String, _ body: String, replyTo: String? = nil) -> MatrixSync.Item {
        MatrixSync.Item(id: "$t", sender: sender, at: now - .seconds(1), reaction: nil, text: body, replyTo: replyTo)
    }

    func take(_ room: inout RoomReading, _ items: [MatrixSync.Item]) -> ([GivenAnswer], Int) {
        room.answers(
            in: items, answerer: RoomReadingTests.sam, bot: RoomReadingTests.bot, person: .named("Sam"),
            channel: "sam-room", snooze: .minutes(10), now: RoomReadingTests.now)
    }

    @Test func onlyTheAnswerersReactionsToWaitingPostsCount() {
        var room = RoomReadingTests.room()
        let (answers, ignored) = take(
            &room,
            [
                RoomReadingTests.reaction(RoomReadingTests.bot, "\u{2705}", to: "$walk"),
                RoomReadingTests.reaction("@eve:example.org", "\u{2705}", to: "$walk"),
                RoomReadingTests.reaction(RoomReadingTests.sam, "\u{1F44D}", to: "$walk"),
                RoomReadingTests.reaction(RoomReadingTests.sam, "\u{2705}", to: "$elsewhere"),
                RoomReadingTests.reaction(RoomReadingTests.sam, "\u{23ED}", to: "$walk"),
                RoomReadingTests.reaction(RoomReadingTests.sam, "\u{2705}", to: "$walk"),
            ])
        #expect(ignored == 1)
        // Everything read counts for where the reading stands, answers or not.
        #expect(room.readTo == RoomReadingTests.now - .seconds(1))
        #expect(answers.count == 1)
        #expect(answers.first?.answer == .skipped)
        #expect(answers.first?.occurrence.ritual == "walk")
        #expect(answers.first?.by == .named("Sam"))
        #expect(answers.first?.source == .channel("sam-room"))
        #expect(answers.first?.occurrence.scheduled == RoomReadingTests.now - .hours(1))
        #expect(room.posts.map(\.event) == ["$talk"])
    }

    @Test func repliesAnswerTheirPostAndPlainWordsTheNewest() {
        var room = RoomReadingTests.room()
        let (answers, _) = take(
            &room,
            [
                RoomReadingTests.text(RoomReadingTests.sam, "see you at eight"),
                RoomReadingTests.text(RoomReadingTests.sam, "Snooze 20m", replyTo: "$walk"),
                RoomReadingTests.text(RoomReadingTests.sam, "done"),
            ])
        #expect(answers.map(\.occurrence.ritual) == ["walk", "talk"])
        #expect(answers.map(\.answer.kind) == [.snoozed, .done])
        #expect(answers.first?.answer.until == RoomReadingTests.now - .seconds(1) + .minutes(20))
        #expect(room.posts.isEmpty)
    }

    @Test(arguments: [
        ("done", EventKind.done), ("skip", .skipped), ("snooze", .snoozed), ("\u{2705}", .done),
        ("snooze 1h", .snoozed),
    ])
    func words(text: String, kind: EventKind) {
        #expect(RoomReading.answer(text: text)?.kind == kind)
    }

    @Test(arguments: ["done with it, thanks a lot", "snooze forever", "snooze 3d", "snooze 5s", "ok", ""])
    func otherWordsAreNoAnswer(text: String) {
        #expect(RoomReading.answer(text: text) == nil)
    }

    @Test func reactionKeysWithAndWithoutVariationSelector() {
        #expect(RoomReading.answer(reactionKey: "\u{23ED}") == .skipped)
        #expect(RoomReading.answer(reactionKey: "\u{23ED}\u{FE0F}") == .skipped)
        #expect(RoomReading.answer(reactionKey: "\u{2705}\u{FE0F}") == .done)
        #expect(RoomReading.answer(reactionKey: "\u{1F4A4}") == .snoozed)
        #expect(RoomReading.answer(reactionKey: "x") == nil)
    }

    @Test func postsWaitADayAndFiftyAtMost() {
        var room = RoomReading()
        for i in 0..<60 {
            room.add(
                .init(
                    event: "$\(i)", ritual: "r", occurrence: Instant(microseconds: i),
                    at: RoomReadingTests.now - i * .hours(1)))
        }
        #expect(room.posts.count == RoomReading.maxPosts)
        room.expire(now: RoomReadingTests.now)
        #expect(room.posts.map(\.event) == (10...24).map { "$\($0)" })
    }
}
