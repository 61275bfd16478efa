/// Finds time zones by IANA name; the core stays free of file access by asking one of these.
public protocol ZoneProvider: Sendable {
    /// The zone called `name`, or nil when there is none.
    func zone(named name: String) -> Zone?
}

/// A provider that knows only UTC and the zones it is given, for tests and tools.
public struct FixedZones: ZoneProvider {
    let zones: [String: Zone]

    public init(_ zones: [Zone]) { self.zones = Dictionary(zones.map { ($0.name, $0) }) { a, _ in a } }

    public func zone(named name: String) -> Zone? { name == "UTC" ? .utc : zones[name] }
}
