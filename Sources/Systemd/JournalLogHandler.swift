import Logging

/// A swift-log handler that writes each message as a journal entry with its priority and the
/// daemon's identifier; cheap to copy, never throws.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let identifier: String

    public init(identifier: String) { self.identifier = identifier }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// syslog priorities (0 emergency ... 7 debug) for swift-log levels.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("MESSAGE", event.message.description), ("PRIORITY", String(JournalLogHandler.priority(event.level))),
            ("SYSLOG_IDENTIFIER", identifier),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            let name = key.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
            fields.append((String(name), value.description))
        }
        JournalQueue.shared.write(fields)
    }
}
