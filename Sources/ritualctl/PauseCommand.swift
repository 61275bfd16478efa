import ArgumentParser
import RitualsControl

/// `ritualctl pause`.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause one ritual or all of them, until resumed or for a while."
    )

    @Argument(help: "The ritual's id (default: every ritual).")
    var id: String?

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp("Resume by itself after this long, e.g. 2w or \"3d 12h\".", valueName: "DURATION"))
    var duration: String?

    @Option(
        help: ArgumentHelp(
            "Resume by itself at this time: 'YYYY-MM-DD [HH:MM]', ISO 8601 or @EPOCH.", valueName: "TIME"))
    var until: String?

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the list of messages.")
    var json = false

    func validate() throws {
        if duration != nil && until != nil { throw ValidationError("Give --for or --until, not both.") }
    }

    func run() throws {
        try connection.perform(.pause(id, for: duration, until: until), json: json)
    }
}
