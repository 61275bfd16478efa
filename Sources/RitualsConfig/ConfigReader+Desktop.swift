import RitualsCore

/// `[channels.desktop]`: the notifications of this computer's desktop.
extension ConfigReader {
    mutating func readDesktop(_ table: TOMLTable, _ path: String, into desktop: inout RitualsConfiguration.Desktop) {
        checkKeys(table, path, known: ConfigReader.desktopKeys)
        if let kind = string(table, "kind", path), kind != "desktop" {
            report(path + ".kind", "the desktop channel's kind is \"desktop\"", atValue: true)
        }
        if let text = string(table, "urgency", path) {
            if let u = Urgency(rawValue: text) {
                desktop.urgency = u
            } else {
                report(
                    path + ".urgency", "expected \"low\", \"normal\" or \"critical\", got \"\(text)\"", atValue: true)
            }
        }
        switch spanOrNever(table, "expire", path, range: .seconds(1)...Duration.days(1)) {
        case .span(let v): desktop.expire = v
        case .never: desktop.expire = nil
        case nil: break
        }
        if let icon = string(table, "icon", path) { desktop.icon = icon }
        if let names = strings(table, "buttons", path) {
            var buttons: [RitualsConfiguration.Desktop.Button] = []
            for (i, n) in names.enumerated() {
                if let b = RitualsConfiguration.Desktop.Button(rawValue: n) {
                    buttons.append(b)
                } else {
                    report(
                        "\(path).buttons[\(i)]", "expected \"done\", \"snooze\" or \"skip\", got \"\(n)\"",
                        atValue: true)
                }
            }
            desktop.buttons = buttons
        }
        if let v = span(table, "snooze", path, range: .seconds(60)...ConfigReader.longest) {
            desktop.snooze = v
        }
        if let names = strings(table, "hold", path) {
            var hold: [HoldReason] = []
            for (i, n) in names.enumerated() {
                if let reason = HoldReason(rawValue: n) {
                    if !hold.contains(reason) { hold.append(reason) }
                } else {
                    report(
                        "\(path).hold[\(i)]", "expected \"do-not-disturb\", \"locked\" or \"away\", got \"\(n)\"",
                        atValue: true)
                }
            }
            desktop.hold = hold
        }
        if let v = span(table, "away_after", path, range: .minutes(1)...Duration.days(1)) { desktop.awayAfter = v }
    }
}
