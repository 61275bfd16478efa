#if canImport(Glibc)
    import Glibc
#endif

/// This process's resident memory.
extension ThisProcess {
    /// Gives back the pages of this program's own machine code that are resident: start-up
    /// (Foundation's and the Swift runtime's initialisation, reading the config, planning) runs
    /// once and would otherwise stay counted for the whole idle life of the daemon. Only
    /// executable mappings of the program file are touched: they are never written, so a page
    /// needed again is read back unchanged from the page cache. Returns the bytes released.
    @discardableResult
    public static func releaseResidentCode() -> Int {
        guard let exe = link("/proc/self/exe"), let maps = contents("/proc/self/maps") else { return 0 }
        var released = 0
        for line in maps.split(separator: "\n") {
            // start-end perms offset dev inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1] == "r-xp",
                fields[5].trimmingCharacters(in: " ") == exe
            else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                let address = UnsafeMutableRawPointer(bitPattern: start)
            else { continue }
            if madvise(address, Int(end - start), MADV_DONTNEED) == 0 { released += Int(end - start) }
        }
        return released
    }

    private static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func contents(_ path: String) -> String? {
        let fd = Syscall.retrying { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = Syscall.retrying { read(fd, &chunk, chunk.count) }
            guard n > 0 else { return n == 0 ? String(decoding: out, as: UTF8.self) : nil }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return s
    }
}
