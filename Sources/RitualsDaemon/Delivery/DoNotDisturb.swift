import Systemd

/// Where a notification server keeps its Do Not Disturb switch on the session bus, and how its
/// changes are told: a boolean property of the server's own object, changed with
/// `PropertiesChanged` (dunst, Plasma), or a setting of Xfce's xfconf, changed with its
/// `PropertyChanged`. The server is known by the name `GetServerInformation` gives.
struct DoNotDisturb: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        /// A property of the server's `/org/freedesktop/Notifications`: its interface and name.
        case serverProperty(interface: String, name: String)
        /// A setting of xfconf (`xfconf-query -c CHANNEL -p PROPERTY`).
        case xfconf(channel: String, property: String)
    }

    let source: Source

    /// The switch of the server that calls itself `server`; nil for a server whose switch is not
    /// followed (or that has none).
    static func of(server: String) -> DoNotDisturb? {
        switch server {
        // dunst: `dunstctl set-paused true`, notifications kept until it is set back.
        case "dunst": DoNotDisturb(source: .serverProperty(interface: "org.dunstproject.cmd0", name: "paused"))
        // KDE Plasma: its Do Not Disturb (or an application's inhibition) as `Inhibited`.
        case "Plasma":
            DoNotDisturb(source: .serverProperty(interface: "org.freedesktop.Notifications", name: "Inhibited"))
        // Xfce's notifyd: the switch in its panel plugin and settings, kept by xfconf.
        case "Xfce Notify Daemon": DoNotDisturb(source: .xfconf(channel: "xfce4-notifyd", property: "/do-not-disturb"))
        default: nil
        }
    }

    static let xfconf = (name: "org.xfce.Xfconf", path: "/org/xfce/Xfconf", interface: "org.xfce.Xfconf")

    /// The call that asks the switch: destination (`owner` is the server's unique name), object,
    /// interface, member and arguments.
    func query(owner: String) -> (String, String, String, String, [String]) {
        switch source {
        case .serverProperty(let interface, let name):
            (owner, ServerWatch.path, "org.freedesktop.DBus.Properties", "Get", [interface, name])
        case .xfconf(let channel, let property):
            (Self.xfconf.name, Self.xfconf.path, Self.xfconf.interface, "GetProperty", [channel, property])
        }
    }

    /// Whether an error answer means the switch is off: an xfconf setting never set is off.
    var errorMeansOff: Bool {
        if case .xfconf = source { true } else { false }
    }

    /// The match rule for the signals that change the switch, from `owner` (the server's own) or
    /// from whoever holds xfconf's name.
    func changes(from owner: String) -> String {
        switch source {
        case .serverProperty(let interface, _):
            "type='signal',sender='\(owner)',path='\(ServerWatch.path)',interface='org.freedesktop.DBus.Properties',"
                + "member='PropertiesChanged',arg0='\(interface)'"
        case .xfconf(let channel, let property):
            "type='signal',sender='\(Self.xfconf.name)',path='\(Self.xfconf.path)',interface='\(Self.xfconf.interface)',"
                + "arg0='\(channel)',arg1='\(property)'"
        }
    }

    /// What a signal says of the switch: its new value, nil when it does not say it (or says it
    /// changed without its value: ask then, see ``invalidated(in:)``).
    func value(in signal: BusReply) -> Bool? {
        switch source {
        case .serverProperty(_, let name):
            guard case .bool(let on)? = signal.properties?[name] else { return nil }
            return on
        case .xfconf(let channel, let property):
            guard signal.strings.count >= 2, signal.strings[0] == channel, signal.strings[1] == property else {
                return nil
            }
            // PropertyChanged carries the value; PropertyRemoved does not: back to its default, off.
            return signal.arguments.count > 2 ? signal.bool ?? false : false
        }
    }

    /// Whether the signal says the switch changed without its value (asked for then).
    func invalidated(in signal: BusReply) -> Bool {
        guard case .serverProperty(_, let name) = source else { return false }
        return signal.arguments.contains { if case .strings(let names) = $0 { names.contains(name) } else { false } }
    }
}
