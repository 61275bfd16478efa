import ArgumentParser
import RitualsControl

/// `ritualctl fire`.
struct FireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fire",
        abstract: "Fire a ritual now, as if its next occurrence were due (shows the notification).",
        discussion: """
            The occurrence then does not fire again at its time, and answers to it count at once, \
            from here, the shared folder or a phone. With shared_dir, the other computer hears of it \
            and fires it too. An occurrence already fired ahead of its time and still unanswered \
            (here, or by the other computer) is fired again rather than the one after it.
            """
    )

    @Argument(help: "The ritual's id.")
    var id: String

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the list of messages.")
    var json = false

    func run() throws { try connection.perform(.fire(id), json: json) }
}
