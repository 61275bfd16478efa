import ArgumentParser
import RitualsControl

/// `ritualctl done`.
struct DoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Mark the occurrence that fired last as done."
    )

    @Argument(help: "The ritual's id.")
    var id: String

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the ritual, the answer, the occurrences it was recorded for, and the messages.")
    var json = false

    func run() throws { try connection.perform(.done(id), json: json) }
}
