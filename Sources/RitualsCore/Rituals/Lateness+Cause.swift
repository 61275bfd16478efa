/// Why events came late, told apart by three clocks.
extension Lateness {
    /// The wall clock, the time the computer ran, the time it ran or slept and the processor
    /// time rituald used (CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME and
    /// CLOCK_PROCESS_CPUTIME_ID), in microseconds.
    public struct Clocks: Sendable, Equatable {
        public var realtime: Int
        public var monotonic: Int
        public var boottime: Int
        public var cpu: Int

        public init(realtime: Int, monotonic: Int, boottime: Int, cpu: Int = 0) {
            self.realtime = realtime
            self.monotonic = monotonic
            self.boottime = boottime
            self.cpu = cpu
        }
    }

    /// Why the events of a gap came late.
    public enum Cause: Sendable, Equatable {
        /// rituald was not running.
        case started
        /// The computer slept this long (CLOCK_BOOTTIME ran on, CLOCK_MONOTONIC did not).
        case asleep(Duration)
        /// The wall clock was set this far ahead or back.
        case clockAhead(Duration)
        case clockBack(Duration)
        /// rituald was stopped (SIGSTOP) or could not run for this long.
        case stalled(Duration)
        /// rituald ran, but was busy with other work for this long (it used the processor for
        /// at least half of it).
        case busy(Duration)
        /// Nothing came late.
        case onTime

        /// The cause between two readings of the clocks, when the timer fired `lateBy` after the
        /// moment it was set for.
        public static func between(_ before: Clocks, _ after: Clocks, lateBy: Duration) -> Cause {
            let ran = Duration.microseconds(after.monotonic - before.monotonic)
            let passed = Duration.microseconds(after.boottime - before.boottime)
            if passed - ran > Lateness.onTime { return .asleep(passed - ran) }
            let step = .microseconds(after.realtime - before.realtime) - passed
            if step > Lateness.onTime { return .clockAhead(step) }
            if step < .zero - Lateness.onTime { return .clockBack(.zero - step) }
            guard lateBy > Lateness.onTime else { return .onTime }
            return .microseconds(2 * (after.cpu - before.cpu)) >= lateBy ? .busy(lateBy) : .stalled(lateBy)
        }

        /// Its name in the journal's RITUAL_CAUSE.
        public var name: String {
            switch self {
            case .started: return "start"
            case .asleep: return "asleep"
            case .clockAhead: return "clock-ahead"
            case .clockBack: return "clock-back"
            case .stalled: return "stalled"
            case .busy: return "busy"
            case .onTime: return "on-time"
            }
        }

        /// How long it lasted, when that is known.
        public var length: Duration? {
            switch self {
            case .asleep(let d), .clockAhead(let d), .clockBack(let d), .stalled(let d), .busy(let d): return d
            case .started, .onTime: return nil
            }
        }

        /// "awake after 9 h 12 min asleep"; empty when nothing came late.
        public var sentence: String {
            let span =
                length.map {
                    TimeSpan.format(
                        $0.microseconds / Microseconds.second * Microseconds.second, style: .spoken, units: 2)
                }
                ?? ""
            switch self {
            case .started: return "started"
            case .asleep: return "awake after \(span) asleep"
            case .clockAhead: return "the clock moved \(span) ahead"
            case .clockBack: return "the clock moved \(span) back"
            case .stalled: return "running again after \(span) stopped"
            case .busy: return "\(span) late, busy with other work"
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
            case .busy: return "while rituald was busy"
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
