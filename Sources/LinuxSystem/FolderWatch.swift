import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// Follows a folder that may come and go: while it exists, an inotify watch on it tells which
/// names in it were written, moved in or removed; while it does not, a watch on its nearest
/// existing parent tells when something appears there. Deleting, moving or unmounting the folder
/// is noticed too. One descriptor, no polling; call ``aim()`` after each batch that asks for it.
public final class FolderWatch: @unchecked Sendable {
    /// The descriptor to watch for reading.
    public let fd: Int32
    public let path: String
    /// The watch on the folder itself, while it exists.
    private var folderWatch: Int32 = -1
    /// The watch on the nearest existing parent, while the folder does not exist.
    private var parentWatch: Int32 = -1

    /// What a batch of events says.
    public struct Events: Sendable {
        /// Names inside the folder that changed.
        public var names: [String] = []
        /// The folder itself came, went or may have: call ``aim()``.
        public var reaim = false

        public init(names: [String] = [], reaim: Bool = false) {
            self.names = names
            self.reaim = reaim
        }
    }

    public init(_ path: String) throws(SystemError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw SystemError("cannot watch \(path)") }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Watches the folder when it is there, else its nearest existing parent; returns whether
    /// the folder is there.
    @discardableResult
    public func aim() -> Bool {
        let folderMask = UInt32(
            IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF
                | IN_ONLYDIR)
        let found = inotify_add_watch(fd, path, folderMask)
        if found >= 0 {
            if folderWatch >= 0 && folderWatch != found { inotify_rm_watch(fd, folderWatch) }
            if parentWatch >= 0 && parentWatch != found { inotify_rm_watch(fd, parentWatch) }
            folderWatch = found
            parentWatch = -1
            return true
        }
        if folderWatch >= 0 { inotify_rm_watch(fd, folderWatch) }
        folderWatch = -1
        let parentMask = UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        var parent = path
        while true {
            parent = FolderWatch.parent(of: parent)
            let wd = inotify_add_watch(fd, parent, parentMask)
            if wd >= 0 {
                if parentWatch >= 0 && parentWatch != wd { inotify_rm_watch(fd, parentWatch) }
                parentWatch = wd
                return false
            }
            if parent == "/" { return false }
        }
    }

    /// "/a/b/c" → "/a/b"; "/a" → "/".
    public static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/"), slash != trimmed.startIndex else { return "/" }
        return String(trimmed[..<slash])
    }

    /// Reads the waiting events.
    public func read() -> Events {
        var events = Events()
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = Syscall.retrying { Glibc.read(fd, &buffer, buffer.count) }
            guard n > 0 else { break }
            for (wd, mask, name) in FolderWatch.events(in: buffer[0..<n]) {
                let selfChanged = UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED | IN_Q_OVERFLOW)
                if wd == parentWatch || mask & selfChanged != 0 {
                    events.reaim = true
                } else if wd == folderWatch, !name.isEmpty {
                    events.names.append(name)
                }
            }
        }
        return events
    }

    /// Watch descriptor, mask and name of each event in a buffer of inotify events.
    static func events(in bytes: ArraySlice<UInt8>) -> [(Int32, UInt32, String)] {
        var out: [(Int32, UInt32, String)] = []
        var i = bytes.startIndex
        let header = MemoryLayout<inotify_event>.size
        while i + header <= bytes.endIndex {
            let wd = bytes[i..<(i + 4)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
            let mask = bytes[(i + 4)..<(i + 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            let length = bytes[(i + 12)..<(i + 16)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            let nameStart = i + header
            let nameEnd = min(nameStart + Int(length), bytes.endIndex)
            out.append((wd, mask, String(decoding: bytes[nameStart..<nameEnd].prefix { $0 != 0 }, as: UTF8.self)))
            i = nameEnd
        }
        return out
    }
}
