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

    /// The arguments for one notification. The summary is plain text; the body is markup, so it
    /// is escaped.
    func arguments(title: String, body: String, urgency: Urgency?, replacing id: Int? = nil) -> [String] {
        let settings = self.settings
        var args = [
            "--app-name=Rituals", "--urgency=\((urgency ?? settings.urgency).rawValue)", "--icon=\(settings.icon)",
            "--expire-time=\(settings.expire.map { String($0.microseconds / 1000) } ?? "0")", "--print-id", "--wait",
        ]
        if let id { args.append("--replace-id=\(id)") }
        for button in settings.buttons {
            let label: String
            switch button {
            case .done: label = "Done"
            case .snooze: label = "Snooze " + settings.snooze.spoken
            case .skip: label = "Skip"
            }
            args.append("--action=\(button.rawValue)=\(label)")
        }
        args += ["--", title, DesktopNotifier.escape(body)]
        return args
    }
}
