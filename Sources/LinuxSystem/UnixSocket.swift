import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The calls behind the control socket: a stream socket on a path, EINTR retried, failures as
/// ``SystemError``.
public enum UnixSocket {
    /// A `sockaddr_un` for `path`; nil when the path is too long.
    static func address(_ path: String) -> sockaddr_un? {
        let bytes = Array(path.utf8)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        return address
    }

    /// A new stream socket, close-on-exec.
    public static func stream() throws(SystemError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("cannot make a socket") }
        return fd
    }

    /// Connects `fd` to the socket at `path`.
    public static func connect(_ fd: Int32, to path: String) throws(SystemError) {
        guard var address = address(path) else { throw SystemError("cannot connect to \(path)", code: ENAMETOOLONG) }
        let size = socklen_t(MemoryLayout<sockaddr_un>.size)
        // Not retried on EINTR: an interrupted connect goes on by itself.
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, size) }
        }
        guard result == 0 else { throw SystemError("cannot connect to \(path)") }
    }

    /// Binds `fd` to `path`, readable and writable by the owner only, and listens without
    /// blocking (``accept(_:)`` returns nil when no client waits).
    public static func listen(_ fd: Int32, at path: String) throws(SystemError) {
        guard var address = address(path) else { throw SystemError("cannot listen on \(path)", code: ENAMETOOLONG) }
        let size = socklen_t(MemoryLayout<sockaddr_un>.size)
        let old = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
        }
        let code = errno
        umask(old)
        guard bound == 0 else { throw SystemError("cannot listen on \(path)", code: code) }
        guard Glibc.listen(fd, 64) == 0 else { throw SystemError("cannot listen on \(path)") }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    /// Accepts one pending connection (close-on-exec); nil when none is waiting.
    public static func accept(_ listener: Int32) -> Int32? {
        let fd = Syscall.retrying { Glibc.accept(listener, nil, nil) }
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// Sets how long a blocking read or write on `fd` may wait.
    public static func setTimeouts(_ fd: Int32, _ span: Duration) {
        let (seconds, attoseconds) = span.components
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, size)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, size)
    }

    /// The uid and pid of the process at the other end.
    public static func peer(_ fd: Int32) -> (uid: uid_t, pid: pid_t)? {
        // struct ucred (pid, uid, gid), which Glibc only declares under _GNU_SOURCE.
        var credentials: [Int32] = [0, 0, 0]
        var size = socklen_t(3 * MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0 else { return nil }
        return (uid_t(bitPattern: credentials[1]), credentials[0])
    }

    /// Writes all of `data`; false when the peer is gone or too slow.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return Syscall.retrying { send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// What a read gave.
    public enum Received: Equatable, Sendable {
        case data(Data)
        /// The peer closed its end.
        case end
        /// Nothing there yet (non-blocking), or the receive timeout passed (blocking).
        case nothingYet
        case failed(SystemError)
    }

    /// Reads what is there, up to `limit` bytes.
    public static func receive(_ fd: Int32, limit: Int = 65_536) -> Received {
        var buffer = [UInt8](repeating: 0, count: limit)
        let n = Syscall.retrying { recv(fd, &buffer, limit, 0) }
        if n > 0 { return .data(Data(buffer[0..<n])) }
        if n == 0 { return .end }
        if errno == EAGAIN || errno == EWOULDBLOCK { return .nothingYet }
        return .failed(SystemError("cannot read from the socket"))
    }

    /// Reads what is there, up to `limit` bytes: empty at end of file, nil on error or timeout.
    public static func read(_ fd: Int32, limit: Int = 65_536) -> Data? {
        switch receive(fd, limit: limit) {
        case .data(let data): return data
        case .end: return Data()
        case .nothingYet, .failed: return nil
        }
    }

    /// Writes what the socket takes now without waiting; the bytes written (0 when it is full),
    /// nil when the peer is gone.
    public static func sendSome(_ fd: Int32, _ data: Data) -> Int? {
        let n = data.withUnsafeBytes { bytes -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            return Syscall.retrying { send(fd, base, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
        }
        if n >= 0 { return n }
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : nil
    }

    /// Makes reads and writes on `fd` return at once instead of waiting.
    public static func setNonBlocking(_ fd: Int32) { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }

    /// Closes a socket.
    public static func close(_ fd: Int32) { _ = Glibc.close(fd) }
}
