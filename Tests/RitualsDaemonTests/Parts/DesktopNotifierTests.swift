import Foundation
import RitualsCore
import Testing

@testable import RitualsDaemon

/// The notify-send command line: buttons, escaping, replacement.
struct DesktopNotifierTests {
    @Test(arguments: [(600_000_000, "Snooze 10 min"), (3_600_000_000, "Snooze 1 h"), (90_000_000, "Snooze 1 min 30 s")])
    func snoozeButtonNamesItsLength(usec: Int, label: String) {
        var settings = RitualsConfiguration.Desktop()
        settings.snooze = .microseconds(usec)
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

    /// A 300 KB prompt is more than a bubble shows and more than the kernel passes in one
    /// argument: the notification shows its beginning (the journal keeps it whole).
    @Test func aLongTextIsCutToWhatANotificationShows() {
        let long = String(repeating: "é<", count: 150_000)
        let args = DesktopNotifier(settings: RitualsConfiguration.Desktop()).arguments(
            title: long, body: long, urgency: nil)
        let title = args[args.count - 2]
        let body = args[args.count - 1]
        #expect(title.count == DesktopNotifier.longestTitle && title.hasSuffix("…"))
        #expect(body.hasSuffix("…") && body.hasPrefix("é&lt;é&lt;"))
        #expect(body.utf8.count < 16_000)
        let short = DesktopNotifier(settings: RitualsConfiguration.Desktop()).arguments(
            title: "Walk", body: "Go", urgency: nil)
        #expect(short.suffix(2) == ["Walk", "Go"])
    }

    @Test func aReminderNamesTheNotificationItReplaces() {
        var settings = RitualsConfiguration.Desktop()
        settings.buttons = [.done]
        let args = DesktopNotifier(settings: settings).arguments(title: "T", body: "B", urgency: nil, replacing: 42)
        #expect(args.contains("--replace-id=42"))
        #expect(args.filter { $0.hasPrefix("--action=") } == ["--action=done=Done"])
    }

    /// Where a click on the notification shows it again (GNOME Shell), it has a default action,
    /// which the server shows as no button.
    @Test func aDefaultActionOnlyWhereAClickShowsItAgain() {
        let notifier = DesktopNotifier(settings: RitualsConfiguration.Desktop())
        #expect(!notifier.arguments(title: "T", body: "B", urgency: nil).contains { $0.hasPrefix("--action=default") })
        notifier.reopensOnClick = true
        let actions = notifier.arguments(title: "T", body: "B", urgency: nil).filter { $0.hasPrefix("--action=") }
        #expect(actions.count == 4 && actions.last == "--action=default=Show again")
    }
}

/// A stand-in notify-send in a folder of its own: each run writes its arguments to `args-N`
/// (N counting runs from 0), then does what `body` (shell) says.
struct StandInNotifySend {
    let dir: String
    let notifier: DesktopNotifier
    let queue = DispatchQueue(label: "stand-in")

    init(_ body: String) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = dir + "/notify-send"
        let text = """
            #!/bin/sh
            n=$(ls "\(dir)" | grep -c '^args-')
            printf '%s\\n' "$@" > "\(dir)/args-$n"
            \(body)
            """
        // Written through a descriptor closed on exec: one inherited by a process another test
        // starts meanwhile would keep the script open for writing, and running it would fail
        // (ETXTBSY).
        let fd = open(script, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        #expect(fd >= 0)
        _ = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
        notifier = DesktopNotifier(settings: RitualsConfiguration.Desktop(), program: script)
    }

    func show(_ key: String, _ body: String) {
        notifier.show(key: key, title: key, body: body, urgency: nil, queue: queue) { _ in }
    }

    /// The arguments of run `n`, nil before it ran.
    func arguments(_ n: Int) -> [String]? {
        (try? String(contentsOfFile: "\(dir)/args-\(n)", encoding: .utf8))?.split(separator: "\n").map(String.init)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: "\(dir)/\(name)") }

    /// Synchronous on purpose: an async test can wait long for a thread of the test pool, which
    /// blocking end-to-end tests hold, while the stand-in's time runs out.
    func waitFor(_ condition: () -> Bool) -> Bool { StandInNotifySend.poll(condition) }

    /// Whether `condition` holds within two minutes (what another thread writes, awaited).
    static func poll(_ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(120)
        while Date() < end && !condition() { usleep(20_000) }
        return condition()
    }
}

/// One notification per ritual, with a stand-in notify-send that prints an id and waits.
struct NotificationReplacementTests {
    @Test func aNewNotificationOfARitualReplacesTheOpenOne() throws {
        let stand = try StandInNotifySend("echo $((40 + n))\nexec sleep 300")
        defer { stand.notifier.stopAll() }
        stand.show("walk", "first")
        #expect(stand.waitFor { stand.arguments(0) != nil && stand.notifier.openID(of: "walk") == 40 })
        stand.show("talk", "other ritual")
        #expect(stand.waitFor { stand.arguments(1) != nil })
        #expect(stand.arguments(1)?.contains { $0.hasPrefix("--replace-id") } == false, "another ritual keeps its own")
        stand.show("walk", "second")
        #expect(stand.waitFor { stand.arguments(2) != nil })
        #expect(stand.arguments(2)?.contains("--replace-id=40") == true)
        #expect(stand.arguments(2)?.last == "second")
    }
}

/// A server that lets only a notification's own sender replace it (GNOME Shell): notify-send
/// says so on standard error, prints the id it asked to replace and waits on. The old one is
/// closed and the new one shown anew.
struct RefusedReplacementTests {
    @Test func aRefusedReplacementClosesTheOldOneAndShowsTheNewOneApart() throws {
        // Interrupted, a run notes that it closed its notification (as notify-send does).
        let stand = try StandInNotifySend(
            """
            trap 'touch "$(dirname "$0")/closed-$n"; exit 0' INT
            replaces=$(printf '%s\\n' "$@" | sed -n 's/^--replace-id=//p')
            if [ -n "$replaces" ]; then
                echo "GDBus.Error:org.freedesktop.DBus.Error.InvalidArgs: Invalid notification ID" >&2
                echo "$replaces"
            else
                echo $((40 + n))
            fi
            sleep 300 & wait $!
            """)
        defer { stand.notifier.stopAll() }
        stand.show("walk", "first")
        #expect(stand.waitFor { stand.notifier.openID(of: "walk") == 40 })
        stand.show("walk", "second")
        #expect(stand.waitFor { stand.exists("args-2") })
        #expect(stand.arguments(1)?.contains("--replace-id=40") == true)
        #expect(stand.arguments(2)?.contains { $0.hasPrefix("--replace-id") } == false, "shown anew")
        #expect(stand.arguments(2)?.last == "second")
        #expect(stand.exists("closed-0"), "the old notification was closed before the new one was shown")
        #expect(stand.waitFor { stand.notifier.openID(of: "walk") == 42 })
        #expect(!stand.exists("closed-2"))
    }
}

/// A server that takes the replacement: in place (the same id back), the old notify-send only
/// goes; as a new notification (another id), the old one is closed, so one stays on screen.
struct AcceptedReplacementTests {
    @Test(arguments: [(true, 40), (false, 41)])
    func theOldNotifySendGoesAndItsNotificationOnlyWhenStillShown(inPlace: Bool, newID: Int) throws {
        let stand = try StandInNotifySend(
            """
            trap 'touch "$(dirname "$0")/closed-$n"; exit 0' INT
            trap 'touch "$(dirname "$0")/ended-$n"; exit 0' TERM
            replaces=$(printf '%s\\n' "$@" | sed -n 's/^--replace-id=//p')
            if [ -n "$replaces" ] && \(inPlace); then echo "$replaces"; else echo $((40 + n)); fi
            sleep 300 & wait $!
            """)
        defer { stand.notifier.stopAll() }
        stand.show("walk", "first")
        #expect(stand.waitFor { stand.notifier.openID(of: "walk") == 40 })
        stand.show("walk", "second")
        #expect(stand.waitFor { stand.notifier.openID(of: "walk") == newID })
        #expect(stand.arguments(1)?.contains("--replace-id=40") == true)
        #expect(stand.waitFor { stand.exists("closed-0") || stand.exists("ended-0") })
        #expect(stand.exists("closed-0") == !inPlace, "closed only when it was not replaced in place")
        #expect(stand.arguments(2) == nil, "shown once")
    }
}

/// What notify-send prints after the id is how the notification ended: a button's name is an
/// answer, `default` (a click on the notification itself) asks for it to be shown again.
struct NotificationEndTests {
    final class Ends: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [NoticeEnd] = []
        func add(_ end: NoticeEnd) { lock.withLock { all.append(end) } }
        var first: NoticeEnd? { lock.withLock { all.first } }
    }

    @Test(arguments: [("done", NoticeEnd.button(.done)), ("default", .reopen), ("", .none)])
    func whatItPrintedIsHowItEnded(printed: String, end: NoticeEnd) throws {
        let stand = try StandInNotifySend("echo 7\necho '\(printed)'")
        let ends = Ends()
        stand.notifier.show(key: "walk", title: "Walk", body: "Go", urgency: nil, queue: stand.queue) { ends.add($0) }
        #expect(stand.waitFor { ends.first != nil })
        #expect(ends.first == end)
    }
}
