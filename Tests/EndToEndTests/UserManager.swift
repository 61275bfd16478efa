import Foundation
import LinuxSystem

/// A real `systemd --user`, started for a test: in a private mount namespace with a tmpfs on
/// /run/systemd (so that the manager believes the system booted with systemd; the journal's
/// sockets are bound back in), with a scratch HOME and XDG_RUNTIME_DIR, and in a control group of
/// its own (two managers started from one group would share their units' groups, and neither
/// would see its service die). Root only.
final class UserManager {
    let dir: String
    var home: String { dir + "/home" }
    var runtime: String { dir + "/run" }
    /// Started with posix_spawn, not Foundation's Process: systemd closes the descriptors it
    /// inherits, which Process takes for the end of the child and then waits on it for good.
    let process: ChildProcess

    static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/lib/systemd/systemd")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
            && FileManager.default.fileExists(atPath: "/run/systemd/journal/socket")
    }

    static let script = """
        set -e
        # A control group of its own in each hierarchy systemd tracks processes in.
        name=rituals-$(basename "$0")
        if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
            mounts="/sys/fs/cgroup:0"
        else
            mounts="/sys/fs/cgroup/systemd:name=systemd /sys/fs/cgroup/unified:0"
        fi
        for m in $mounts; do
            base=${m%%:*} key=${m#*:}
            [ -d "$base" ] || continue
            rel=$(awk -F: -v key="$key" '($1 == key && key == "0") || $2 == key { print $3; exit }' /proc/self/cgroup)
            mkdir -p "$base$rel/$name" && echo $$ > "$base$rel/$name/cgroup.procs" && echo "$base$rel/$name" >> "$0/cgroups"
        done
        mount --rbind /run/systemd "$0/outer"
        mount -t tmpfs tmpfs /run/systemd
        mkdir /run/systemd/system /run/systemd/journal
        mount --rbind "$0/outer/journal" /run/systemd/journal
        exec /lib/systemd/systemd --user >"$0/manager.log" 2>&1
        """

    init() throws {
        dir =
            FileManager.default.temporaryDirectory.appendingPathComponent("user-manager-\(UUID().uuidString.prefix(8))")
            .path
        for sub in ["home", "run", "outer"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        chmod(dir + "/run", 0o700)
        process = try ChildProcess(
            "/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", UserManager.script, dir],
            // No session bus or display: the test desktop's dunst is for the other tests.
            environment: [
                "HOME": dir + "/home", "XDG_RUNTIME_DIR": dir + "/run", "DBUS_SESSION_BUS_ADDRESS": "", "DISPLAY": "",
            ])
        _ = TestDesktop.poll(within: 30) { FileManager.default.fileExists(atPath: self.runtime + "/systemd/private") }
    }

    deinit { stop() }

    /// The environment of the user's session: this HOME and runtime directory.
    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home
        env["XDG_RUNTIME_DIR"] = runtime
        env["XDG_CONFIG_HOME"] = nil
        env["XDG_STATE_HOME"] = nil
        env["DBUS_SESSION_BUS_ADDRESS"] = nil
        return env
    }

    /// Runs a program in the user's session; its exit status and output (standard error too).
    @discardableResult
    func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.environment = environment
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        guard (try? p.run()) != nil else { return (-1, "cannot run \(program)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `systemctl --user ARGS`.
    @discardableResult
    func systemctl(_ arguments: String...) -> (status: Int32, output: String) {
        run("/bin/systemctl", ["--user"] + arguments)
    }

    /// One property of the rituald unit.
    func property(_ name: String) -> String {
        systemctl("show", "-p", name, "--value", "rituald").output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Ends the manager (its services with it).
    func stop() {
        guard !stopped else { return }
        stopped = true
        systemctl("exit")
        if !TestDesktop.check(every: 50_000, for: 10, { kill(self.process.pid, 0) != 0 || self.isZombie }) {
            process.kill()
        }
        _ = process.wait()
        // Its control groups, empty now, deepest first.
        let groups = ((try? String(contentsOfFile: dir + "/cgroups", encoding: .utf8)) ?? "").split(separator: "\n")
        for group in groups {
            let inside = (FileManager.default.subpaths(atPath: String(group)) ?? []).filter {
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: group + "/" + $0, isDirectory: &isDirectory)
                    && isDirectory.boolValue
            }
            for sub in inside.sorted(by: { $0.count > $1.count }) { rmdir(group + "/" + sub) }
            rmdir(String(group))
        }
    }

    private var stopped = false

    /// Whether the manager has exited and waits to be reaped.
    private var isZombie: Bool {
        ((try? String(contentsOfFile: "/proc/\(process.pid)/stat", encoding: .utf8)) ?? "").contains(") Z ")
    }
}
