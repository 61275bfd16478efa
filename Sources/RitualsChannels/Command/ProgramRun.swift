import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsCore

/// One program run to its end or its time limit, never through a shell: what a command channel
/// and apprise are. Blocking: call it off the daemon's queue.
enum ProgramRun {
    /// How the program ended.
    enum Ended {
        case sent(String)
        case exited(Int32, String)
        case failed(String)
    }

    /// Output kept at most: the rest is read and dropped.
    static let outputLimit = 4096
    /// After a timeout, how long the child has to end before it is killed.
    static let killGrace = Duration.seconds(2)

    /// Runs `path` with `arguments` to its end or `timeout`; its exit and what it printed (bounded).
    static func run(_ path: String, _ arguments: [String], environment: [String: String], timeout: Duration) -> Ended {
        let process: ChildProcess
        do {
            process = try ChildProcess(path, arguments, environment: environment, mergeErrors: true)
        } catch {
            return .failed(error.description)
        }
        let race = FirstOf()
        let deadline = DispatchTime.now() + DispatchTimeInterval(timeout)
        // The timers hold the child weakly: once it ended and was read, its pipes close at once,
        // not when a long timeout passes.
        DispatchQueue.global().asyncAfter(deadline: deadline) { [weak process] in
            guard let process, race.arrive(.timeout) == .timeout else { return }
            process.terminate()
            DispatchQueue.global().asyncAfter(deadline: .now() + DispatchTimeInterval(killGrace)) {
                [weak process] in process?.kill()
            }
        }
        let kept = ChildProcess.drain(process.readOutput, limit: outputLimit)
        let status = process.wait()
        let ended = race.arrive(.end) == .timeout
        let output = String(decoding: kept, as: UTF8.self).trimmingBlanks
        if ended { return .failed("no answer within \(timeout.spoken)") }
        return status == 0 ? .sent(output) : .exited(status, output)
    }
}

/// Which of the timeout and the end of the child came first.
final class FirstOf: @unchecked Sendable {
    enum Party { case timeout, end }
    private let lock = Lock()
    private var first: Party?

    /// Records `party` unless the other came first; the one that came first.
    func arrive(_ party: Party) -> Party {
        lock.withLock {
            if first == nil { first = party }
            return first ?? party
        }
    }
}
