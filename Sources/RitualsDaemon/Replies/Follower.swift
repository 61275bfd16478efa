import Dispatch
import Logging
import RitualsChannels
import RitualsCore

/// What follows one answering channel while posts wait for their answers: who answers there, what
/// its server last said wrong, and the retrying after failures. ``RoomFollower`` (Matrix) and
/// ``TopicFollower`` (ntfy) do the reading. Used on the daemon's queue only.
class Follower: @unchecked Sendable {
    let name: String
    let person: Person
    /// The channel as the config had it when the follower was made.
    let channel: Channel
    let clock: any DaemonClock
    let inputs: Inputs
    let logger: Logger
    /// What the server last said wrong, nil once it answers again.
    private(set) var problem: String?
    /// What came back that was no answer, since start.
    var ignored = 0
    /// The request under way, if any.
    var reading: Curl?
    private var retry: (any ClockTimer)?
    private var failures = 0
    private(set) var stopped = false
    /// The snooze a Snooze answer gives when it says none.
    var snooze = Duration.minutes(10)

    /// The longest pause between attempts after failures, seconds.
    static let longestPause = 300.0

    init(name: String, channel: Channel, person: Person, clock: any DaemonClock, inputs: Inputs, logger: Logger) {
        self.name = name
        self.channel = channel
        self.person = person
        self.clock = clock
        self.inputs = inputs
        self.logger = logger
    }

    var queue: DispatchQueue { inputs.queue }

    /// Answers heard through the channel: handed to the daemon, to be checked and recorded.
    func heard(_ answers: [GivenAnswer]) { inputs.send(.answers(answers)) }

    /// Posts waiting for their answers.
    var waiting: Int { 0 }

    /// Whether a read is under way.
    var isReading: Bool { reading != nil }

    /// Whether a read may start: not stopped, none under way, no retry pending.
    var mayRead: Bool { !stopped && reading == nil && retry == nil }

    /// A post through the channel that waits for an answer (`event`: what the server called it).
    func posted(event: String, ritual: String, occurrence: Instant, now: Instant) {}

    /// Reads while a post waits.
    func follow() {}

    /// The server answered: what it said wrong is past.
    func answering(_ server: String) {
        if problem != nil { logger.notice("\(name): \(server) answers again") }
        problem = nil
        failures = 0
    }

    /// The server failed: said once in the journal and in `status`, and tried again after a pause
    /// that grows with each failure in a row.
    func failed(_ failure: ServerFailure) {
        failures += 1
        if problem != failure.description { logger.warning("\(name): \(failure)") }
        problem = failure.description
        let pause = failure.pause(after: failures, longest: Follower.longestPause)
        retry = clock.timer(after: .microseconds(Int(pause * 1e6)), queue: queue) { [weak self] in
            self?.retry = nil
            self?.follow()
        }
    }

    /// Stops reading (at stop, or when the channel is gone from the config).
    func stop() {
        stopped = true
        reading?.cancel()
        retry?.cancel()
    }
}
