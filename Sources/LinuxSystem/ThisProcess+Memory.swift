import FoundationEssentials

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
        guard let exe = link("/proc/self/exe"), let maps = try? ChunkedFile("/proc/self/maps")?.contents() else {
            return 0
        }
        var released = 0
        for line in String(decoding: maps, as: UTF8.self).split(separator: "\n") {
            // start-end perms offset dev inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1] == "r-xp",
                fields[5].drop(while: { $0 == " " }) == exe
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
}
