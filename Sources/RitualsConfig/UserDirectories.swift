import Foundation

/// Where a user's rituals live, by the XDG base directory specification (relative values are
/// ignored, as it asks), and what files of secrets must be.
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

    /// `~/x` as `$HOME/x`.
    public static func expandingHome(
        _ path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return (environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst()
    }

    /// Why a file of secrets (Apprise URLs) cannot be used, or nil: it must be a regular file that
    /// only its owner can read and write, as ssh asks of a private key.
    public static func privateFileProblem(_ file: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else {
            return "\(file): no such file; write the Apprise URLs there, one a line, then `chmod 600 \(file)`"
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            return "\(file): not a regular file"
        }
        let mode = (attributes[.posixPermissions] as? Int) ?? 0
        if mode & 0o066 != 0 {
            return "\(file): readable or writable by group or others (mode \(String(mode, radix: 8))), "
                + "and it holds secrets; run `chmod 600 \(file)`"
        }
        return nil
    }

    /// Why `directory` cannot be the shared folder, or nil: it must exist, be a directory of this
    /// user's and be closed to group and others (the answers in it are private).
    public static func sharedFolderProblem(_ directory: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: directory) else {
            return "\(directory): no such folder; create it (`mkdir -p \(directory) && chmod 700 \(directory)`) "
                + "or share it with Syncthing first"
        }
        guard attributes[.type] as? FileAttributeType == .typeDirectory else {
            return "\(directory): not a folder"
        }
        if let owner = attributes[.ownerAccountID] as? Int, owner != Int(getuid()) {
            return "\(directory): belongs to uid \(owner), not to you (uid \(getuid()))"
        }
        let mode = (attributes[.posixPermissions] as? Int) ?? 0
        if mode & 0o077 != 0 {
            return "\(directory): open to group or others (mode \(String(mode, radix: 8))), and it holds what you "
                + "answered; run `chmod 700 \(directory)`"
        }
        return nil
    }
}
