import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

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
            ?? ((environment["HOME"] ?? UserDirectories.home()) + "/" + fallback)
    }

    /// The user's home from the password database, when HOME is not set.
    static func home() -> String {
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return "/" }
        return String(cString: dir)
    }

    /// `~/x` as `$HOME/x`.
    public static func expandingHome(
        _ path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return (environment["HOME"] ?? UserDirectories.home()) + path.dropFirst()
    }

    /// Why a file of secrets (Apprise URLs) cannot be used, or nil: it must be a regular file that
    /// only its owner can read and write, as ssh asks of a private key.
    public static func privateFileProblem(_ file: String, holding what: String = "the Apprise URLs, one a line")
        -> String?
    {
        var info = stat()
        guard lstat(file, &info) == 0 else {
            return "\(file): no such file; write \(what) there, then `chmod 600 \(file)`"
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return "\(file): not a regular file" }
        let mode = info.st_mode & 0o7777
        if mode & 0o066 != 0 {
            return "\(file): readable or writable by group or others (mode \(String(mode, radix: 8))), "
                + "and it holds secrets; run `chmod 600 \(file)`"
        }
        return nil
    }

    /// Why `directory` cannot be the shared folder, or nil: it must exist, be a directory of this
    /// user's and be closed to group and others (the answers in it are private).
    public static func sharedFolderProblem(_ directory: String) -> String? {
        var info = stat()
        guard lstat(directory, &info) == 0 else {
            return "\(directory): no such folder; create it (`mkdir -p \(directory) && chmod 700 \(directory)`) "
                + "or share it with Syncthing first"
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "\(directory): not a folder" }
        if info.st_uid != getuid() {
            return "\(directory): belongs to uid \(info.st_uid), not to you (uid \(getuid()))"
        }
        let mode = info.st_mode & 0o7777
        if mode & 0o077 != 0 {
            return "\(directory): open to group or others (mode \(String(mode, radix: 8))), and it holds what you "
                + "answered; run `chmod 700 \(directory)`"
        }
        return nil
    }
}
