import Foundation

/// Where a user's rituals live, by the XDG base directory specification (relative values are
/// ignored, as it asks).
public enum UserDirectories {
    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    public static func config(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        base("XDG_CONFIG_HOME", ".config", environment)
    }

    /// rituald's state directory: `$XDG_STATE_HOME/rituals`, else `~/.local/state/rituals`.
    public static func state(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        base("XDG_STATE_HOME", ".local/state", environment) + "/rituals"
    }

    static func base(_ variable: String, _ fallback: String, _ environment: [String: String]) -> String {
        environment[variable].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/" + fallback)
    }
}
