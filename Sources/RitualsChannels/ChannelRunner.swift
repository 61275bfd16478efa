import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsCore

/// Runs one delivery through one channel and waits for it, at most the channel's timeout: the
/// `apprise` tool with the channel's URLs file, or the channel's program with the event in its
/// environment. Blocking: call it off the daemon's queue.
public enum ChannelRunner {
    /// How a delivery ended.
    public enum Outcome: Sendable, Equatable {
        /// Sent; what the program printed (bounded), or the id of what was posted (Matrix, ntfy).
        case sent(output: String)
        /// Not sent, and why (secrets taken out).
        case failed(String)
    }

    /// Output kept at most: the rest is read and dropped.
    static let outputLimit = 4096
    /// After a timeout, how long the child has to end before it is killed.
    static let killGrace = 2.0

    public static func run(_ channel: Channel, _ message: ChannelMessage) -> Outcome {
        switch channel.kind {
        case .apprise(let file):
            guard let apprise = ChildProcess.find("apprise") else {
                return .failed("apprise is not installed (Debian package apprise)")
            }
            if let problem = UserDirectories.privateFileProblem(file) { return .failed(problem) }
            let arguments = [
                "--config", file, "--title", message.title, "--body",
                message.body.isEmpty ? message.title : message.body,
                "--notification-type", message.type, "-v",
            ]
            guard let redaction = Redaction(urlsFile: file) else {
                return .failed(
                    "\(file) is longer than \(Redaction.maxFile / 1024) KiB, too long for a list of Apprise URLs "
                        + "(its secrets could not all be kept out of messages); shorten it")
            }
            switch execute(apprise, arguments, environment: [:], timeout: channel.timeout) {
            case .failed(let why): return .failed(redaction.apply(why))
            case .sent(let output): return .sent(output: redaction.apply(output))
            case .exited(let status, let output):
                // apprise says what went wrong in its WARNING and ERROR lines.
                let lines = output.split(whereSeparator: \.isNewline).compactMap { line -> String? in
                    for level in [" - ERROR - ", " - WARNING - "] {
                        if let r = line.range(of: level) { return String(line[r.upperBound...]) }
                    }
                    return nil
                }
                let why = lines.isEmpty ? "apprise exited with status \(status)" : lines.joined(separator: "; ")
                return .failed(redaction.apply(why))
            }
        case .matrix(let room):
            let client = MatrixClient(room)
            let text = message.chatText(answers: channel.answers)
            let transaction =
                message.reference.isEmpty ? "\(message.ritualID)-\(message.occurrence.microseconds)" : message.reference
            switch client.post(text, transaction: transaction) {
            case .failure(let f): return .failed(f.description)
            case .success(let id):
                if channel.answers && message.wantsAnswer,
                    case .failure(let f) = client.addReactions(to: id, transaction: transaction)
                {
                    return .failed("posted, but the answer reactions could not be added: \(f)")
                }
                return .sent(output: id)
            }
        case .ntfy(let topic):
            switch NtfyClient(topic, channel: channel.name).publish(message, answers: channel.answers) {
            case .failure(let f): return .failed(f.description)
            case .success(let id): return .sent(output: id)
            }
        case .command(let argv):
            guard let program = argv.first, let path = ChildProcess.find(program) else {
                return .failed("\(argv.first ?? "the program") is not installed or not on PATH")
            }
            switch execute(path, Array(argv.dropFirst()), environment: message.environment, timeout: channel.timeout) {
            case .failed(let why): return .failed(why)
            case .sent(let output): return .sent(output: output)
            case .exited(let status, let output):
                let last = output.split(whereSeparator: \.isNewline).last.map { ": " + $0 } ?? ""
                return .failed("\(program) exited with status \(status)\(last)")
            }
        }
    }

    enum Ran {
        case sent(String)
        case exited(Int32, String)
        case failed(String)
    }

    /// Runs a program to its end or its timeout; its exit and what it printed (bounded).
    static func execute(_ path: String, _ arguments: [String], environment: [String: String], timeout: Duration)
        -> Ran
    {
        let process: ChildProcess
        do {
            process = try ChildProcess(path, arguments, environment: environment, mergeErrors: true)
        } catch {
            return .failed(error.description)
        }
        let race = FirstOf()
        let deadline = DispatchTime.now() + .microseconds(timeout.microseconds)
        DispatchQueue.global().asyncAfter(deadline: deadline) {
            guard race.arrive(.timeout) == .timeout else { return }
            process.terminate()
            DispatchQueue.global().asyncAfter(deadline: .now() + killGrace) { process.kill() }
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
