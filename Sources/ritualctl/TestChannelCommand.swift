import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsChannels
import RitualsConfig
import RitualsCore

/// `ritualctl test-channel NAME`: one test message through one channel.
struct TestChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-channel",
        abstract: "Send a test message through one channel of the config and report how it went.",
        discussion: """
            Runs the channel as rituald would (apprise with its urls_file, or its command with \
            RITUAL_EVENT=test), without rituald. Exit status 0 when the message went out, 1 with the \
            reason (apprise's own, secrets left out) when it did not. The desktop channel is tried with \
            `ritualctl fire ID`.
            """
    )

    @Argument(help: ArgumentHelp("The channel: a [channels.NAME] table of the config.", valueName: "NAME"))
    var name: String

    @OptionGroup var config: ConfigOption

    func run() throws {
        let loaded = try config.load()
        guard let channel = loaded.config.channels[name] else {
            let known = loaded.config.channels.keys.sorted()
            let hint =
                name == RitualsConfiguration.desktopChannel
                ? "the desktop channel is tried with `ritualctl fire ID`"
                : known.isEmpty
                    ? "\(loaded.name) defines none; add a [channels.NAME] table"
                    : "the channels are: \(known.joined(separator: ", "))"
            StandardStream.error.write(Data("ritualctl: no channel \"\(name)\" to test; \(hint)\n".utf8))
            throw ExitCode(1)
        }
        let now = Int(Date().timeIntervalSince1970) * Microseconds.second
        let message = ChannelMessage(
            event: "test", ritualID: "test", title: "Rituals test",
            body: "A test from ritualctl: when this arrives, the channel \(name) works.", prompt: nil, occurrence: now,
            zone: loaded.zone, partner: loaded.config.settings.partner)
        switch ChannelRunner.run(channel, message) {
        case .sent(let output):
            print("Sent a test message through \(name) (\(channel.kind.name)).")
            if case .command = channel.kind, !output.isEmpty { print(output) }
        case .failed(let why):
            StandardStream.error.write(Data("ritualctl: \(name) (\(channel.kind.name)) failed: \(why)\n".utf8))
            throw ExitCode(1)
        }
    }
}
