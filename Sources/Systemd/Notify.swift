import CSystemd

/// Status messages to the service manager (`sd_notify`): READY=1, STATUS=, RELOADING=1,
/// STOPPING=1, WATCHDOG=1. Does nothing when not started by systemd (no `NOTIFY_SOCKET`).
public enum ServiceNotify {
    /// Sends `state` (one or more `KEY=value` lines); true when it was delivered.
    @discardableResult
    public static func send(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }
}
