import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// Structured entries for the systemd journal, through `sd_journal_sendv` (the variadic
/// `sd_journal_send` cannot be called from Swift).
public enum Journal {
    /// Where journald listens; without it entries cannot be written.
    public static let socketPath = "/run/systemd/journal/socket"

    /// Whether a journald is listening.
    public static var isAvailable: Bool { access(socketPath, W_OK) == 0 }

    /// Sends one entry made of `FIELD=value` pairs; returns 0 or a negative errno.
    @discardableResult
    public static func send(_ fields: [(String, String)]) -> Int32 {
        let lines = fields.map { Array(($0.0 + "=" + $0.1).utf8) }
        let total = lines.reduce(0) { $0 + $1.count }
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
        defer { storage.deallocate() }
        var vectors: [iovec] = []
        var offset = 0
        for line in lines {
            let start = storage + offset
            line.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { start.initialize(from: base, count: line.count) }
            }
            vectors.append(iovec(iov_base: UnsafeMutableRawPointer(start), iov_len: line.count))
            offset += line.count
        }
        return sd_journal_sendv(&vectors, Int32(vectors.count))
    }
}
