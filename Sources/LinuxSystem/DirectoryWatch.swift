import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// An inotify descriptor on one directory, telling which names in it were created, written,
/// moved in, deleted or changed their attributes.
public final class DirectoryWatch: @unchecked Sendable {
    /// The descriptor to watch for reading.
    public let fd: Int32

    public init(_ directory: String) throws(SystemError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw SystemError("cannot watch \(directory)") }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            let failure = SystemError("cannot watch \(directory)")
            close(fd)
            throw failure
        }
        // Set only now: a failed init must not leave a descriptor for deinit to close again.
        self.fd = fd
    }

    deinit { close(fd) }

    /// The names the waiting events concern.
    public func changedNames() -> [String] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = Syscall.retrying { read(fd, &buffer, buffer.count) }
        return n > 0 ? DirectoryWatch.names(in: buffer[0..<n]) : []
    }

    /// File names in a buffer of inotify events.
    static func names(in bytes: ArraySlice<UInt8>) -> [String] { FolderWatch.events(in: bytes).map(\.2) }
}
