import Dispatch
import Foundation
import RitualsCore
import Testing

@testable import RitualsChannels

/// The one follower, driving an inbox the test scripts: it reads only while a post waits, hands
/// answers on, keeps its inbox across a restart, and pauses longer after each failure in a row.
struct AnswerFollowerTests {
    /// An inbox whose server says what the test puts in `script`, one read at a time.
    struct ScriptedInbox: AnswerInbox {
        struct Kept: Codable, Sendable { var posts: [String] = []; var reads = 0 }
        var kept = Kept()
        let script: Script
        var server: String { "test-server" }
        var waiting: Int { kept.posts.count }

        mutating func posted(ritual: String, occurrence: Instant, id: String, at now: Instant) { kept.posts.append(id) }
        mutating func expire(now: Instant) {}
        func reading(now: Instant) -> Script? { kept.posts.isEmpty ? nil : script }

        static func read(_ script: Script, curl: Curl, take: @escaping @Sendable (String) -> Void) -> Result<
            Void, ChannelError
        > {
            switch script.next() {
            case .down(let why): return .failure(ChannelError(why))
            case .answer(let id):
                take(id)
                return .success(())
            case .flood(let count, let then):
                for n in 0..<count { take("junk-\(n)") }
                take(then)
                return .success(())
            }
        }

        /// What the server's last item said stands in the way (`trouble:WHY`; `trouble:` clears it).
        var troubled: String?
        var trouble: String? { troubled }

        mutating func answers(in item: String, snooze: Duration, now: Instant) -> InboxFindings {
            kept.reads += 1
            if item.hasPrefix("trouble:") {
                troubled = item.dropFirst("trouble:".count).isEmpty ? nil : String(item.dropFirst("trouble:".count))
                return InboxFindings()
            }
            if item.hasPrefix("refuse:") { return InboxFindings(refused: [String(item.dropFirst("refuse:".count))]) }
            guard let i = kept.posts.firstIndex(of: item) else { return InboxFindings(ignored: 1) }
            kept.posts.remove(at: i)
            return InboxFindings(answers: [
                GivenAnswer(.done, to: OccurrenceID("walk", 1), by: .named("Sam"), at: now, source: .channel("c"))
            ])
        }
    }

    /// What the scripted server says, read after read.
    final class Script: @unchecked Sendable {
        enum Step {
            case answer(String)
            case down(String)
            /// `count` items that are no answers, then `then`.
            case flood(Int, then: String)
        }
        private let lock = NSLock()
        private var steps: [Step]
        private var count = 0
        var reads: Int { lock.withLock { count } }

        init(_ steps: [Step]) { self.steps = steps }

        func next() -> Step {
            lock.withLock {
                count += 1
                return steps.isEmpty ? .down("the script is over") : steps.removeFirst()
            }
        }
    }

    /// What the follower told and asked: answers, news, and the pauses it asked for.
    final class Heard: @unchecked Sendable {
        private let lock = NSLock()
        var answers: [GivenAnswer] { lock.withLock { _answers } }
        var pauses: [Duration] { lock.withLock { _pauses } }
        var news: [FollowerNews] { lock.withLock { _news } }
        private var _answers: [GivenAnswer] = []
        private var _pauses: [Duration] = []
        private var _news: [FollowerNews] = []
        /// The pauses asked for, held weakly: as with the daemon's clock, a pause whose handle
        /// the follower lets go of never ends.
        private var fires: [Weak] = []

        /// A pause the follower waits for, alive as long as the follower holds what cancels it.
        final class Pause: @unchecked Sendable {
            let fire: @Sendable () -> Void
            var cancelled = false
            init(_ fire: @escaping @Sendable () -> Void) { self.fire = fire }
        }
        struct Weak { weak var pause: Pause? }

        func hooks() -> FollowerHooks {
            FollowerHooks(
                now: { 1_000 },
                after: { span, fire in
                    let pause = Pause(fire)
                    self.lock.withLock {
                        self._pauses.append(span)
                        self.fires.append(Weak(pause: pause))
                    }
                    return { pause.cancelled = true }
                },
                heard: { given in self.lock.withLock { self._answers += given } },
                said: { news in self.lock.withLock { self._news.append(news) } })
        }

        /// Runs the last pause the follower asked for, if it still waits for it.
        func endPause() {
            guard let pause = lock.withLock({ fires.popLast()?.pause }), !pause.cancelled else { return }
            pause.fire()
        }
    }

    let queue = DispatchQueue(label: "follower-tests")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("follower-\(UUID().uuidString)").path
    let channel = Channel(name: "c", kind: "scripted", settings: NtfyTopic(server: "x", topicFile: "y"))

    func settle(until done: () -> Bool) {
        // Awaits what the follower does on its own thread; a loaded machine gets all the time it needs.
        for _ in 0..<60_000 where !done() {
            queue.sync {}
            usleep(1000)
        }
    }

    @Test func itReadsOnlyWhileAPostWaitsAndHandsTheAnswerOn() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = Script([.answer("$1")])
        let heard = Heard()
        let follower = AnswerFollower(
            channel: channel, person: .named("Sam"), inbox: ScriptedInbox(script: script), queue: queue,
            stateDirectory: directory, hooks: heard.hooks())
        queue.sync { follower.follow() }
        queue.sync {}
        #expect(script.reads == 0, "nothing waits: nothing is read")
        queue.sync { follower.posted(ritual: "walk", occurrence: 1, id: "$1") }
        settle { heard.answers.count == 1 }
        #expect(heard.answers.first?.by == .named("Sam"))
        settle { !follower.isReading }
        #expect(script.reads == 1 && follower.waiting == 0)
        // Kept in the state directory under its kind and name: a new follower starts from there.
        AnswerFollower<ScriptedInbox>.awaitWrites()
        let again = AnswerFollower(
            channel: channel, person: .named("Sam"), inbox: ScriptedInbox(script: script), queue: queue,
            stateDirectory: directory, hooks: heard.hooks())
        #expect(again.waiting == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/scripted-c.json"))
    }

    @Test func aFailingServerIsSaidOnceAndTriedAgainAfterGrowingPauses() throws {
        let script = Script([.down("down"), .down("down"), .down("down"), .answer("$1")])
        let heard = Heard()
        let follower = AnswerFollower(
            channel: channel, person: .named("Sam"), inbox: ScriptedInbox(script: script), queue: queue,
            stateDirectory: nil, hooks: heard.hooks())
        queue.sync { follower.posted(ritual: "walk", occurrence: 1, id: "$1") }
        for n in 1...3 {
            settle { heard.pauses.count == n }
            heard.endPause()
        }
        settle { heard.answers.count == 1 }
        #expect(heard.pauses == [.seconds(2), .seconds(4), .seconds(8)])
        #expect(heard.news == [.problem("down"), .answersAgain(server: "test-server")])
        #expect(follower.problem == nil)
    }

    /// What the inbox says stands in the way (an encrypted room) is the follower's problem, said
    /// once, while the reading goes on; answers refused for their time are said with the first
    /// reason and counted.
    @Test func troubleAndRefusalsAreSaidAndCounted() throws {
        let script = Script([.answer("trouble:encrypted"), .answer("refuse:too early"), .answer("$1")])
        let heard = Heard()
        let follower = AnswerFollower(
            channel: channel, person: .named("Sam"), inbox: ScriptedInbox(script: script), queue: queue,
            stateDirectory: nil, hooks: heard.hooks())
        queue.sync { follower.posted(ritual: "walk", occurrence: 1, id: "$1") }
        settle { heard.answers.count == 1 }
        #expect(heard.news == [.problem("encrypted"), .refused(1, first: "too early")])
        #expect(queue.sync { (follower.problem, follower.refused) } == ("encrypted", 1))
    }

    /// Anyone who knows a reply topic can publish to it: a flood of messages that are no answers
    /// costs one write of the inbox, never one of each per message;
    /// the answer behind it still counts, and is kept at once.
    @Test func aFloodOfJunkCostsLittle() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = Script([.flood(5_000, then: "$1")])
        let heard = Heard()
        let follower = AnswerFollower(
            channel: channel, person: .named("Sam"), inbox: ScriptedInbox(script: script), queue: queue,
            stateDirectory: directory, hooks: heard.hooks())
        queue.sync { follower.posted(ritual: "walk", occurrence: 1, id: "$1") }
        settle { heard.answers.count == 1 }
        let (saves, ignored) = queue.sync { (follower.saves, follower.ignored) }
        #expect(ignored == 5_000)
        settle { !follower.isReading }
        #expect(script.reads == 1, "no read starts before all the last one brought is taken")
        #expect(saves <= 3, "one for the post, one for the answer, at most one for the junk: \(saves)")
        #expect(heard.pauses.filter { $0 == .seconds(1) }.count == 1)
        // Where the reading stands after the junk is written once its second has passed.
        heard.endPause()
        settle { queue.sync { follower.saves } == saves + 1 }
        #expect(queue.sync { follower.saves } == saves + 1, "the junk's reading is kept")
    }
}
