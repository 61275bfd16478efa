import CLinux
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// This process's resident memory.
extension ThisProcess {
    /// Gives back the pages of machine code that are resident, the program's own and its
    /// libraries' (libsystemd, libcrypto, libc): start-up (the Swift runtime's initialisation,
    /// reading the config, planning, connecting to the bus) runs once and would otherwise stay
    /// counted for the whole idle life of the daemon. Only executable mappings of files are
    /// touched: they are never written, so a page needed again is read back unchanged from the
    /// page cache. Free pages of the heap go back too. Returns the bytes of code released.
    @discardableResult
    public static func releaseResidentCode() -> Int {
        guard let maps = try? ChunkedFile("/proc/self/maps")?.contents() else { return 0 }
        var released = 0
        for line in String(decoding: maps, as: UTF8.self).split(separator: "\n") {
            // start-end perms offset dev inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1] == "r-xp", fields[5].drop(while: { $0 == " " }).first == "/"
            else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                let address = UnsafeMutableRawPointer(bitPattern: start)
            else { continue }
            if madvise(address, Int(end - start), MADV_DONTNEED) == 0 { released += Int(end - start) }
        }
        // And the heap's free pages, this reading's own among them.
        malloc_trim(0)
        return released
    }
}
