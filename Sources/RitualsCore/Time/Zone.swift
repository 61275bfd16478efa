/// The rules of one time zone: its UTC offsets over time, from a TZif file or a POSIX rule.
///
/// A class so that the tables are shared, not copied, wherever a zone is passed around.
public final class Zone: Sendable, CustomStringConvertible {
    /// One local time type: an offset, whether it is daylight saving time, and its abbreviation.
    public struct Kind: Equatable, Sendable {
        public var offset: Int
        public var isDST: Bool
        public var abbreviation: String
    }

    /// Transitions are computed from the zone's rule up to this year, past every schedule's reach.
    static let lastComputedYear = 2400

    /// The zone's name: an IANA name such as `Europe/Berlin`, or `UTC`.
    public let name: String
    /// Instants (UTC seconds) at which `kinds[kindIndex[i]]` begins, ascending.
    let transitions: [Int]
    let kindIndex: [Int]
    let kinds: [Kind]
    /// The kind in force before the first transition.
    let initialKind: Int
    /// Offset and flag of the kind each transition starts, flattened for the hot path.
    let spanOffsets: [Int]
    let spanIsDST: [Bool]
    /// The abbreviations glibc reports as `tzname[0]` and `tzname[1]`.
    public let standardAbbreviation: String
    public let daylightAbbreviation: String?
    /// The POSIX rule that continues the transitions (a TZif file's footer), if any.
    public let rule: PosixTZ?

    /// Coordinated Universal Time.
    public static let utc = Zone(name: "UTC", rule: PosixTZ("UTC0")!)

    public var description: String { "Zone(\(name))" }

    init(name: String, transitions: [Int], kindIndex: [Int], kinds: [Kind], rule: PosixTZ?) {
        var transitions = transitions
        var kindIndex = kindIndex
        var kinds = kinds
        if kinds.isEmpty, let rule {
            kinds.append(Kind(offset: rule.standardOffset, isDST: false, abbreviation: rule.standardName))
        }
        let initial = kinds.firstIndex { !$0.isDST } ?? 0
        if let rule {
            Zone.extend(&transitions, &kindIndex, &kinds, with: rule)
        }
        self.name = name
        self.rule = rule
        self.transitions = transitions
        self.kindIndex = kindIndex
        self.kinds = kinds
        self.initialKind = initial
        spanOffsets = kindIndex.map { kinds[$0].offset }
        spanIsDST = kindIndex.map { kinds[$0].isDST }
        let last = kindIndex.last.map { kinds[$0] }
        standardAbbreviation =
            rule?.standardName ?? kinds.last { !$0.isDST }?.abbreviation ?? last?.abbreviation ?? name
        daylightAbbreviation = rule?.dstName ?? kinds.last { $0.isDST }?.abbreviation
    }

    /// A zone that follows a POSIX rule alone.
    public convenience init(name: String, rule: PosixTZ) {
        self.init(name: name, transitions: [], kindIndex: [], kinds: [], rule: rule)
    }

    private static func extend(
        _ transitions: inout [Int], _ kindIndex: inout [Int], _ kinds: inout [Kind], with rule: PosixTZ
    ) {
        let std = Kind(offset: rule.standardOffset, isDST: false, abbreviation: rule.standardName)
        let stdIndex = index(of: std, in: &kinds)
        guard let dstName = rule.dstName, rule.start != nil else { return }
        let dst = Kind(offset: rule.dstOffset, isDST: true, abbreviation: dstName)
        let dstIndex = index(of: dst, in: &kinds)
        let after = transitions.last ?? Int.min
        let firstYear =
            transitions.last.map { LocalTime(epochSeconds: $0).year } ?? 1900
        for year in firstYear...lastComputedYear {
            guard let (start, end) = rule.transitions(year: year) else { break }
            for (at, kind)
                in (start < end ? [(start, dstIndex), (end, stdIndex)] : [(end, stdIndex), (start, dstIndex)])
            where at > after {
                transitions.append(at)
                kindIndex.append(kind)
            }
        }
    }

    private static func index(of kind: Kind, in kinds: inout [Kind]) -> Int {
        if let i = kinds.firstIndex(of: kind) { return i }
        kinds.append(kind)
        return kinds.count - 1
    }

    /// The local time type in force at `seconds` since the epoch.
    public func kind(at seconds: Int) -> Kind {
        kinds[kindIndexAt(seconds)]
    }

    /// The span of instants `[start, end)` around `seconds` in which one UTC offset holds, with
    /// that offset and DST flag; `hint` is the span's position, checked first and updated.
    @inline(__always)
    func span(at seconds: Int, hint: inout Int) -> (start: Int, end: Int, offset: Int, isDST: Bool) {
        let n = transitions.count
        if n == 0 || seconds < transitions[0] {
            let k = kinds[initialKind]
            return (Int.min, n == 0 ? Int.max : transitions[0], k.offset, k.isDST)
        }
        var i = hint
        if !(i >= 0 && i < n && transitions[i] <= seconds && (i &+ 1 == n || seconds < transitions[i &+ 1])) {
            var lo = 0
            var hi = n
            while hi &- lo > 1 {
                let mid = (lo &+ hi) >> 1
                if transitions[mid] <= seconds { lo = mid } else { hi = mid }
            }
            i = lo
            hint = i
        }
        return (transitions[i], i &+ 1 < n ? transitions[i &+ 1] : Int.max, spanOffsets[i], spanIsDST[i])
    }

    func kindIndexAt(_ seconds: Int) -> Int {
        var lo = 0
        var hi = transitions.count
        if hi == 0 || seconds < transitions[0] { return initialKind }
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if transitions[mid] <= seconds { lo = mid } else { hi = mid }
        }
        return kindIndex[lo]
    }

    /// The abbreviation in force at `seconds` since the epoch, such as `CET`.
    public func abbreviation(at seconds: Int) -> String { kinds[kindIndexAt(seconds)].abbreviation }

    /// The wall-clock time at `seconds` since the epoch, like `localtime_r`.
    public func localTime(_ seconds: Int) -> LocalTime {
        let k = kinds[kindIndexAt(seconds)]
        return LocalTime(epochSeconds: seconds, offset: k.offset, isDST: k.isDST)
    }
}
