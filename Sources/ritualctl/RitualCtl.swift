import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsControl

#if canImport(Glibc)
    import Glibc
#endif

/// The `ritualctl` command tree.
@main
struct RitualCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ritualctl",
        abstract: "Inspect and control the rituals that rituald keeps on schedule.",
        discussion: """
            Schedules are written in any of three forms: a systemd calendar expression \
            ("Mon..Fri 21:00"), an RFC 5545 recurrence ("DTSTART:20261204T190000" and \
            "RRULE:FREQ=WEEKLY;INTERVAL=2" on separate lines), or the plain form \
            ("every 2 weeks on Fri at 19:00").

            status, list, next, show, fire, done, snooze, skip, pause, resume and reload talk to rituald \
            over its control socket; calendar, check and init work offline, and so do history and stats \
            (they read the history file), export and test-channel (they read the config).

            Exit status: 0 done, 1 refused or invalid input, 2 usage error, 3 rituald not reachable.
            """,
        version: RitualsVersion.string,
        subcommands: [
            StatusCommand.self, ListCommand.self, NextCommand.self, ShowCommand.self, FireCommand.self,
            DoneCommand.self, SnoozeCommand.self, SkipCommand.self, PauseCommand.self, ResumeCommand.self,
            ReloadCommand.self, NoteCommand.self, NotesCommand.self, HistoryCommand.self, StatsCommand.self,
            ExportCommand.self, TestChannelCommand.self,
            CalendarCommand.self, CheckCommand.self, InitCommand.self,
        ]
    )

    /// Exit status for a command line that cannot be used as given.
    static let usageStatus: Int32 = 2

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.error(Data((fullMessage(for: error) + "\n").utf8))
                Glibc.exit(usageStatus)
            }
            exit(withError: error)
        }
    }
}
