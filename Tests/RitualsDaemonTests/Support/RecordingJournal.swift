import Foundation
import Logging

/// The journal and the log as a test sees them: each entry's fields, each log line.
final class RecordingJournal: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [[String: String]] = []
    private var lines: [(Logger.Level, String)] = []

    /// Takes one entry, as journald would.
    func take(_ fields: [(String, String)]) -> Bool {
        lock.withLock { entries.append(Dictionary(fields, uniquingKeysWith: { a, _ in a })) }
        return true
    }

    func log(_ level: Logger.Level, _ message: String) { lock.withLock { lines.append((level, message)) } }

    /// The entries whose RITUAL_EVENT is `event`, oldest first.
    func entries(_ event: String) -> [[String: String]] {
        lock.withLock { entries.filter { $0["RITUAL_EVENT"] == event } }
    }

    /// Log lines at `level` or above.
    func logged(atLeast level: Logger.Level) -> [String] { lock.withLock { lines.filter { $0.0 >= level }.map(\.1) } }

    /// A logger that writes here.
    func logger() -> Logger {
        Logger(label: "rituald-test") { _ in RecordingLogHandler(journal: self) }
    }
}

/// A log handler that hands every line to the test's journal.
struct RecordingLogHandler: LogHandler {
    let journal: RecordingJournal
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) { journal.log(event.level, "\(event.message)") }
}
