import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A storm of SIGHUPs (a script gone wrong, a config manager in a loop) while a ritual fires
/// every second: reloads coalesce, every second still fires, and nothing is recorded as missed.
struct SignalStormTests {
    @Test func aHundredReloadsASecondHoldNoFiringBack() throws {
        let run = try RitualdRunner(config: SocketAbuseTests.everySecond)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        defer { p.terminate() }
        _ = try #require(notify.wait(for: "READY=1", within: 30))
        let start = Int(Date().timeIntervalSince1970) + 1
        let seconds = 6
        let end = start + seconds
        var sent = 0
        while Int(Date().timeIntervalSince1970) < end {
            kill(p.processIdentifier, SIGHUP)
            sent += 1
            usleep(10_000)
        }
        // The occurrences of the storm's last second are settled by the first firing after it.
        #expect(
            TestDesktop.poll(within: 10) {
                run.fired().contains { ($0["occurrence"] as? Int ?? 0) >= (end + 1) * 1_000_000 }
            })
        let inStorm = { (r: [String: Any]) -> Bool in
            let o = (r["occurrence"] as? Int ?? 0) / 1_000_000
            return o >= start && o < end
        }
        let fired = Set(run.fired().filter(inStorm).compactMap { $0["occurrence"] as? Int })
        let missed = run.records("missed").filter(inStorm)
        #expect(missed.isEmpty, "\(missed.count) missed during \(sent) SIGHUPs")
        #expect(fired.count == seconds, "every second of the storm fired: \(fired.count) of \(seconds)")
        #expect(p.isRunning)
    }
}
