import Foundation
import Testing

/// rituald against a real notification server (dunst) and a real journal, inside the desktop
/// of `scripts/make/test-desktop`. One at a time: they share dunst.
@Suite(.serialized, .enabled(if: TestDesktop.isUp, "needs scripts/make/test-desktop (make test runs it)"))
struct DesktopTests {
    /// A ritual that fires once, `seconds` from now (negative: in the past, caught up at start).
    static func once(id: String, title: String, in seconds: Int, extra: String = "", prompt: String = "Look up")
        -> String
    {
        """
        [settings]
        timezone = "UTC"
        catch_up = "5m"
        [channels.desktop]
        snooze = "15m"
        [[ritual]]
        id = "\(id)"
        title = "\(title)"
        when = "\(RitualdRunner.moment(seconds))"
        quiet_hours = "ignore"
        prompts = [\(String(reflecting: prompt))]
        \(extra)

        """
    }

    static func unique(_ stem: String) -> String { "\(stem)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// Starts rituald on `run`'s config. The history says each ritual was handled long ago, so
    /// an occurrence of the last five minutes is caught up at once.
    func start(_ run: RitualdRunner, _ notify: NotifyListener, env: [String: String?] = [:]) throws -> Process {
        try run.handledLongAgo()
        let p = try run.launch(notify: notify, environment: env)
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        return p
    }

    @Test func aFiringIsShownByDunstAndJournaledWithEveryField() throws {
        run("dunstctl", ["close-all"])
        let id = DesktopTests.unique("field")
        let prompt = "Say one <b>kind</b> thing & mean it"
        let run = try RitualdRunner(config: DesktopTests.once(id: id, title: "Field test", in: 2, prompt: prompt))
        let notify = try NotifyListener()
        let p = try start(run, notify)
        defer { if p.isRunning { p.terminate() } }
        #expect(TestDesktop.poll(within: 15) { TestDesktop.displayed() == 1 })
        let fired = try #require(run.fired().first)
        let occurrence = try #require(fired["occurrence"] as? Int)
        #expect(fired["prompt"] as? String == prompt)
        TestDesktop.run("dunstctl", ["close"])
        #expect(TestDesktop.poll(within: 5) { TestDesktop.history().contains { $0.summary == "Field test" } })
        let shown = try #require(TestDesktop.history().first { $0.summary == "Field test" })
        // The body is markup to dunst: the prompt arrives escaped, so it shows as typed.
        #expect(shown.body == "Say one &lt;b&gt;kind&lt;/b&gt; thing &amp; mean it")
        guard TestDesktop.hasJournal else { return }
        #expect(TestDesktop.poll(within: TestDesktop.journalWait) { !TestDesktop.journal("RITUAL_ID", id).isEmpty })
        let entry = try #require(TestDesktop.journal("RITUAL_ID", id).first { $0["RITUAL_EVENT"] == "fired" })
        #expect(entry["MESSAGE_ID"] == "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e81")
        #expect(entry["SYSLOG_IDENTIFIER"] == "rituald")
        #expect(entry["PRIORITY"] == "6")
        #expect(entry["RITUAL_TITLE"] == "Field test")
        #expect(entry["RITUAL_PROMPT"] == prompt)
        #expect(entry["RITUAL_SCHEDULED_USEC"] == String(occurrence))
        #expect(entry["MESSAGE"]?.contains("Field test") == true)
        let logged = try #require(entry["__REALTIME_TIMESTAMP"].flatMap { Int($0) })
        #expect(logged >= occurrence)
    }

    @Test(arguments: [("done", "done"), ("snooze", "snoozed"), ("skip", "skipped")])
    func eachButtonIsRecordedAsItsOutcome(button: String, outcome: String) throws {
        run("dunstctl", ["close-all"])
        let id = DesktopTests.unique(button)
        let title = "Button \(id)"
        let run = try RitualdRunner(config: DesktopTests.once(id: id, title: title, in: -1))
        let notify = try NotifyListener()
        let p = try start(run, notify)
        defer { if p.isRunning { p.terminate() } }
        #expect(TestDesktop.poll(within: 15) { TestDesktop.displayed() == 1 })
        let menu = try TestDesktop.pick("\\(\(title)\\) \\[[0-9]+,\(button)\\]")
        #expect(menu.contains { $0.hasPrefix("#Snooze 15 min (\(title)) [") })
        #expect(TestDesktop.poll(within: 10) { !run.records(outcome).isEmpty })
        let record = try #require(run.records(outcome).first)
        #expect(record["occurrence"] as? Int == run.fired().first?["occurrence"] as? Int)
        if outcome == "snoozed" {
            let at = try #require(record["at"] as? Int)
            #expect(record["until"] as? Int == at + 15 * 60_000_000)
        }
        #expect(TestDesktop.poll(within: 5) { TestDesktop.displayed() == 0 })
        guard TestDesktop.hasJournal else { return }
        #expect(
            TestDesktop.poll(within: TestDesktop.journalWait) {
                TestDesktop.journal("RITUAL_ID", id).contains { $0["RITUAL_EVENT"] == outcome }
            })
    }

    /// A reminder replaces the notification still open; the answer to it is recorded once.
    @Test func aReminderReplacesTheOpenNotification() throws {
        run("dunstctl", ["close-all"])
        let id = DesktopTests.unique("again")
        let title = "Again \(id)"
        // Caught up at start 57 s late, so the reminder a minute after the occurrence comes soon.
        let config = DesktopTests.once(
            id: id, title: title, in: -57, extra: "remind_again = \"1m\"\nremind_again_limit = 1")
        let run = try RitualdRunner(config: config)
        let notify = try NotifyListener()
        let p = try start(run, notify)
        defer { if p.isRunning { p.terminate() } }
        #expect(TestDesktop.poll(within: 15) { TestDesktop.displayed() == 1 })
        let first = try TestDesktop.pick("no line matches this")
        #expect(TestDesktop.poll(within: 20) { !run.records("reminded-again").isEmpty })
        #expect(TestDesktop.poll(within: 5) { TestDesktop.displayed() == 1 })
        let second = try TestDesktop.pick("no line matches this")
        #expect(!first.isEmpty)
        #expect(first == second, "the reminder is a new notification, not a replacement")
        try TestDesktop.pick("\\(\(title)\\) \\[[0-9]+,done\\]")
        #expect(TestDesktop.poll(within: 10) { !run.records("done").isEmpty })
        p.terminate()
        p.waitUntilExit()
        #expect(run.records("done").count == 1)
    }

    /// A prompt far larger than a datagram (300 KB, in a config of under 1 MiB) reaches the journal
    /// whole (libsystemd sends it through a memfd); the notification shows its beginning.
    @Test func aPromptLargerThanADatagramReachesTheJournalWhole() throws {
        guard TestDesktop.hasJournal else { return }
        TestDesktop.run("dunstctl", ["close-all"])
        let id = DesktopTests.unique("large")
        let prompt = String(repeating: "Tell each other one thing you noticed today. ", count: 6_700)
        #expect(prompt.utf8.count > 300_000)
        let run = try RitualdRunner(config: DesktopTests.once(id: id, title: "Large \(id)", in: -1, prompt: prompt))
        let p = try start(run, try NotifyListener())
        defer { p.terminate() }
        #expect(
            TestDesktop.poll(within: TestDesktop.journalWait) {
                TestDesktop.journal("RITUAL_ID", id).contains { $0["RITUAL_EVENT"] == "fired" }
            })
        let fired = try #require(TestDesktop.journal("RITUAL_ID", id).first { $0["RITUAL_EVENT"] == "fired" })
        #expect(fired["RITUAL_PROMPT"] == prompt)
        #expect(fired["MESSAGE"]?.hasSuffix(prompt) == true)
        #expect(TestDesktop.poll(within: 10) { TestDesktop.displayed() == 1 }, "\(run.log)")
    }

    @Test(arguments: [
        ("PATH", "/nonexistent", "not installed"),
        ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", "no notification server"),
    ])
    func withoutADesktopDeliveryFailsAndFiringGoesOn(variable: String, value: String, says: String) throws {
        let id = DesktopTests.unique("nodesk")
        let run = try RitualdRunner(config: DesktopTests.once(id: id, title: "No desktop", in: -1))
        let notify = try NotifyListener()
        let p = try start(run, notify, env: [variable: value])
        defer { if p.isRunning { p.terminate() } }
        #expect(TestDesktop.poll(within: 10) { !run.fired().isEmpty })
        #expect(p.isRunning)
        guard TestDesktop.hasJournal else { return }
        #expect(
            TestDesktop.poll(within: TestDesktop.journalWait) {
                TestDesktop.journal("RITUAL_ID", id).contains {
                    $0["RITUAL_EVENT"] == "delivery-failed" && $0["MESSAGE"]?.contains(says) == true
                }
            })
    }

    @Test(.enabled(if: TestDesktop.hasJournal, "needs a journald"))
    func aReloadWithABrokenFileIsJournaledWithItsPosition() throws {
        let id = DesktopTests.unique("reload")
        let run = try RitualdRunner(config: DesktopTests.once(id: id, title: "Reload", in: 3600))
        let notify = try NotifyListener()
        let p = try start(run, notify)
        defer { if p.isRunning { p.terminate() } }
        try "[[ritual]]\nid = \"\(id)\"\ntitle = \"Reload\"\nwhen = \"daily at 25:00\"\n"
            .write(toFile: run.configPath, atomically: true, encoding: .utf8)
        kill(p.processIdentifier, SIGHUP)
        let ready = try #require(notify.wait(for: "READY=1", within: 10))
        #expect(ready.contains("next: Reload at"))
        let found = TestDesktop.poll(within: TestDesktop.journalWait) {
            TestDesktop.journal("RITUAL_EVENT", "config-error").contains {
                $0["MESSAGE"]?.hasPrefix("\(run.configPath):4:") == true
                    && $0["MESSAGE_ID"] == "6b2c1f0e9a6d4b1c8e3f5a7d2c4b6e8c" && $0["PRIORITY"] == "3"
            }
        }
        #expect(found)
    }

    private func run(_ program: String, _ arguments: [String]) { TestDesktop.run(program, arguments) }
}
