import RitualsCore

/// The command line of notify-send for one notification.
extension DesktopNotifier {
    /// `<`, `>` and `&` as entities, since notification bodies are read as markup.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The most of a title and a body a notification shows: a bubble shows a few lines, and the
    /// kernel takes no argument over 128 KiB. The journal keeps the whole text.
    static let longestTitle = 200
    static let longestBody = 2000

    /// `text` cut to `limit` characters, an ellipsis saying so.
    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// The action a click on the notification itself invokes (the specification's "default").
    static let reopenAction = "default"

    /// The arguments for one notification. The summary is plain text; the body is markup, so it
    /// is escaped. Both are cut to what a notification shows.
    func arguments(title: String, body: String, urgency: Urgency?, replacing id: Int? = nil, buttons: Bool = true)
        -> [String]
    {
        let settings = self.settings
        var args = [
            "--app-name=Rituals", "--urgency=\((urgency ?? settings.urgency).rawValue)", "--icon=\(settings.icon)",
            "--expire-time=\(settings.expire.map { String($0.microseconds / 1000) } ?? "0")", "--print-id", "--wait",
        ]
        if let id { args.append("--replace-id=\(id)") }
        for button in buttons ? settings.buttons : [] {
            let label: String
            switch button {
            case .done: label = "Done"
            case .snooze: label = "Snooze " + settings.snooze.spoken
            case .skip: label = "Skip"
            }
            args.append("--action=\(button.rawValue)=\(label)")
        }
        if reopensOnClick && buttons { args.append("--action=\(DesktopNotifier.reopenAction)=Show again") }
        args += [
            "--", DesktopNotifier.shortened(title, to: DesktopNotifier.longestTitle),
            DesktopNotifier.escape(DesktopNotifier.shortened(body, to: DesktopNotifier.longestBody)),
        ]
        return args
    }
}
