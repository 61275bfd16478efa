import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's durable file writes, every libc call in one place, EINTR retried, errno turned
/// into a message once.
public enum FileIO {
    /// A write that failed, with the path and the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let code: Int32
        /// The system's reason, such as "No space left on device".
        public var reason: String { String(cString: strerror(code)) }
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Creates `path` as a directory private to the user (0700) unless it exists.
    static func makePrivateDirectory(_ path: String) throws(Failure) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw Failure(path: path, code: errno) }
    }

    /// Appends `data` to `path` (created 0600) and fsyncs it before returning; returns the
    /// file's new length.
    @discardableResult
    static func appendDurably(_ data: Data, to path: String) throws(Failure) -> Int {
        let fd = retrying { open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { throw Failure(path: path, code: errno) }
        defer { close(fd) }
        try writeAll(data, fd: fd, path: path)
        guard retrying({ fsync(fd) }) == 0 else { throw Failure(path: path, code: errno) }
        return Int(lseek(fd, 0, SEEK_END))
    }

    /// Replaces `path` by `data` atomically: a temporary file written and fsynced, renamed over
    /// the old one, then the directory fsynced, so a crash leaves either the old or the new file.
    static func replaceAtomically(_ path: String, with data: Data) throws(Failure) {
        let temporary = path + ".tmp"
        let fd = retrying { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { throw Failure(path: temporary, code: errno) }
        do throws(Failure) {
            try writeAll(data, fd: fd, path: temporary)
            guard retrying({ fsync(fd) }) == 0 else { throw Failure(path: temporary, code: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: path, code: code)
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = retrying { fsync(dfd) }
            close(dfd)
        }
    }

    private static func writeAll(_ data: Data, fd: Int32, path: String) throws(Failure) {
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return retrying { write(fd, base + offset, bytes.count - offset) }
            }
            guard n > 0 else { throw Failure(path: path, code: n == 0 ? ENOSPC : errno) }
            offset += n
        }
    }

    private static func retrying<T: FixedWidthInteger>(_ call: () -> T) -> T {
        var result = call()
        while result == -1 && errno == EINTR { result = call() }
        return result
    }
}
