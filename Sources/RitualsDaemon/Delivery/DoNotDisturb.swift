import Systemd

/// Where a notification server keeps its Do Not Disturb switch on the session bus: a boolean
/// property of its object `/org/freedesktop/Notifications`, changed with `PropertiesChanged`. The
/// server is known by the name `GetServerInformation` gives.
struct DoNotDisturb: Sendable, Equatable {
    /// The interface that holds the property.
    let interface: String
    /// The property: true while the person asked not to be disturbed.
    let property: String

    /// The switch of the server that calls itself `server`; nil for a server whose switch is not
    /// on the bus (or that has none).
    static func of(server: String) -> DoNotDisturb? {
        switch server {
        // dunst: `dunstctl set-paused true`, notifications kept until it is set back.
        case "dunst": DoNotDisturb(interface: "org.dunstproject.cmd0", property: "paused")
        // KDE Plasma: its Do Not Disturb (or an application's inhibition) as `Inhibited`.
        case "Plasma": DoNotDisturb(interface: "org.freedesktop.Notifications", property: "Inhibited")
        default: nil
        }
    }

    /// The match rule for changes of the switch sent by `owner` (the server's unique name).
    func changes(from owner: String) -> String {
        "type='signal',sender='\(owner)',path='\(ServerWatch.path)',interface='org.freedesktop.DBus.Properties',"
            + "member='PropertiesChanged',arg0='\(interface)'"
    }

    /// What a `PropertiesChanged` says of the switch: its new value, nil when it does not name it
    /// (or names it invalidated, to be asked for).
    func value(in signal: BusReply) -> Bool? {
        guard case .bool(let on)? = signal.properties?[property] else { return nil }
        return on
    }

    /// Whether the signal says the switch changed without its value (asked for then).
    func invalidated(in signal: BusReply) -> Bool {
        signal.arguments.contains { if case .strings(let names) = $0 { names.contains(property) } else { false } }
    }
}
