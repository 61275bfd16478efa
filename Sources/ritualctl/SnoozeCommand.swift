import ArgumentParser
import RitualsControl

/// `ritualctl snooze`.
struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Snooze the occurrence that fired last: it fires again after DURATION."
    )

    @Argument(help: "The ritual's id.")
    var id: String

    @Argument(
        help: ArgumentHelp("How long, e.g. 10m or \"1h 30min\" (default: the config's snooze).", valueName: "DURATION"))
    var duration: String?

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the ritual, the answer, the occurrences it was recorded for, and the messages.")
    var json = false

    func run() throws { try connection.perform(.snooze(id, duration: duration), json: json) }
}
