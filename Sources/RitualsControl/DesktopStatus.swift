import RitualsCore

/// The desktop as rituald sees it on the session bus: the notification server that shows its
/// notifications (its name and version, what it can do), or why there is none.
public struct DesktopStatus: Codable, Sendable, Equatable {
    /// The server as it names itself, with its version: "dunst 1.9.0", "gnome-shell 43.9".
    public var server: String?
    /// What it says it can do (`actions`: buttons; `body-markup`, `persistence`, ...).
    public var capabilities: [String]?
    /// Why no server is known: no session bus, none on it; or what of it cannot be followed.
    public var problem: String?
    /// Whether the person switched Do Not Disturb on (dunst's pause, Xfce's and Plasma's switch);
    /// nil for a server whose switch is not followed.
    public var doNotDisturb: Bool?
    /// Since when no one has used the computer, as the desktop's own idle monitor tells it (GNOME
    /// Shell's); nil while in use. `idleFollowed` says whether there is one.
    public var idleSince: Instant?
    public var idleFollowed: Bool?

    public init(
        server: String? = nil, capabilities: [String]? = nil, problem: String? = nil, doNotDisturb: Bool? = nil
    ) {
        self.server = server
        self.capabilities = capabilities
        self.problem = problem
        self.doNotDisturb = doNotDisturb
    }

    /// What `status` says of it in one line.
    public var summary: String {
        guard let server else { return problem ?? "not known yet" }
        var line = server
        if let capabilities {
            line +=
                capabilities.contains("actions") ? ", with buttons" : ", without buttons (answer with ritualctl done)"
        }
        if doNotDisturb == true { line += "; Do Not Disturb on" }
        if let problem { line += " (\(problem))" }
        return line
    }
}
