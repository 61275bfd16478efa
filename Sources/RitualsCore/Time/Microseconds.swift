/// How rituals counts time: an instant is whole microseconds since the epoch (UTC), a span whole
/// microseconds, both plain `Int`s. The units are named here once, so that no other code writes
/// out a million or a day's worth of microseconds.
public enum Microseconds {
    public static let second = 1_000_000
    public static let minute = 60 * second
    public static let hour = 60 * minute
    public static let day = 24 * hour
    public static let week = 7 * day

    /// `seconds` (which may have a fraction) as microseconds, truncated.
    public static func of(seconds: Double) -> Int { Int(seconds * Double(second)) }

    /// An instant as whole seconds since the epoch (rounded down, also before 1970).
    public static func wholeSeconds(_ usec: Int) -> Int { Civil.floorDiv(usec, second) }
}
