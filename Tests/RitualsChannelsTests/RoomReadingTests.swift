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
        let found = read(&room, items).findings
        return (found.answers, found.ignored)
    }

    func read(_ room: inout RoomReading, _ items: [MatrixSync.Item]) -> RoomReading.Found {
        room.answers(
            in: items, answerer: RoomReadingTests.sam, bot: RoomReadingTests.bot, person: .named("Sam"),
            channel: "sam-room", snooze: .minutes(10), now: RoomReadingTests.now)
    }

    /// A homeserver whose clock is behind or ahead: an answer stamped before its post, or after
    /// now, beyond the clock skew allowed, is refused and its post waits on; within, it is taken
    /// as given between the post and now, and a snooze runs from then.
    @Test func anAnswerIsStampedBetweenItsPostAndNow() {
        var room = RoomReadingTests.room()
        let posted = RoomReadingTests.now - .seconds(3500)
        func done(at: Instant, _ text: String = "done") -> MatrixSync.Item {
            MatrixSync.Item(id: "$x", sender: RoomReadingTests.sam, at: at, reaction: nil, text: text, replyTo: "$walk")
        }
        let found = read(
            &room, [done(at: .epoch), done(at: posted - .minutes(60)), done(at: RoomReadingTests.now + .hours(2))])
        #expect(found.findings.answers.isEmpty)
        #expect(found.findings.refused.count == 3)
        #expect(found.findings.refused[1].contains("before the post it answers"))
        #expect(found.findings.refused[2].contains("a time still to come"))
        #expect(room.posts.count == 2)
        let early = read(&room, [done(at: posted - .minutes(5), "snooze 20m")]).findings.answers
        #expect(early.first?.at == posted && early.first?.answer.until == posted + .minutes(20))
        var other = RoomReadingTests.room()
        let ahead = read(&other, [done(at: RoomReadingTests.now + .minutes(5))]).findings.answers
        #expect(ahead.first?.at == RoomReadingTests.now)
    }

    /// The bot's own events are never answers, nor counted among others'; an encrypted event of
    /// the answerer that nothing decrypted is counted as unreadable; one decrypted by a proxy
    /// answers as any other.
    @Test func encryptedEventsAreCountedDecryptedOnesAnswer() {
        var room = RoomReadingTests.room()
        var encrypted = MatrixSync.Item(
            id: "$e", sender: RoomReadingTests.sam, at: RoomReadingTests.now, reaction: nil, text: nil, replyTo: nil)
        encrypted.encrypted = true
        var bots = encrypted
        bots.sender = RoomReadingTests.bot
        var old = encrypted
        old.at = RoomReadingTests.now - .hours(3)
        let unread = read(&room, [encrypted, encrypted, bots, old])
        #expect(unread.unreadable == 2 && unread.findings == InboxFindings() && !unread.decrypted)
        var decrypted = RoomReadingTests.reaction(RoomReadingTests.sam, "\u{2705}", to: "$walk")
        decrypted.decrypted = true
        let found = read(&room, [decrypted])
        #expect(found.decrypted && found.unreadable == 0 && found.findings.answers.map(\.answer) == [.done])
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
