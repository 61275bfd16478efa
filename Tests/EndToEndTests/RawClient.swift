import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A deliberately badly behaved client of the control socket.
final class RawClient {
    let fd: Int32

    init?(path: String) {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in Array(path.utf8).enumerated() where i < raw.count - 1 { raw[i] = b }
        }
        let size = socklen_t(MemoryLayout<sockaddr_un>.size)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) }
        }
        guard fd >= 0, connected == 0 else { return nil }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends what it can of `data`; the bytes accepted.
    @discardableResult
    func send(_ data: Data) -> Int {
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return Glibc.send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { break }
            offset += n
        }
        return offset
    }

    /// Stops sending (a half-close).
    func finish() { shutdown(fd, Int32(SHUT_WR)) }

    /// Everything until the daemon closes the connection or 5 s pass; nil on a timeout.
    func readToEnd() -> Data? {
        var all = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return all }
            if n < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? nil : all }
            all.append(contentsOf: buffer[0..<n])
        }
    }
}
