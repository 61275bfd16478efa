import Foundation
import Systemd

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

    /// Longest path a Unix socket address holds (sun_path, with its terminating zero).
    public static let maxSocketPath = 107
}
