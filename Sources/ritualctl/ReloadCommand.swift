import ArgumentParser
import RitualsControl

/// `ritualctl reload`.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract:
            "Make rituald read its config file again; an invalid file is reported and the old rituals keep running."
    )

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the list of messages.")
    var json = false

    func run() throws { try connection.perform(.reload, json: json) }
}
