import RitualsConfig
import RitualsCore

// Speed figures for the schedule core; run by `make bench` in a release build.
#if canImport(Glibc)
    import Glibc
#endif

func nowSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Median of `runs` timings of `body`, which returns how many items it produced.
func median(runs: Int = 5, _ body: () throws -> Int) rethrows -> (rate: Double, items: Int) {
    var rates: [Double] = []
    var items = 0
    for _ in 0..<runs {
        let start = nowSeconds()
        items = try body()
        rates.append(Double(items) / (nowSeconds() - start))
    }
    rates.sort()
    return (rates[runs / 2], items)
}

let zones = SystemZones.shared
let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let only = arguments.count > 2 ? arguments[2] : "all"

// 1. Next elapse of a weekday calendar expression with a zone.
if only == "all" || only == "calendar" {
    let spec = try CalendarSpec(parsing: "Mon..Fri *-*-* 21:00 Europe/Berlin", zones: zones, local: .utc)
    let calendar = try median {
        var solver = WallClockSolver(zone: .utc)
        var at = 1_764_000_000_000_000
        var sum = 0
        for i in 0..<count {
            // Alternate between following the chain and fresh base times across the year.
            let base = i & 1 == 0 ? at : 1_764_000_000_000_000 + (i % 31_536_000) * 1_000_000
            guard let next = try spec.nextElapse(after: base, local: &solver) else { break }
            at = next > 7_000_000_000_000_000 ? 1_764_000_000_000_000 : next
            sum &+= next
        }
        precondition(sum != 0)
        return count
    }
    print("calendar next-elapse 'Mon..Fri *-*-* 21:00 Europe/Berlin': \(Int(calendar.rate)) per second (median of 5)")
}

// 2. Occurrences of a fortnightly RRULE.
if only == "all" || only == "rrule" {
    let rule = try Recurrence(
        parsing: "DTSTART;TZID=Europe/Berlin:20260102T190000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", zones: zones,
        local: .utc)
    let occurrences = median {
        rule.occurrences(after: 0, count: 200_000).count
    }
    print("rrule FREQ=WEEKLY;INTERVAL=2;BYDAY=FR: \(Int(occurrences.rate)) occurrences per second (median of 5)")
}
