/// The desktop as rituald sees it on the session bus: the notification server that shows its
/// notifications (its name and version, what it can do), or why there is none.
public struct DesktopStatus: Codable, Sendable, Equatable {
    /// The server as it names itself, with its version: "dunst 1.9.0", "gnome-shell 43.9".
    public var server: String?
    /// What it says it can do (`actions`: buttons; `body-markup`, `persistence`, ...).
    public var capabilities: [String]?
    /// Why no server is known: no session bus, none on it.
    public var problem: String?

    public init(server: String? = nil, capabilities: [String]? = nil, problem: String? = nil) {
        self.server = server
        self.capabilities = capabilities
        self.problem = problem
    }

    /// What `status` says of it in one line.
    public var summary: String {
        guard let server else { return problem ?? "not known yet" }
        guard let capabilities else { return server }
        return capabilities.contains("actions")
            ? server + ", with buttons" : server + ", without buttons (answer with ritualctl done)"
    }
}
