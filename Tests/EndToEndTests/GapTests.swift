import Foundation
import Testing

/// The real rituald after a gap: stopped (SIGSTOP, the stand-in for a suspend), paused, quiet, or
/// killed while catching up. Each ritual fires at most once; the rest is recorded.
struct GapTests {
    static let noDesktop: [String: String?] = ["PATH": "/nonexistent"]

    static func config(_ rituals: String, quiet: String = "03:00-03:01") -> String {
        "[settings]\ntimezone = \"UTC\"\nquiet_hours = \"\(quiet)\"\ncatch_up = \"1h\"\n" + rituals
    }

    static func ritual(_ id: String, _ when: String, quiet: String = "ignore") -> String {
        "[[ritual]]\nid = \"\(id)\"\ntitle = \"\(id)\"\nwhen = \"\(when)\"\nquiet_hours = \"\(quiet)\"\n"
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970 * 1_000_000) }

    /// Records of `ritual` and `event` as (recorded at, occurrence).
    static func records(_ run: RitualdRunner, _ ritual: String, _ event: String) -> [(at: Int, occurrence: Int)] {
        run.records(event).filter { $0["ritual"] as? String == ritual }.compactMap {
            guard let at = $0["at"] as? Int, let o = $0["occurrence"] as? Int else { return nil }
            return (at, o)
        }
    }

    /// No occurrence fired twice or was both fired and recorded otherwise.
    static func eachOccurrenceOnce(_ run: RitualdRunner, _ ritual: String) {
        let fired = records(run, ritual, "fired").map(\.occurrence)
        let missed = records(run, ritual, "missed").map(\.occurrence)
        let held = records(run, ritual, "held-by-pause").map(\.occurrence)
        #expect(Set(fired).count == fired.count, "\(ritual): an occurrence fired twice")
        #expect(Set(missed).count == missed.count, "\(ritual): an occurrence missed twice")
        #expect(Set(fired).isDisjoint(with: missed + held), "\(ritual): fired and also missed or held")
    }

    @Test func aStoppedDaemonFiresEachRitualOnceThenGoesOn() async throws {
        let run = try RitualdRunner(
            config: GapTests.config(GapTests.ritual("two", "*:*:0/2") + GapTests.ritual("three", "*:*:0/3")))
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: GapTests.noDesktop)
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        #expect(TestDesktop.poll(within: 10) { !GapTests.records(run, "three", "fired").isEmpty })
        kill(p.processIdentifier, SIGSTOP)
        let stopped = GapTests.now()
        // The length of the stop is what is being tested: about five firings of each ritual.
        try await Task.sleep(nanoseconds: 14_000_000_000)
        let resumed = GapTests.now()
        kill(p.processIdentifier, SIGCONT)
        let log = run.dir + "/rituald.log"
        #expect(
            TestDesktop.poll(within: 10) {
                ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("caught-up: running again after")
            })
        for (ritual, period) in [("two", 2), ("three", 3)] {
            // Firings of the first moment after the stop: at most one per ritual.
            #expect(
                TestDesktop.poll(within: 10) {
                    GapTests.records(run, ritual, "fired").contains { $0.occurrence > resumed }
                }, "\(ritual) goes on firing at its next occurrence")
            let inStop = { (o: Int) in o > stopped + 1_000_000 && o < resumed }
            let firedLate = GapTests.records(run, ritual, "fired").filter { inStop($0.occurrence) }
            #expect(firedLate.count <= 1, "\(ritual): \(firedLate.count) occurrences of the stop fired")
            let missed = GapTests.records(run, ritual, "missed").filter { inStop($0.occurrence) }
            #expect(missed.count + firedLate.count >= 10 / period, "\(ritual): the stop's occurrences are recorded")
            GapTests.eachOccurrenceOnce(run, ritual)
        }
    }

    /// The measurement of the issue: a ritual every 10 minutes, quiet hours 22:30-07:30, deferred.
    @Test func aNightOfDeferredOccurrencesIsOneAtItsEnd() throws {
        let run = try RitualdRunner(
            config: GapTests.config(GapTests.ritual("ten", "*:0/10", quiet: "defer"), quiet: "22:30-07:30"))
        let r = try Ritualctl.run([
            "next", "--config", run.configPath, "--base-time", "2026-12-01 20:00", "--days", "1", "--json",
        ])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(items.filter { $0["at"] as? String == "2026-12-02T07:30:00+00:00" }.count == 1)
        #expect(items.count == 90)
    }

    /// Killed while recording what it missed (ten rituals, each with a hundred occurrences to
    /// record): the restarted daemon goes on where it stopped.
    @Test func aKillDuringTheCatchUpLosesNothingAndRepeatsNothing() throws {
        let ids = (1...10).map { "r\($0)" }
        let run = try RitualdRunner(config: GapTests.config(ids.map { GapTests.ritual($0, "*:*:0/2") }.joined()))
        try FileManager.default.createDirectory(atPath: run.dir + "/state", withIntermediateDirectories: true)
        let last = (Int(Date().timeIntervalSince1970) / 2 * 2 - 1800) * 1_000_000
        try ids.map { "{\"at\":\(last),\"event\":\"fired\",\"occurrence\":\(last),\"ritual\":\"\($0)\"}\n" }.joined()
            .write(toFile: run.historyPath, atomically: true, encoding: .utf8)
        let notify = try NotifyListener()
        let launched = GapTests.now()
        let first = try run.launch(notify: notify, environment: GapTests.noDesktop)
        _ = TestDesktop.poll(within: 30) { run.records("missed").count >= 10 }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let relaunched = GapTests.now()
        let second = try run.launch(notify: notify, environment: GapTests.noDesktop)
        defer { if second.isRunning { second.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 60) != nil)
        let ready = GapTests.now()
        for id in ids {
            GapTests.eachOccurrenceOnce(run, id)
            // A catch-up firing is one of the gap's own occurrences (before the start): one per start at most.
            let fired = GapTests.records(run, id, "fired").filter { $0.occurrence > last }
            #expect(fired.filter { $0.at < relaunched && $0.occurrence <= launched }.count <= 1)
            #expect(fired.filter { $0.at >= relaunched && $0.at <= ready && $0.occurrence <= relaunched }.count <= 1)
            #expect(GapTests.records(run, id, "missed").count >= 100, "\(id): the gap is recorded")
        }
        #expect(TestDesktop.poll(within: 10) { run.records("fired").contains { ($0["at"] as? Int ?? 0) > ready } })
    }
}
