import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A NOTIFY_SOCKET as systemd provides one: a datagram socket that collects sd_notify messages.
final class NotifyListener {
    let path: String
    let fd: Int32

    init() throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            for (i, b) in bytes.enumerated() where i < raw.count - 1 { raw[i] = b }
        }
        let size = socklen_t(MemoryLayout<sockaddr_un>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
        }
        guard fd >= 0, bound == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The next message, waiting at most `seconds`; nil on timeout.
    func next(within seconds: Int) -> String? {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }

    /// Waits for a message containing `text`, skipping others; nil when `seconds` (at least
    /// ``TestDesktop/patience``) pass first.
    func wait(for text: String, within seconds: Int) -> String? {
        let deadline = Date().addingTimeInterval(max(TimeInterval(seconds), TestDesktop.patience))
        while Date() < deadline {
            if let m = next(within: max(1, Int(deadline.timeIntervalSinceNow.rounded(.up)))), m.contains(text) {
                return m
            }
        }
        return nil
    }
}
