import RitualsCore
import Testing

@testable import RitualsChannels

/// What counts as an answer in the couple's room: only the answerer's reactions and replies to
/// posts that wait, each answering once; talk, strangers and the bot's own reactions do not.
struct FollowedRoomTests {
    static let sam = "@sam:example.org"
    static let bot = "@bot:example.org"
    static let now: Instant = 1_800_000_000_000_000

    static func room() -> FollowedRoom {
        var room = FollowedRoom()
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

    func take(_ room: inout FollowedRoom, _ items: [MatrixSync.Item]) -> ([GivenAnswer], Int) {
        room.answers(
            in: items, answerer: FollowedRoomTests.sam, bot: FollowedRoomTests.bot, person: .named("Sam"),
            channel: "sam-room", snooze: .minutes(10), now: FollowedRoomTests.now)
    }

    @Test func onlyTheAnswerersReactionsToWaitingPostsCount() {
        var room = FollowedRoomTests.room()
        let (answers, ignored) = take(
            &room,
            [
                FollowedRoomTests.reaction(FollowedRoomTests.bot, "\u{2705}", to: "$walk"),
                FollowedRoomTests.reaction("@eve:example.org", "\u{2705}", to: "$walk"),
                FollowedRoomTests.reaction(FollowedRoomTests.sam, "\u{1F44D}", to: "$walk"),
                FollowedRoomTests.reaction(FollowedRoomTests.sam, "\u{2705}", to: "$elsewhere"),
                FollowedRoomTests.reaction(FollowedRoomTests.sam, "\u{23ED}", to: "$walk"),
                FollowedRoomTests.reaction(FollowedRoomTests.sam, "\u{2705}", to: "$walk"),
            ])
        #expect(ignored == 1)
        // Everything read counts for where the reading stands, answers or not.
        #expect(room.readTo == FollowedRoomTests.now - .seconds(1))
        #expect(answers.count == 1)
        #expect(answers.first?.answer == .skipped)
        #expect(answers.first?.occurrence.ritual == "walk")
        #expect(answers.first?.by == .named("Sam"))
        #expect(answers.first?.source == .channel("sam-room"))
        #expect(answers.first?.occurrence.scheduled == FollowedRoomTests.now - .hours(1))
        #expect(room.posts.map(\.event) == ["$talk"])
    }

    @Test func repliesAnswerTheirPostAndPlainWordsTheNewest() {
        var room = FollowedRoomTests.room()
        let (answers, _) = take(
            &room,
            [
                FollowedRoomTests.text(FollowedRoomTests.sam, "see you at eight"),
                FollowedRoomTests.text(FollowedRoomTests.sam, "Snooze 20m", replyTo: "$walk"),
                FollowedRoomTests.text(FollowedRoomTests.sam, "done"),
            ])
        #expect(answers.map(\.occurrence.ritual) == ["walk", "talk"])
        #expect(answers.map(\.answer.kind) == [.snoozed, .done])
        #expect(answers.first?.answer.until == FollowedRoomTests.now - .seconds(1) + .minutes(20))
        #expect(room.posts.isEmpty)
    }

    @Test(arguments: [
        ("done", EventKind.done), ("skip", .skipped), ("snooze", .snoozed), ("\u{2705}", .done),
        ("snooze 1h", .snoozed),
    ])
    func words(text: String, kind: EventKind) {
        #expect(FollowedRoom.answer(text: text)?.kind == kind)
    }

    @Test(arguments: ["done with it, thanks a lot", "snooze forever", "snooze 3d", "snooze 5s", "ok", ""])
    func otherWordsAreNoAnswer(text: String) {
        #expect(FollowedRoom.answer(text: text) == nil)
    }

    @Test func reactionKeysWithAndWithoutVariationSelector() {
        #expect(FollowedRoom.answer(reactionKey: "\u{23ED}") == .skipped)
        #expect(FollowedRoom.answer(reactionKey: "\u{23ED}\u{FE0F}") == .skipped)
        #expect(FollowedRoom.answer(reactionKey: "\u{2705}\u{FE0F}") == .done)
        #expect(FollowedRoom.answer(reactionKey: "\u{1F4A4}") == .snoozed)
        #expect(FollowedRoom.answer(reactionKey: "x") == nil)
    }

    @Test func postsWaitADayAndFiftyAtMost() {
        var room = FollowedRoom()
        for i in 0..<60 {
            room.add(
                .init(
                    event: "$\(i)", ritual: "r", occurrence: Instant(microseconds: i),
                    at: FollowedRoomTests.now - i * .hours(1)))
        }
        #expect(room.posts.count == FollowedRoom.maxPosts)
        room.expire(now: FollowedRoomTests.now)
        #expect(room.posts.map(\.event) == (10...24).map { "$\($0)" })
    }
}
