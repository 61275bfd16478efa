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
