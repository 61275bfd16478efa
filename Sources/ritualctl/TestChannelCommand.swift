import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsChannels
import RitualsConfig
import RitualsCore

#if canImport(Glibc)
    import Glibc
#endif

/// `ritualctl test-channel NAME`: one test message through one channel.
struct TestChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-channel",
        abstract: "Send a test message through one channel of the config and report how it went.",
        discussion: """
            Runs the channel as rituald would (apprise with its urls_file, its command with \
            RITUAL_EVENT=test, a Matrix room, an ntfy topic), without rituald. Exit status 0 when the \
            message went out, 1 with the reason (secrets left out) when it did not. The desktop \
            channel is tried with `ritualctl fire ID`. A channel with answers = true then waits for the \
            answer to the test (--wait, default 5m; 0 does not wait) and says who gave which and how \
            long it took; exit status 1 when none came.
            """
    )

    @Argument(help: ArgumentHelp("The channel: a [channels.NAME] table of the config.", valueName: "NAME"))
    var name: String

    @OptionGroup var config: ConfigOption

    @OptionGroup var store: HistoryStore

    @Option(
        help: ArgumentHelp(
            "How long to wait for the answer through a channel with answers = true (0: do not wait).",
            valueName: "DURATION"))
    var wait = "5m"

    func run() throws {
        var loaded = try config.load()
        // The key that signs ntfy answers is rituald's: in its state directory.
        loaded.config.keepSigningKeys(in: FileIO.directory(of: store.locate().path))
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
        let now = WallClock.now().truncatedToSecond
        let message = ChannelMessage(
            event: "test", ritualID: "test", title: "Rituals test",
            body: "A test from ritualctl: when this arrives, the channel \(name) works.", prompt: nil, occurrence: now,
            zone: loaded.zone, partner: loaded.config.settings.partner)
        let waitFor: Duration
        do {
            waitFor = .microseconds(try TimeSpan.parse(wait))
        } catch {
            throw ValidationError("--wait: \(error)")
        }
        switch ChannelRunner.run(channel, message) {
        case .sent(let output):
            print("Sent a test message through \(name) (\(channel.kind.name)).")
            if case .command = channel.kind, !output.isEmpty { print(output) }
            let person = channel.person ?? loaded.config.settings.others.first ?? loaded.config.settings.partner
            guard channel.answers, waitFor > .zero else { return }
            switch channel.kind {
            case .matrix(let room): try awaitAnswer(room, post: output, person: person, sent: now, within: waitFor)
            case .ntfy(let topic): try awaitAnswer(topic, person: person, sent: now, within: waitFor)
            case .apprise, .command: break
            }
        case .failed(let why):
            StandardStream.error.write(Data("ritualctl: \(name) (\(channel.kind.name)) failed: \(why)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Reads the room until the answerer answers the test post, or `within` passed.
    func awaitAnswer(_ room: Channel.MatrixRoom, post: String, person: String, sent: Instant, within: Duration) throws {
        ThisProcess.ignore(SIGPIPE)
        print(
            "Waiting up to \(within.spoken) for \(person)'s answer: " + ChannelMessage.howToAnswer)
        let client = MatrixClient(room)
        var followed = FollowedRoom()
        followed.add(.init(event: post, ritual: "test", occurrence: sent, at: sent))
        let deadline = WallClock.now() + within
        var since: String?
        while WallClock.now() < deadline {
            let left = deadline - WallClock.now()
            switch client.sync(since: since, wait: min(left, .seconds(30)), curl: Curl()) {
            case .failure(let f):
                StandardStream.error.write(Data("ritualctl: \(name): \(f)\n".utf8))
                throw ExitCode(1)
            case .success(let sync):
                since = sync.nextBatch
                let (answers, _) = followed.answers(
                    in: sync.items, answerer: room.answerer ?? "", bot: nil, person: .named(person), channel: name,
                    snooze: .minutes(10), now: WallClock.now())
                if let a = answers.first {
                    let after = TestChannelCommand.after(a, sent: sent)
                    print(
                        "\(person) answered \(a.answer.kind.name) (as \(room.answerer ?? "")) \(after) after it was sent."
                    )
                    return
                }
            }
        }
        StandardStream.error.write(
            Data("ritualctl: \(name): no answer from \(room.answerer ?? person) within \(wait)\n".utf8))
        throw ExitCode(1)
    }

    /// How long after `sent` the answer came, in whole seconds.
    static func after(_ a: GivenAnswer, sent: Instant) -> String {
        TimeSpan.format(max(0, Int((a.at - sent).components.seconds)) * Microseconds.second)
    }
}
