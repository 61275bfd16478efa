import FoundationEssentials
import RitualsCore
import Synchronization

/// Time zones read from the system's zoneinfo directory, each file read once.
public final class SystemZones: ZoneProvider {
    /// Where Debian's tzdata puts the TZif files.
    public static let defaultDirectory = "/usr/share/zoneinfo"
    public static let shared = SystemZones()

    let directory: String
    private let cache = Mutex<[String: Zone]>([:])

    public init(directory: String = SystemZones.defaultDirectory) { self.directory = directory }

    /// Whether `name` is a zone name systemd would accept: `UTC` or a TZif file under the directory.
    public static func isPlausibleName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count < 4096, name.first != "/", name.last != "/" else { return false }
        var slash = false
        for c in name.utf8 {
            let ok =
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2D || c == 0x5F || c == 0x2B || c == 0x2F
            guard ok else { return false }
            if c == 0x2F {
                if slash { return false }
                slash = true
            } else {
                slash = false
            }
        }
        return true
    }

    /// The zone called `name`, or nil when there is no such zone.
    public func zone(named name: String) -> Zone? {
        if let z = cache.withLock({ $0[name] }) { return z }
        let zone: Zone?
        if name == "UTC" {
            zone = .utc
        } else if SystemZones.isPlausibleName(name),
            let data = FileManager.default.contents(atPath: directory + "/" + name),
            let z = try? Zone(name: name, tzif: [UInt8](data))
        {
            zone = z
        } else {
            zone = nil
        }
        if let zone { cache.withLock { $0[name] = zone } }
        return zone
    }

    /// Why the system's zone cannot be known: `TZ` names no zone, or /etc/localtime holds none.
    public struct LocalZoneError: Error, Sendable, CustomStringConvertible {
        /// What names the zone: `TZ=…` or `/etc/localtime`.
        public var source: String
        public var reason: String
        public var description: String { source + ": " + reason }
    }

    /// The zone local times use: `TZ` when set, else `/etc/localtime`, else (no such file) UTC.
    /// A `TZ` that names no zone (no zone file, not a POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3`,
    /// an offset beyond 24 hours) and an /etc/localtime that is not a zone file are errors that
    /// name them, not UTC in disguise.
    public func localZone(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LocalZoneError) -> Zone {
        // `TZ=:/etc/localtime` (glibc's way of saying "the system's zone, read once") is the system's zone.
        if let tz = environment["TZ"], tz != ":/etc/localtime", tz != "/etc/localtime" {
            var name = Substring(tz)
            if name.first == ":" { name = name.dropFirst() }
            if name.isEmpty { return .utc }
            // glibc also takes a zone file's absolute path: one under the zoneinfo directory is its name.
            if name.hasPrefix(directory + "/") { name = name.dropFirst(directory.count + 1) }
            if let z = zone(named: String(name)) { return z }
            if let rule = PosixTZ(String(name)) { return Zone(name: String(name), rule: rule) }
            if name.hasPrefix("/"), let data = FileManager.default.contents(atPath: String(name)),
                let z = try? Zone(name: String(name), tzif: [UInt8](data))
            {
                return z
            }
            let shown = tz.count > 80 ? String(tz.prefix(80)) + "…" : tz
            throw LocalZoneError(
                source: "TZ=\(shown)",
                reason: "not a time zone: name one under \(directory) (such as "
                    + "Europe/Berlin) or give a POSIX rule (such as CET-1CEST,M3.5.0,M10.5.0/3, offsets up to "
                    + "24 hours), or unset TZ to use the system's zone (/etc/localtime)")
        }
        // The rules are read afresh each time (a tzdata upgrade or a new link changes them), the
        // name from the link, or from a file mounted over it (or over what it points to).
        let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime")
        let target = link.map { $0.hasPrefix("/") ? $0 : "/etc/" + $0 }
        let sources = SystemZones.mountSources(at: ["/etc/localtime"] + (target.map { [$0] } ?? []))
        let mounted = sources["/etc/localtime"] ?? target.flatMap { sources[$0] }
        var name = "localtime"
        if let path = mounted ?? target, let range = path.range(of: "zoneinfo/") {
            let candidate = String(path[range.upperBound...])
            if SystemZones.isPlausibleName(candidate) { name = candidate }
        }
        // No /etc/localtime (a container, say): UTC, as for glibc.
        guard let data = FileManager.default.contents(atPath: "/etc/localtime") else {
            if link == nil { return .utc }
            throw LocalZoneError(
                source: "/etc/localtime",
                reason: "points to \(link ?? "") which cannot be read: the system's time zone "
                    + "is broken; set it again (`timedatectl set-timezone Europe/Berlin`) or set TZ")
        }
        do {
            return try Zone(name: name, tzif: [UInt8](data))
        } catch {
            throw LocalZoneError(
                source: "/etc/localtime",
                reason: "not a time zone file (\(error)); set the system's zone again "
                    + "(`timedatectl set-timezone Europe/Berlin`) or set TZ")
        }
    }

    /// The system's zone, UTC when it cannot be known: only for showing times.
    public func localZoneOrUTC() -> Zone { (try? localZone()) ?? .utc }

    /// What the system's zone is made of now: TZ, where /etc/localtime points and what it holds.
    /// Two equal signatures are the same zone; any change (a new link, a file replaced, a bind
    /// mount over it) gives another.
    public func localSignature(environment: [String: String] = ProcessInfo.processInfo.environment) -> Data {
        var data = Data((environment["TZ"].map { "TZ=" + $0 } ?? "-").utf8)
        data.append(0)
        data.append(Data(((try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime")) ?? "").utf8))
        data.append(0)
        data.append(FileManager.default.contents(atPath: "/etc/localtime") ?? Data())
        return data
    }

    /// The sources of what is mounted at each of `paths` as /proc/self/mountinfo tells them (the
    /// root within its file system: for a bind mount of a file, that file's path there), read once;
    /// paths where nothing is mounted are left out.
    static func mountSources(at paths: [String]) -> [String: String] {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [:] }
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5)
            // The last mount at a path is the one seen.
            if fields.count > 4, paths.contains(String(fields[4])) { found[String(fields[4])] = String(fields[3]) }
        }
        return found
    }
}
