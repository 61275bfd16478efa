import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Durable file writes and the file calls around them, EINTR retried, failures as ``SystemError``.
public enum FileIO {
    /// Creates `path` as a directory private to the user (0700) unless it exists.
    public static func makePrivateDirectory(_ path: String) throws(SystemError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw SystemError("cannot create \(path)") }
    }

    /// Appends `data` to `path` (created 0600, never through a symbolic link) and fsyncs it
    /// before returning; returns the file's new length. A write cut short (a full disk) is taken
    /// back: the file keeps its old length, so every line in it is whole.
    @discardableResult
    public static func appendDurably(_ data: Data, to path: String) throws(SystemError) -> Int {
        let fd = try Syscall.checked("cannot write \(path)") {
            open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        defer { close(fd) }
        let start = lseek(fd, 0, SEEK_END)
        do throws(SystemError) {
            try writeAll(data, fd: fd, path: path)
            try Syscall.checked("cannot write \(path)") { fsync(fd) }
        } catch {
            if start >= 0 { _ = Syscall.retrying { ftruncate(fd, start) } }
            throw error
        }
        return Int(lseek(fd, 0, SEEK_END))
    }

    /// Copies the file at `source` to a new private file at `path`, a chunk at a time.
    public static func copyNew(_ source: String, to path: String) throws(SystemError) {
        guard let file = try ChunkedFile(source) else { throw SystemError("cannot read \(source)", code: ENOENT) }
        let fd = try Syscall.checked("cannot write \(path)") {
            open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        defer { close(fd) }
        var failure: SystemError?
        try file.read(from: 0) { chunk in
            guard failure == nil else { return }
            do throws(SystemError) { try writeAll(chunk, fd: fd, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Puts a new private file with `data` at `path`, whole or not at all, unless a file is
    /// already there: written and fsynced under a name of its own, then linked into place (which
    /// fails when another process put one there first). False when `path` already existed.
    public static func placeNew(_ path: String, with data: Data) throws(SystemError) -> Bool {
        let temporary = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = try Syscall.checked("cannot write \(temporary)") {
            open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        defer { unlink(temporary) }
        do throws(SystemError) {
            try writeAll(data, fd: fd, path: temporary)
            try Syscall.checked("cannot write \(temporary)") { fsync(fd) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw SystemError("cannot write \(path)")
        }
        syncDirectory(of: path)
        return true
    }

    /// Replaces `path` by `data` atomically: a temporary file written and fsynced, renamed over
    /// the old one, then the directory fsynced, so a crash leaves either the old or the new file.
    public static func replaceAtomically(_ path: String, with data: Data) throws(SystemError) {
        let temporary = path + ".tmp"
        unlink(temporary)  // left by a crash, or planted: never written through
        let fd = try Syscall.checked("cannot write \(temporary)") {
            open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        do throws(SystemError) {
            try writeAll(data, fd: fd, path: temporary)
            try Syscall.checked("cannot write \(temporary)") { fsync(fd) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let failure = SystemError("cannot write \(path)")
            unlink(temporary)
            throw failure
        }
        syncDirectory(of: path)
    }

    /// The owner's uid of `path`, its permission bits (sticky included) and whether it is a
    /// symbolic link (not followed).
    public static func owner(of path: String) throws(SystemError) -> (uid: UInt32, mode: UInt32, isLink: Bool) {
        var info = stat()
        try Syscall.checked("cannot look at \(path)") { lstat(path, &info) }
        return (info.st_uid, info.st_mode & 0o7777, info.st_mode & S_IFMT == S_IFLNK)
    }

    /// Renames `path` to `newPath` in the same directory, durably; fails when `newPath` exists.
    public static func move(_ path: String, to newPath: String) throws(SystemError) {
        guard access(newPath, F_OK) != 0 else { throw SystemError("cannot rename \(path) to \(newPath)", code: EEXIST) }
        guard Glibc.rename(path, newPath) == 0 else { throw SystemError("cannot rename \(path) to \(newPath)") }
        syncDirectory(of: path)
    }

    /// The directory `path` is in: what comes before its last slash ("/" for "/x", "" for "x").
    public static func directory(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// Makes a rename or creation in `path`'s directory durable.
    static func syncDirectory(of path: String) {
        let directory = FileIO.directory(of: path)
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = Syscall.retrying { fsync(dfd) }
            close(dfd)
        }
    }

    /// Removes the file at `path`, if there is one.
    public static func remove(_ path: String) { unlink(path) }

    /// Writes all of `data` to `fd`; a write that makes no progress counts as a full disk.
    static func writeAll(_ data: Data, fd: Int32, path: String) throws(SystemError) {
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return Syscall.retrying { write(fd, base + offset, bytes.count - offset) }
            }
            guard n > 0 else { throw SystemError("cannot write \(path)", code: n == 0 ? ENOSPC : errno) }
            offset += n
        }
    }
}
