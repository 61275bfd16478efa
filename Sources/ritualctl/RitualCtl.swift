import ArgumentParser

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
            """,
        subcommands: [CalendarCommand.self]
    )
}
