import FoundationEssentials
import LinuxSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Where daemon and ctl meet: one function for both, so they never disagree.
public enum ControlPaths {
    /// `$XDG_RUNTIME_DIR/rituals/control.sock`; without XDG_RUNTIME_DIR, `/run/user/UID/…` when
    /// that exists, else `$TMPDIR/rituals-UID/control.sock`.
    public static func socket(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        directory(environment: environment) + "/control.sock"
    }

    /// The runtime directory of rituald (created 0700 by the daemon).
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") { return runtime + "/rituals" }
        let user = "/run/user/\(ThisProcess.uid)"
        if FileManager.default.fileExists(atPath: user) { return user + "/rituals" }
        let tmp = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        return tmp + "/rituals-\(ThisProcess.uid)"
    }

    /// What is wrong with `directory` as the home of a control socket, or nil: it must belong to
    /// the user (or to root) and no one else may replace what is in it: not writable by others,
    /// or sticky as /tmp is (the checks ssh-agent and tmux make).
    public static func problem(with directory: String) -> String? {
        guard let owner = try? FileIO.owner(of: directory) else { return nil }
        let uid = ThisProcess.uid
        if owner.isLink {
            return
                "\(directory) is a symbolic link; remove it (rituald makes the directory itself) or give another --socket"
        }
        if owner.uid != uid && owner.uid != 0 {
            return "\(directory) belongs to uid \(owner.uid), not to you (uid \(uid)); "
                + "someone else could answer for rituald there: remove it, set XDG_RUNTIME_DIR, or give another --socket"
        }
        if owner.mode & 0o022 != 0 && owner.mode & 0o1000 == 0 {
            return "\(directory) can be written by others (mode \(String(owner.mode, radix: 8))); "
                + "make it private with `chmod 700 \(directory)` or give another --socket"
        }
        return nil
    }

    /// The first folder on the way to `path` that exists and is not a directory (a file where
    /// XDG_RUNTIME_DIR points, say), if any.
    public static func notADirectory(on path: String) -> String? {
        var prefix = ""
        for part in path.split(separator: "/").dropLast() {
            prefix += "/" + part
            var info = stat()
            guard stat(prefix, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT != S_IFDIR { return prefix }
        }
        return nil
    }

    /// Longest path a Unix socket address holds (sun_path, with its terminating zero).
    public static let maxSocketPath = 107
}
