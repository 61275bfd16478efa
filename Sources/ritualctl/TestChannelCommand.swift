import ArgumentParser
import Dispatch
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
            answer to the test (--wait, default 5m; 0 does not wait), read as rituald reads answers, \
            and says who gave which and how long it took; exit status 1 when none came.
            """
    )

    @Argument(help: ArgumentHelp("The channel: a [channels.NAME] table of the config.", valueName: "NAME"))
    var name: String

    @OptionGroup var config: ConfigOption

    @OptionGroup var store: StateDirectoryOption

    @Option(
        help: ArgumentHelp(
            "How long to wait for the answer through a channel with answers = true (0: do not wait).",
            valueName: "DURATION"))
    var wait = "5m"

    func run() throws {
        let loaded = try config.load()
        // What the channels keep (the key that signs ntfy's answers) is rituald's: in its state directory.
        let context = ChannelContext(stateDirectory: FileIO.directory(of: store.locate().path))
        guard let channel = loaded.config.channels[name] else {
            let known = loaded.config.channels.keys.sorted()
            let hint =
                name == RitualsConfiguration.desktopChannel
                ? "the desktop channel is tried with `ritualctl fire ID`"
                : known.isEmpty
                    ? "\(loaded.name) defines none; add a [channels.NAME] table"
                    : "the channels are: \(known.joined(separator: ", "))"
            Terminal.error(Data("ritualctl: no channel \"\(name)\" to test; \(hint)\n".utf8))
            throw ExitCode(1)
        }
        let waitFor: Duration
        do {
            waitFor = .microseconds(try TimeSpan.parse(wait))
        } catch {
            throw ValidationError("--wait: \(error)")
        }
        let sent = WallClock.now().truncatedToSecond
        let message = ChannelMessage(
            event: "test", ritualID: "test", title: "Rituals test",
            body: "A test from ritualctl: when this arrives, the channel \(name) works.", prompt: nil, occurrence: sent,
            zone: loaded.zone, partner: loaded.config.settings.partner)
        switch ChannelKinds.send(message, through: channel, context: context) {
        case .sent(let output):
            print("Sent a test message through \(name) (\(channel.kind)).")
            if channel.kind == CommandChannel.name, !output.isEmpty { print(output) }
            guard channel.answers, waitFor > .zero else { return }
            let settings = loaded.config.settings
            let person = channel.person ?? settings.others.first ?? settings.partner
            try awaitAnswer(channel, post: output, person: person, sent: sent, within: waitFor, context: context)
        case .failed(let why):
            Terminal.error(Data("ritualctl: \(name) (\(channel.kind)) failed: \(why)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Follows the channel as rituald does (the same follower, the channel's own inbox) until the
    /// test post is answered or `within` passed.
    func awaitAnswer(
        _ channel: Channel, post: String, person: String, sent: Instant, within: Duration, context: ChannelContext
    ) throws {
        ThisProcess.ignore(SIGPIPE)
        let how =
            channel.kind == MatrixChannel.name
            ? ChannelMessage.howToAnswer : "press Done, Snooze or Skip on the notification."
        print("Waiting up to \(within.spoken) for \(person)'s answer: \(how)")
        let queue = DispatchQueue(label: "ritualctl.test-channel")
        let heard = Heard()
        let hooks = FollowerHooks(
            now: { WallClock.now() },
            after: { span, fire in
                let timer = OneShotTimer(
                    at: DispatchTime.now() + .microseconds(span.microseconds), queue: queue, leeway: .milliseconds(10),
                    fire)
                return { timer.cancel() }
            },
            heard: { heard.answered($0.first) }, said: { heard.said($0) })
        guard
            let follower = ChannelKinds.follower(
                of: channel, person: .named(person), context: context, queue: queue, keeping: false, hooks: hooks)
        else { return }
        queue.sync {
            follower.posted(ritual: "test", occurrence: sent, id: post)
            follower.follow()
        }
        let answer = heard.wait(until: DispatchTime.now() + .microseconds(within.microseconds))
        queue.sync { follower.stop() }
        if let answer {
            let after = TimeSpan.format(max(0, Int((answer.at - sent).components.seconds)) * Microseconds.second)
            let account = channel.settings(as: MatrixRoom.self)?.answerer.map { " (as \($0))" } ?? ""
            print("\(person) answered \(answer.answer.kind.name)\(account) \(after) after it was sent.")
            if follower.ignored > 0 {
                print("\(follower.ignored) other message(s) that were not answers were ignored.")
            }
            return
        }
        let why = heard.problem ?? "no answer from \(person) within \(wait)"
        Terminal.error(Data("ritualctl: \(name): \(why)\n".utf8))
        throw ExitCode(1)
    }
}

/// The first answer the follower heard, or what its server said wrong.
private final class Heard: @unchecked Sendable {
    private let lock = Lock()
    private let done = DispatchSemaphore(value: 0)
    private var answer: GivenAnswer?
    private(set) var problem: String?

    func answered(_ given: GivenAnswer?) {
        guard let given else { return }
        lock.withLock { answer = answer ?? given }
        done.signal()
    }

    func said(_ news: FollowerNews) {
        switch news {
        case .problem(let why):
            lock.withLock { problem = why }
            done.signal()
        case .refused(let count, let first):
            // Told, and the wait goes on: a true answer may still come.
            Terminal.error(Data("ritualctl: \(count) answer(s) refused: \(first)\n".utf8))
        case .answersAgain, .notKept: break
        }
    }

    /// The answer, once one came (nil when the time ran out or the server failed first).
    func wait(until deadline: DispatchTime) -> GivenAnswer? {
        _ = done.wait(timeout: deadline)
        return lock.withLock { answer }
    }
}
