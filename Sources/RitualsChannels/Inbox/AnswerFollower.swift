import Dispatch
import LinuxSystem
import RitualsCore
import Synchronization

/// Where followers' inbox files are written.
private let keptWriter = DispatchQueue(label: "rituals.kept")

/// What a follower tells besides answers: what its server last said wrong, that it answers
/// again, or that its inbox could not be kept.
public enum FollowerNews: Sendable, Equatable {
    case problem(String)
    case answersAgain(server: String)
    case notKept(String)
    /// Answers refused (their time lies before their post, or still to come): how many, the
    /// first one's reason.
    case refused(Int, first: String)
}

/// What a follower needs from where it runs (rituald, or `ritualctl test-channel`): the time, a
/// timer for its pauses, and where the answers and the news go.
public struct FollowerHooks: Sendable {
    public var now: @Sendable () -> Instant
    /// Calls the closure on the follower's queue once the span has passed; returns what cancels it.
    public var after: @Sendable (Duration, @escaping @Sendable () -> Void) -> @Sendable () -> Void
    public var heard: @Sendable ([GivenAnswer]) -> Void
    public var said: @Sendable (FollowerNews) -> Void
    /// Notes written as replies, where the channel takes them.
    public var noted: @Sendable ([GivenNote]) -> Void

    public init(
        now: @escaping @Sendable () -> Instant,
        after: @escaping @Sendable (Duration, @escaping @Sendable () -> Void) -> @Sendable () -> Void,
        heard: @escaping @Sendable ([GivenAnswer]) -> Void, said: @escaping @Sendable (FollowerNews) -> Void,
        noted: @escaping @Sendable ([GivenNote]) -> Void = { _ in }
    ) {
        self.now = now
        self.after = after
        self.heard = heard
        self.said = said
        self.noted = noted
    }
}

/// A follower as its owner sees it, whatever its inbox.
public protocol Following: AnyObject, Sendable {
    var channel: Channel { get }
    var person: Person { get }
    var waiting: Int { get }
    var isReading: Bool { get }
    /// What came back that was no answer, since it started.
    var ignored: Int { get }
    /// Answers refused for their time, since it started.
    var refused: Int { get }
    /// What its server last said wrong (nil once it answers again), else what stands in the way
    /// of reading answers (an encrypted room).
    var problem: String? { get }
    /// The snooze a Snooze answer gives when it says none.
    var snooze: Duration { get set }
    /// A post through the channel that waits for its answer (`id`: what the server called it).
    func posted(ritual: String, occurrence: Instant, id: String)
    /// Reads while a post waits (at start: those left from before).
    func follow()
    /// Stops reading (at stop, or when the channel is gone from the config).
    func stop()
}

/// The one follower every answering channel has, whatever its kind: it keeps the channel's inbox
/// (in the state directory, when given one, so that a restart reads nothing twice and forgets no
/// post), reads the server on a thread of its own while anything waits and never otherwise, hands
/// the answers it finds on, and tries a failing server again after pauses that grow with each
/// failure in a row. Used on its queue only.
public final class AnswerFollower<Inbox: AnswerInbox>: Following, @unchecked Sendable {
    public let channel: Channel
    public let person: Person
    public private(set) var ignored = 0
    public private(set) var refused = 0
    /// What the server last said wrong, nil once it answers again.
    private var failure: String?
    /// The inbox's trouble as last said.
    private var trouble: String?
    public var snooze = Duration.minutes(10)
    private var inbox: Inbox
    private let queue: DispatchQueue
    private let hooks: FollowerHooks
    private let file: KeptFile<Inbox.Kept>?
    /// The read under way, if any.
    private var reading: Curl?
    /// Cancels the retry that is pending, if any.
    private var retry: (@Sendable () -> Void)?
    private var failures = 0
    private var stopped = false
    /// The read was ended because nothing waits any more.
    private var lettingGo = false
    /// What the reader found, for the queue to take.
    private let handoff = Handoff<Inbox.Item>()
    /// Cancels the save of the inbox due within a second, if one is (holding it keeps its timer).
    private var pendingSave: (@Sendable () -> Void)?
    /// Writes of the inbox asked for.
    private(set) var saves = 0
    /// Where inbox files are written, in order, off every follower's queue.
    private static var writer: DispatchQueue { keptWriter }

    /// The longest pause between attempts after failures.
    static var longestPause: Duration { .seconds(300) }

    /// Follows `channel` through `inbox` on `queue`; with a state directory, what the inbox keeps
    /// is read from and written to `KIND-NAME.json` there.
    public init(
        channel: Channel, person: Person, inbox: Inbox, queue: DispatchQueue, stateDirectory: String?,
        hooks: FollowerHooks
    ) {
        self.channel = channel
        self.person = person
        self.inbox = inbox
        self.queue = queue
        self.hooks = hooks
        file = stateDirectory.map {
            KeptFile(
                path: $0 + "/" + channel.kind + "-" + channel.name + ".json",
                what: "\(channel.name): where the reading of its answers stands")
        }
        if let kept = file?.load() { self.inbox.kept = kept }
    }

    public var waiting: Int { inbox.waiting }
    public var isReading: Bool { reading != nil }
    public var problem: String? { failure ?? inbox.trouble }

    public func posted(ritual: String, occurrence: Instant, id: String) {
        inbox.posted(ritual: ritual, occurrence: occurrence, id: id, at: hooks.now())
        save()
        follow()
    }

    public func follow() {
        guard !stopped, reading == nil, retry == nil else { return }
        inbox.expire(now: hooks.now())
        guard let next = inbox.reading(now: hooks.now()) else { return }
        let curl = Curl()
        reading = curl
        let (queue, handoff) = (self.queue, self.handoff)
        Threads.detach { [self] in
            let result = Inbox.read(next, curl: curl) { item in
                // A flood of items is one turn on the queue at a time, never a block per item.
                if handoff.add(item) { queue.async { [self] in takeHandedOff() } }
            }
            queue.async { [self] in ended(result) }
        }
    }

    /// Takes what the reader handed off, a batch at a time: a timer or a request waiting on the
    /// queue comes between two batches.
    private func takeHandedOff() {
        let (batch, more) = handoff.take(AnswerFollower.batch)
        for item in batch { take(item) }
        if more { queue.async { [self] in takeHandedOff() } }
    }

    /// Items taken in one turn on the queue at most.
    static var batch: Int { 256 }

    /// What a read handed back: its answers go on; once nothing waits, the read is let go.
    private func take(_ item: Inbox.Item) {
        guard !stopped else { return }
        answering()
        let found = inbox.answers(in: item, snooze: snooze, now: hooks.now())
        ignored += found.ignored
        refused += found.refused.count
        // Where the reading stands is kept soon; answers and what they changed at once.
        if found.answers.isEmpty && found.notes.isEmpty && found.refused.isEmpty { saveSoon() } else { save() }
        if let first = found.refused.first { hooks.said(.refused(found.refused.count, first: first)) }
        if let now = inbox.trouble, now != trouble { hooks.said(.problem(now)) }
        trouble = inbox.trouble
        if !found.answers.isEmpty { hooks.heard(found.answers) }
        if !found.notes.isEmpty { hooks.noted(found.notes) }
        if inbox.waiting == 0, let reading {
            lettingGo = true
            reading.cancel()
        }
    }

    /// The read is over once all it handed off is taken (the next read starts from there).
    private func ended(_ result: Result<Void, ChannelError>) {
        guard handoff.isEmpty else { return queue.async { [self] in ended(result) } }
        reading = nil
        guard !stopped else { return }
        if lettingGo {
            lettingGo = false
            return follow()
        }
        switch result {
        case .failure(let failure): failed(failure)
        case .success:
            answering()
            follow()
        }
    }

    /// The server answered: what it said wrong is past.
    private func answering() {
        if failure != nil { hooks.said(.answersAgain(server: inbox.server)) }
        failure = nil
        failures = 0
    }

    /// The server failed: said once, and tried again after a pause that grows with each failure
    /// in a row.
    private func failed(_ failure: ChannelError) {
        failures += 1
        if self.failure != failure.description { hooks.said(.problem(failure.description)) }
        self.failure = failure.description
        let pause = failure.pause(after: failures, longest: AnswerFollower.longestPause)
        retry = hooks.after(pause) { [weak self] in
            guard let self else { return }
            queue.async {
                self.retry = nil
                self.follow()
            }
        }
    }

    public func stop() {
        stopped = true
        reading?.cancel()
        retry?()
        if let pendingSave {
            pendingSave()
            save()
        }
        AnswerFollower.writer.sync {}
    }

    /// Writes the inbox off the queue (a slow disk never holds it); the writes keep their order.
    private func save() {
        guard let file else { return }
        saves += 1
        guard let data = file.encode(inbox.kept) else { return hooks.said(.notKept("cannot encode \(file.what)")) }
        let (hooks, queue) = (self.hooks, self.queue)
        AnswerFollower.writer.async {
            if let why = file.write(data) { queue.async { hooks.said(.notKept(why)) } }
        }
    }

    /// Waits until every inbox asked to be written is written.
    static func awaitWrites() { writer.sync {} }

    /// Saves within a second: a flood of messages that are no answers costs one write a second.
    private func saveSoon() {
        guard file != nil, pendingSave == nil else { return }
        pendingSave = hooks.after(.seconds(1)) { [weak self] in
            guard let self else { return }
            queue.async {
                guard self.pendingSave != nil, !self.stopped else { return }
                self.pendingSave = nil
                self.save()
            }
        }
    }
}

/// What a follower's reader found and its queue has not taken yet.
final class Handoff<Item: Sendable>: Sendable {
    private let items = Mutex<(list: [Item], scheduled: Bool)>(([], false))

    /// Adds `item`; true when the queue is to be asked to take (no turn is pending).
    func add(_ item: Item) -> Bool {
        items.withLock {
            $0.list.append(item)
            guard !$0.scheduled else { return false }
            $0.scheduled = true
            return true
        }
    }

    /// Whether everything added was taken.
    var isEmpty: Bool { items.withLock { $0.list.isEmpty } }

    /// Up to `count` items, oldest first, and whether more wait (a turn stays pending).
    func take(_ count: Int) -> ([Item], Bool) {
        items.withLock {
            let batch = Array($0.list.prefix(count))
            $0.list.removeFirst(batch.count)
            $0.scheduled = !$0.list.isEmpty
            return (batch, $0.scheduled)
        }
    }
}

extension ChannelKinds {
    /// The follower of an answering channel (`answers = true`), answered by `person`, on `queue`;
    /// nil for a kind answers do not come back through.
    public static func follower(
        of channel: Channel, person: Person, context: ChannelContext, queue: DispatchQueue, keeping: Bool,
        hooks: FollowerHooks
    ) -> (any Following)? {
        guard let inbox = inbox(of: channel, person: person, context: context) else { return nil }
        return follower(channel, person, inbox, queue, keeping ? context.stateDirectory : nil, hooks)
    }

    private static func follower(
        _ channel: Channel, _ person: Person, _ inbox: some AnswerInbox, _ queue: DispatchQueue,
        _ directory: String?, _ hooks: FollowerHooks
    ) -> any Following {
        AnswerFollower(
            channel: channel, person: person, inbox: inbox, queue: queue, stateDirectory: directory, hooks: hooks)
    }
}
