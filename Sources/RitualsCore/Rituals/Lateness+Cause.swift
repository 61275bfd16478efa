/// Why events came late, told apart by three clocks.
extension Lateness {
    /// The wall clock, the time the computer ran, and the time it ran or slept (CLOCK_REALTIME,
    /// CLOCK_MONOTONIC and CLOCK_BOOTTIME), in microseconds.
    public struct Clocks: Sendable, Equatable {
        public var realtime: Int
        public var monotonic: Int
        public var boottime: Int

        public init(realtime: Int, monotonic: Int, boottime: Int) {
            self.realtime = realtime
            self.monotonic = monotonic
            self.boottime = boottime
        }
    }

    /// Why the events of a gap came late.
    public enum Cause: Sendable, Equatable {
        /// rituald was not running.
        case started
        /// The computer slept this long (CLOCK_BOOTTIME ran on, CLOCK_MONOTONIC did not).
        case asleep(Int)
        /// The wall clock was set this far ahead or back.
        case clockAhead(Int)
        case clockBack(Int)
        /// rituald was stopped (SIGSTOP) or could not run for this long.
        case stalled(Int)
        /// Nothing came late.
        case onTime

        /// The cause between two readings of the clocks, when the timer fired `lateBy` after the
        /// moment it was set for.
        public static func between(_ before: Clocks, _ after: Clocks, lateBy: Int) -> Cause {
            let ran = after.monotonic - before.monotonic
            let passed = after.boottime - before.boottime
            if passed - ran > Lateness.onTime { return .asleep(passed - ran) }
            let step = (after.realtime - before.realtime) - passed
            if step > Lateness.onTime { return .clockAhead(step) }
            if step < -Lateness.onTime { return .clockBack(-step) }
            return lateBy > Lateness.onTime ? .stalled(lateBy) : .onTime
        }

        /// Its name in the journal's RITUAL_CAUSE.
        public var name: String {
            switch self {
            case .started: return "start"
            case .asleep: return "asleep"
            case .clockAhead: return "clock-ahead"
            case .clockBack: return "clock-back"
            case .stalled: return "stalled"
            case .onTime: return "on-time"
            }
        }

        /// How long it lasted, when that is known.
        public var length: Int? {
            switch self {
            case .asleep(let d), .clockAhead(let d), .clockBack(let d), .stalled(let d): return d
            case .started, .onTime: return nil
            }
        }

        /// "awake after 9 h 12 min asleep"; empty when nothing came late.
        public var sentence: String {
            let span = length.map { TimeSpan.format($0 / 1_000_000 * 1_000_000, style: .spoken, units: 2) } ?? ""
            switch self {
            case .started: return "started"
            case .asleep: return "awake after \(span) asleep"
            case .clockAhead: return "the clock moved \(span) ahead"
            case .clockBack: return "the clock moved \(span) back"
            case .stalled: return "running again after \(span) stopped"
            case .onTime: return ""
            }
        }

        /// How a missed occurrence came to be missed: "while the computer was asleep".
        public var whileMissed: String {
            switch self {
            case .started: return "while rituald was not running"
            case .asleep: return "while the computer was asleep"
            case .clockAhead: return "when the clock moved ahead"
            case .clockBack, .onTime: return "as it came too late"
            case .stalled: return "while rituald was stopped"
            }
        }
    }

    /// One line for the journal: "awake after 9 h 12 min asleep: 3 missed, 1 fired late", or only
    /// the counts ("3 held by a pause") when nothing came late.
    public static func summary(_ cause: Cause, _ counts: Counts) -> String {
        var parts: [String] = []
        if counts.missed > 0 { parts.append("\(counts.missed) missed") }
        if counts.late > 0 { parts.append("\(counts.late) fired late") }
        if counts.held > 0 { parts.append("\(counts.held) held by a pause") }
        if counts.dropped > 0 {
            parts.append("\(counts.dropped) stale notice\(counts.dropped == 1 ? "" : "s") dropped")
        }
        let what = parts.isEmpty ? "nothing was due" : parts.joined(separator: ", ")
        return cause.sentence.isEmpty ? what : cause.sentence + ": " + what
    }
}
