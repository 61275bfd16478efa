import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// Structured entries for the systemd journal, through libsystemd's `sd_journal_sendv`: each
/// field `KEY=value`, values of any bytes and any size (the library passes a large entry through
/// a memfd).
public enum Journal {
    /// Where journald listens; without it entries cannot be written.
    public static let socketPath = "/run/systemd/journal/socket"

    /// Whether a journald is listening.
    public static var isAvailable: Bool { access(socketPath, W_OK) == 0 }

    /// Sends one entry made of `FIELD=value` pairs; returns 0 or a negative errno.
    @discardableResult
    public static func send(_ fields: [(String, String)]) -> Int32 {
        guard !fields.isEmpty else { return -EINVAL }
        // The fields one after another, each an iovec into the one buffer.
        var buffer: [UInt8] = []
        var spans: [Range<Int>] = []
        for (key, value) in fields {
            let start = buffer.count
            buffer += key.utf8
            buffer.append(UInt8(ascii: "="))
            buffer += value.utf8
            spans.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return -EINVAL }
            let vectors = spans.map { iovec(iov_base: base + $0.lowerBound, iov_len: $0.count) }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
    }
}
