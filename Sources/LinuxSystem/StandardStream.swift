import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Standard input, output or error: bytes written whole (EINTR retried, short writes
/// continued), a pipe closed at the other end ignored; input read to its end, bounded.
public struct StandardStream: Sendable {
    public let fd: Int32

    public static let output = StandardStream(fd: STDOUT_FILENO)
    public static let error = StandardStream(fd: STDERR_FILENO)
    public static let input = StandardStream(fd: STDIN_FILENO)

    /// What is left to read, at most `limit` bytes (the rest is not read).
    public func readAll(limit: Int) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while data.count < limit {
            let n = Syscall.retrying { Glibc.read(fd, &buffer, min(buffer.count, limit - data.count)) }
            guard n > 0 else { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    public func write(_ data: Data) {
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Syscall.retrying { Glibc.write(fd, base + offset, raw.count - offset) }
                guard n > 0 else { return }
                offset += n
            }
        }
    }

    public func write(_ text: String) { write(Data(text.utf8)) }
}
