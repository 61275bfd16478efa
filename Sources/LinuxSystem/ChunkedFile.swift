import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A file read a chunk at a time, opened without following a symbolic link and without waiting
/// (a FIFO or a device is refused at once, never read), so that memory follows the chunk and not
/// the file. Chunks of a line-oriented file end at a newline (but for a line longer than a chunk,
/// and the last one, which may have none).
public final class ChunkedFile {
    public let path: String
    /// The file's length when it was opened.
    public let size: Int
    /// The file's inode: a file replaced by another (a rename over it) has a new one.
    public let inode: UInt64
    private let fd: Int32
    /// Bytes read at once.
    public static let chunkSize = 1 << 20

    /// Opens `path` for reading; nil when there is no file there.
    public init?(_ path: String) throws(SystemError) {
        self.path = path
        let fd = Syscall.retrying { open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw SystemError("cannot read \(path)")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = SystemError("cannot read \(path)")
            close(fd)
            throw failure
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw SystemError("cannot read \(path)", code: EINVAL, reason: ChunkedFile.kind(info.st_mode))
        }
        self.fd = fd
        size = Int(info.st_size)
        inode = UInt64(info.st_ino)
    }

    deinit { close(fd) }

    /// The whole file.
    public func contents() throws(SystemError) -> Data {
        var data = Data()
        try read(from: 0) { data.append($0) }
        return data
    }

    /// What a file that is not a plain one is.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "it is a directory, not a file"
        case S_IFIFO: return "it is a FIFO (a pipe), not a plain file"
        case S_IFSOCK: return "it is a socket, not a plain file"
        case S_IFCHR, S_IFBLK: return "it is a device, not a plain file"
        default: return "it is not a plain file"
        }
    }

    /// Calls `body` with the file's bytes from `offset` on, in chunks that end at a newline.
    public func read(from offset: Int, _ body: (Data) -> Void) throws(SystemError) {
        try read(from: offset, upTo: Int.max, body)
    }

    /// Calls `body` with the file's bytes from `offset` to `end` (or its end), in chunks that end
    /// at a newline but for the last.
    public func read(from offset: Int, upTo end: Int, _ body: (Data) -> Void) throws(SystemError) {
        var position = off_t(offset)
        var carry = Data()
        var buffer = [UInt8](repeating: 0, count: ChunkedFile.chunkSize)
        while Int(position) < end {
            let want = min(buffer.count, end - Int(position))
            let n = Syscall.retrying { pread(fd, &buffer, want, position) }
            guard n >= 0 else { throw SystemError("cannot read \(path)") }
            if n == 0 { break }
            position += off_t(n)
            carry.append(contentsOf: buffer[0..<n])
            if let newline = carry.lastIndex(of: 0x0A) {
                body(carry.subdata(in: carry.startIndex..<(newline + 1)))
                carry = carry.subdata(in: (newline + 1)..<carry.endIndex)
            } else if carry.count >= ChunkedFile.chunkSize {
                body(carry)
                carry = Data()
            }
        }
        if !carry.isEmpty { body(carry) }
    }
}
