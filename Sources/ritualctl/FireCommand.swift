import ArgumentParser
import RitualsControl

/// `ritualctl fire`.
struct FireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fire",
        abstract: "Fire a ritual now, as if its next occurrence were due (shows the notification)."
    )

    @Argument(help: "The ritual's id.")
    var id: String

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the list of messages.")
    var json = false

    func run() throws { try connection.perform(.fire(id), json: json) }
}
