import Foundation
import RitualsCore
import RitualsDaemon
import Testing

/// The notify-send command line: buttons, escaping, replacement.
struct DesktopNotifierTests {
    @Test(arguments: [(600_000_000, "Snooze 10 min"), (3_600_000_000, "Snooze 1 h"), (90_000_000, "Snooze 1 min 30 s")])
    func snoozeButtonNamesItsLength(usec: Int, label: String) {
        var settings = RitualsConfiguration.Desktop()
        settings.snooze = usec
        let args = DesktopNotifier(settings: settings).arguments(title: "T", body: "B", urgency: nil)
        #expect(args.contains("--action=snooze=\(label)"))
        #expect(args.contains("--action=done=Done") && args.contains("--action=skip=Skip"))
        #expect(args.contains("--wait") && args.contains("--print-id"))
    }

    @Test func theBodyIsEscapedTheTitleIsPlainText() {
        let args = DesktopNotifier(settings: RitualsConfiguration.Desktop()).arguments(
            title: "Tom & <Jerry>", body: "<b>bold</b> & more", urgency: .critical)
        #expect(Array(args.suffix(3)) == ["--", "Tom & <Jerry>", "&lt;b&gt;bold&lt;/b&gt; &amp; more"])
        #expect(args.contains("--urgency=critical"))
        #expect(!args.contains { $0.hasPrefix("--replace-id") })
    }

    @Test func aReminderNamesTheNotificationItReplaces() {
        var settings = RitualsConfiguration.Desktop()
        settings.buttons = [.done]
        let args = DesktopNotifier(settings: settings).arguments(title: "T", body: "B", urgency: nil, replacing: 42)
        #expect(args.contains("--replace-id=42"))
        #expect(args.filter { $0.hasPrefix("--action=") } == ["--action=done=Done"])
    }
}

/// One notification per ritual, with a stand-in notify-send that prints an id and waits.
struct NotificationReplacementTests {
    /// Synchronous on purpose: an async test can wait long for a thread of the test pool, which
    /// blocking end-to-end tests hold, while the stand-in's time runs out.
    @Test func aNewNotificationOfARitualReplacesTheOpenOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = dir + "/notify-send"
        // Each run writes its arguments to a file of its own, prints an id, and waits to be ended.
        try """
        #!/bin/sh
        n=$(ls "\(dir)" | grep -c '^args-')
        printf '%s\\n' "$@" > "\(dir)/args-$n"
        echo $((40 + n))
        exec sleep 300
        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let notifier = DesktopNotifier(settings: RitualsConfiguration.Desktop(), program: script)
        defer { notifier.stopAll() }
        let queue = DispatchQueue(label: "test")
        func arguments(_ n: Int) -> [String]? {
            (try? String(contentsOfFile: "\(dir)/args-\(n)", encoding: .utf8))?.split(separator: "\n").map(String.init)
        }
        func waitFor(_ condition: () -> Bool) -> Bool {
            let end = Date().addingTimeInterval(30)
            while Date() < end && !condition() { usleep(20_000) }
            return condition()
        }
        notifier.show(key: "walk", title: "Walk", body: "first", urgency: nil, queue: queue) { _ in }
        #expect(waitFor { arguments(0) != nil && notifier.openID(of: "walk") == 40 })
        notifier.show(key: "talk", title: "Talk", body: "other ritual", urgency: nil, queue: queue) { _ in }
        #expect(waitFor { arguments(1) != nil })
        #expect(arguments(1)?.contains { $0.hasPrefix("--replace-id") } == false, "another ritual keeps its own")
        notifier.show(key: "walk", title: "Walk", body: "second", urgency: nil, queue: queue) { _ in }
        #expect(waitFor { arguments(2) != nil })
        #expect(arguments(2)?.contains("--replace-id=40") == true)
        #expect(arguments(2)?.last == "second")
    }
}
