#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on a file (flock) held while this value lives, with the holder's pid
/// written in the file so that a refused second process can name the first.
public final class LockFile: @unchecked Sendable {
    public let path: String
    private let fd: Int32

    /// Takes the lock on `path` (created 0600) without waiting.
    public init(_ path: String) throws(LockError) {
        self.path = path
        let fd = Syscall.retrying { open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { throw .failed(SystemError("cannot open \(path)")) }
        guard Syscall.retrying({ flock(fd, LOCK_EX | LOCK_NB) }) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = max(pread(fd, &buffer, buffer.count, 0), 0)
            close(fd)
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            throw .held(pid: String((text.split(separator: "\n").first ?? "").filter { $0.isNumber }))
        }
        self.fd = fd
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Writes `note` on the line after the pid, for whoever finds the lock held.
    public func note(_ note: String) {
        let text = Array("\(getpid())\n\(note)\n".utf8)
        ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// The note of the lock file at `path`, as written by its holder; nil when there is none.
    public static func note(at path: String) -> String? {
        let fd = Syscall.retrying { open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = max(pread(fd, &buffer, buffer.count, 0), 0)
        let lines = String(decoding: buffer[0..<n], as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        return lines.count >= 3 && !lines[1].isEmpty ? String(lines[1]) : nil
    }

    deinit { close(fd) }
}

/// Why the lock was not taken.
public enum LockError: Error, Sendable {
    /// Another process holds it; its pid as written in the file, or empty.
    case held(pid: String)
    case failed(SystemError)
}
