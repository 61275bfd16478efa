import ArgumentParser
import RitualsControl

/// `ritualctl skip`.
struct SkipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Skip the next N occurrences of a ritual: they will not fire."
    )

    @Argument(help: "The ritual's id.")
    var id: String

    @Option(help: ArgumentHelp("How many coming occurrences to skip.", valueName: "N"))
    var count = 1

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the ritual, the answer, the occurrences it was recorded for, and the messages.")
    var json = false

    func validate() throws {
        if let why = ControlLimits.refusal("--count", count, ControlLimits.skipCount) {
            throw ValidationError(why + ".")
        }
    }

    func run() throws { try connection.perform(.skip(id, count: count), json: json) }
}
