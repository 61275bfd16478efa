import Systemd

/// Where a notification server keeps its Do Not Disturb switch on the session bus, and how its
/// changes are told: a boolean property of the server's own object, changed with
/// `PropertiesChanged` (dunst, Plasma), a setting of Xfce's xfconf, changed with its
/// `PropertyChanged`, or a GSettings key kept by dconf (GNOME Shell), whose change dconf's
/// `Notify` tells and `gsettings get` reads, or one of mako's modes, which mako tells no one of:
/// the calls that set them (`makoctl mode`) are overheard on the bus. The server is known by the
/// name `GetServerInformation` gives.
struct DoNotDisturb: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        /// A property of the server's `/org/freedesktop/Notifications`: its interface and name.
        case serverProperty(interface: String, name: String)
        /// A setting of xfconf (`xfconf-query -c CHANNEL -p PROPERTY`).
        case xfconf(channel: String, property: String)
        /// A GSettings key (`gsettings get SCHEMA KEY`) that is false while Do Not Disturb is on.
        case gsettingsOff(schema: String, key: String)
        /// One of mako's modes (`makoctl mode -a NAME`), on while it is among them.
        case makoMode(String)
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
        // GNOME Shell: its Do Not Disturb switch sets `show-banners` to false.
        case "gnome-shell":
            DoNotDisturb(source: .gsettingsOff(schema: "org.gnome.desktop.notifications", key: "show-banners"))
        // mako: the mode its manual names for hiding everything (`[mode=do-not-disturb]
        // invisible=1`, switched with `makoctl mode -a|-r do-not-disturb`).
        case "mako": DoNotDisturb(source: .makoMode("do-not-disturb"))
        default: nil
        }
    }

    static let mako = (path: "/fr/emersion/Mako", interface: "fr.emersion.Mako")

    static let xfconf = (name: "org.xfce.Xfconf", path: "/org/xfce/Xfconf", interface: "org.xfce.Xfconf")

    /// The call that asks the switch: destination (`owner` is the server's unique name), object,
    /// interface, member and arguments; nil when it is read with `gsettings` (see ``gsettings``).
    func query(owner: String) -> (String, String, String, String, [String])? {
        switch source {
        case .serverProperty(let interface, let name):
            (owner, ServerWatch.path, "org.freedesktop.DBus.Properties", "Get", [interface, name])
        case .xfconf(let channel, let property):
            (Self.xfconf.name, Self.xfconf.path, Self.xfconf.interface, "GetProperty", [channel, property])
        case .makoMode: (owner, Self.mako.path, Self.mako.interface, "ListModes", [])
        case .gsettingsOff: nil
        }
    }

    /// What the answer to ``query(owner:)`` says of the switch: on while the mode is listed, or
    /// the boolean asked for.
    func value(answer: BusReply) -> Bool? {
        guard case .makoMode(let name) = source else { return answer.bool }
        guard case .strings(let modes)? = answer.arguments.first else { return nil }
        return modes.contains(name)
    }

    /// The match rules of the calls that change a switch no signal tells of (mako's `SetMode`
    /// and `SetModes`), to be overheard; nil when ``changes(from:)`` is followed instead.
    var overheard: [String]? {
        guard case .makoMode = source else { return nil }
        return ["SetMode", "SetModes"].map {
            "type='method_call',path='\(Self.mako.path)',interface='\(Self.mako.interface)',member='\($0)'"
        }
    }

    /// The arguments of `gsettings` that read the key, for a switch kept in GSettings.
    var gsettings: [String]? {
        guard case .gsettingsOff(let schema, let key) = source else { return nil }
        return ["get", schema, key]
    }

    /// What `gsettings get` printed says of the switch: on when the key is false.
    func value(printed: String) -> Bool? {
        switch printed.split(whereSeparator: \.isWhitespace).first {
        case "false": true
        case "true": false
        default: nil
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
        case .gsettingsOff(let schema, _):
            // dconf's writer tells each change by its path's prefix ("/" for many at once).
            "type='signal',interface='ca.desrt.dconf.Writer',member='Notify',"
                + "arg0path='/\(String(schema.map { $0 == "." ? "/" : $0 }))/'"
        case .makoMode: ""
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
        case .gsettingsOff, .makoMode: return nil
        }
    }

    /// Whether the signal says the switch changed without its value (asked for then).
    func invalidated(in signal: BusReply) -> Bool {
        switch source {
        case .serverProperty(_, let name):
            signal.arguments.contains { if case .strings(let names) = $0 { names.contains(name) } else { false } }
        case .xfconf: false
        // A mode set by anyone: ask mako which are on now (it answers in the order it was asked).
        case .makoMode: true
        // dconf says which keys changed under the prefix, not their values: read them again.
        case .gsettingsOff: true
        }
    }
}
