#if canImport(Glibc)
    import Glibc
#endif

/// Structured entries for the systemd journal, in journald's native protocol: one datagram per
/// entry on its socket, each field `KEY=value` and a line break, a value that holds a line break
/// written as `KEY`, a line break, its length (64 bits, little-endian), the bytes, a line break.
/// No library needed.
public enum Journal {
    /// Where journald listens; without it entries cannot be written.
    public static let socketPath = "/run/systemd/journal/socket"

    /// Whether a journald is listening.
    public static var isAvailable: Bool { access(socketPath, W_OK) == 0 }

    /// The datagram of one entry.
    public static func datagram(_ fields: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (key, value) in fields {
            let bytes = Array(value.utf8)
            out += Array(key.utf8)
            if bytes.contains(0x0A) {
                out.append(0x0A)
                var length = UInt64(bytes.count).littleEndian
                withUnsafeBytes(of: &length) { out += $0 }
            } else {
                out.append(0x3D)
            }
            out += bytes
            out.append(0x0A)
        }
        return out
    }

    /// Sends one entry made of `FIELD=value` pairs; returns 0 or a negative errno.
    @discardableResult
    public static func send(_ fields: [(String, String)]) -> Int32 {
        Datagram.send(datagram(fields), to: socketPath)
    }
}

/// One datagram to a Unix socket, from a socket made for it.
enum Datagram {
    /// Sends `bytes` to the socket at `path` (a leading `@` names one in the abstract namespace);
    /// 0 or a negative errno.
    static func send(_ bytes: [UInt8], to path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -errno }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var name = Array(path.utf8)
        if name.first == UInt8(ascii: "@") { name[0] = 0 }
        guard !name.isEmpty, name.count < MemoryLayout.size(ofValue: address.sun_path) else { return -ENAMETOOLONG }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in name.enumerated() { raw[i] = b }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + name.count + (name[0] == 0 ? 0 : 1))
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
        return sent < 0 ? -errno : 0
    }
}
