import FoundationEssentials
import LinuxSystem
import RitualsControl

/// rituald's command line: a handful of options, read by hand (a daemon needs no argument
/// library: half a megabyte less in the program). Speaks as ritualctl's parser does: the same
/// help layout, the same errors, exit status 64 for a usage error.
struct DaemonArguments {
    var config: String?
    var stateDirectory: String?
    var socket: String?
    var verbose = false
    var defaults = false

    /// What the command line asks: to run, or to print something and exit with a status.
    enum Reading {
        case run(DaemonArguments)
        case exit(text: String, toError: Bool, status: Int32)
    }

    static let usage = "rituald [--config <FILE>] [--state-dir <DIR>] [--socket <PATH>] [--verbose] [--defaults]"

    static let help = """
        OVERVIEW: Keep the rituals of the config file on schedule: journal entries,
        desktop notifications and messages through the config's channels.

        Runs in the foreground (systemd's Type=notify). Without a config file it keeps
        the built-in rituals. SIGHUP or `ritualctl reload` reloads the config (an
        invalid file keeps the old rituals running); SIGTERM stops. Events and answers
        are written to the journal (SYSLOG_IDENTIFIER=rituald) and to
        $XDG_STATE_HOME/rituals/history.jsonl. ritualctl talks to it over the control
        socket; one rituald per socket. With people, me and shared_dir in [settings],
        answers are appended to this person's file in that folder and the other
        people's files are followed, so that two computers (synced by Syncthing) keep
        one couple's rituals. Notifications are held while the notification server
        says Do Not Disturb is on (GNOME Shell, dunst, Xfce, Plasma, mako), while
        logind says the screen is locked (and, if configured, while the person is
        away), and shown when they are back. Notes written to a ritual with notes =
        "sealed" (ritualctl note) are kept in $XDG_STATE_HOME/rituals/notes.jsonl and
        shown to the others only once everyone has written.

        USAGE: \(usage)

        OPTIONS:
          --config <FILE>         The config file (default:
                                  $XDG_CONFIG_HOME/rituals/rituals.toml).
          --state-dir <DIR>       Where history is kept (default:
                                  $XDG_STATE_HOME/rituals).
          --socket <PATH>         The control socket ritualctl talks to (default:
                                  $XDG_RUNTIME_DIR/rituals/control.sock).
          --verbose               Also print every event to standard error.
          --defaults              Keep the built-in rituals, even where a config file
                                  exists.
          --version               Show the version.
          -h, --help              Show help information.

        """

    /// The options that take a value, with the name of the value.
    private static let valued = ["--config": "FILE", "--state-dir": "DIR", "--socket": "PATH"]

    /// Reads `arguments` (without the program's name).
    static func read(_ arguments: [String]) -> Reading {
        var a = DaemonArguments()
        var rest = arguments[...]
        while let word = rest.popFirst() {
            let (name, attached) = split(word)
            if let valueName = valued[name] {
                guard let value = attached ?? rest.popFirst(), attached != nil || !value.hasPrefix("-") else {
                    return refuse("Missing value for '\(name) <\(valueName)>'")
                }
                switch name {
                case "--config": a.config = value
                case "--state-dir": a.stateDirectory = value
                default: a.socket = value
                }
                continue
            }
            guard attached == nil else { return refuse("Unknown option '\(word)'") }
            switch name {
            case "--verbose": a.verbose = true
            case "--defaults": a.defaults = true
            case "--version": return .exit(text: RitualsVersion.string + "\n", toError: false, status: 0)
            case "-h", "--help", "help": return .exit(text: help, toError: false, status: 0)
            default:
                return refuse(name.hasPrefix("-") ? "Unknown option '\(word)'" : "Unexpected argument '\(word)'")
            }
        }
        if a.defaults && a.config != nil { return refuse("Give --config or --defaults, not both.") }
        return .run(a)
    }

    /// `--name=value` as its name and value; any other word as itself.
    private static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let eq = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<eq]), String(word[word.index(after: eq)...]))
    }

    private static func refuse(_ why: String) -> Reading {
        .exit(
            text: "Error: \(why)\nUsage: \(usage)\n  See 'rituald --help' for more information.\n", toError: true,
            status: 64)
    }
}
