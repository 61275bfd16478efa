import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Standard output or standard error: bytes written whole (EINTR retried, short writes
/// continued), a pipe closed at the other end ignored.
public struct StandardStream: Sendable {
    public let fd: Int32

    public static let output = StandardStream(fd: STDOUT_FILENO)
    public static let error = StandardStream(fd: STDERR_FILENO)

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
