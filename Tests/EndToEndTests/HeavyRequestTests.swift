import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Requests that cost much: refused beyond the limits with a reason, and answered off the
/// scheduler's queue within them, so that a crowd of them never delays a firing.
struct HeavyRequestTests {
    @Test func beyondTheLimitsARequestIsRefusedWithItsReason() throws {
        let run = try RitualdRunner(config: SocketAbuseTests.everySecond)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        defer { p.terminate() }
        _ = try #require(notify.wait(for: "READY=1", within: 30))
        let client = try #require(RawClient(path: run.socketPath))
        client.send(Data("{\"command\":\"next\",\"count\":100000}\n".utf8))
        client.finish()
        let answer = String(decoding: client.readToEnd() ?? Data(), as: UTF8.self)
        #expect(answer.contains("--count must be between 1 and 10000"), "\(answer)")
        let days = try run.ctl(["next", "--days", "4000"])
        #expect(days.status != 0 && days.stderr.contains("--days must be between 1 and 3660"))
    }

    @Test func aCrowdOfTheLargestQueriesNeverReadDelaysNoFiring() throws {
        let run = try RitualdRunner(config: SocketAbuseTests.everySecond)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: DaemonTests.noDesktop)
        defer { p.terminate() }
        _ = try #require(notify.wait(for: "READY=1", within: 30))
        let request = Data("{\"command\":\"next\",\"count\":10000,\"days\":3660}\n".utf8)
        let start = Int(Date().timeIntervalSince1970) + 1
        var crowd: [RawClient] = []
        // For four seconds, more and more clients ask and never read; rituald drops each after
        // its timeout and takes the next.
        while Int(Date().timeIntervalSince1970) < start + 4 {
            for _ in 0..<20 {
                guard let client = RawClient(path: run.socketPath) else { continue }
                client.send(request + request)
                crowd.append(client)
            }
            usleep(100_000)
        }
        let end = Int(Date().timeIntervalSince1970)
        #expect(crowd.count > 100)
        #expect(try run.ctl(["status"]).status == 0, "a plain request is still answered")
        // Every second of the crowd fired; none was missed.
        #expect(
            TestDesktop.poll(within: 20) { run.fired().contains { ($0["occurrence"] as? Int ?? 0) > end * 1_000_000 } })
        let inCrowd = { (r: [String: Any]) -> Bool in
            let o = (r["occurrence"] as? Int ?? 0) / 1_000_000
            return o >= start && o <= end
        }
        #expect(run.records("missed").filter(inCrowd).isEmpty)
        #expect(Set(run.fired().filter(inCrowd).compactMap { $0["occurrence"] as? Int }).count == end - start + 1)
        withExtendedLifetime(crowd) {}
    }
}
