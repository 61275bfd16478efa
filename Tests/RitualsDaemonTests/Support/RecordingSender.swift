import Foundation
import RitualsChannels

@testable import RitualsDaemon

/// The channels as a test sees them: every attempt recorded, answered at once as sent (with an
/// id, as a Matrix or ntfy server names what was posted) or failed, as the test asks.
final class RecordingSender: ChannelSender, @unchecked Sendable {
    private let lock = NSLock()
    private var attempts: [Outbox.Message] = []
    private var failing: [String: Int] = [:]

    func send(_ message: Outbox.Message, done: @escaping @Sendable (ChannelOutcome) -> Void) {
        let fails = lock.withLock { () -> Bool in
            attempts.append(message)
            guard let left = failing[message.channel.name], left > 0 else { return false }
            failing[message.channel.name] = left - 1
            return true
        }
        done(fails ? .failed("the test's server is down") : .sent(output: "$post-\(lock.withLock { attempts.count })"))
    }

    /// The next `count` attempts through `channel` fail.
    func fail(_ channel: String, times count: Int) { lock.withLock { failing[channel] = count } }

    /// Every attempt, oldest first.
    var sent: [Outbox.Message] { lock.withLock { attempts } }

    /// The events sent through `channel`, as `ritual:event` (the attempts, each once).
    func events(through channel: String) -> [String] {
        sent.filter { $0.channel.name == channel }.map { "\($0.message.ritualID):\($0.message.event)" }
    }
}
