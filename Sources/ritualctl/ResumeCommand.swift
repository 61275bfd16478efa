import ArgumentParser
import RitualsControl

/// `ritualctl resume`.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused ritual, or all rituals."
    )

    @Argument(help: "The ritual's id (default: the pause of every ritual).")
    var id: String?

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the list of messages.")
    var json = false

    func run() throws { try connection.perform(.resume(id), json: json) }
}
