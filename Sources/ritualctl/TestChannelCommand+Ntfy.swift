import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsChannels
import RitualsCore

#if canImport(Glibc)
    import Glibc
#endif

extension TestChannelCommand {
    /// Follows the ntfy channel's reply topic until a button of the test is pressed, or `within`
    /// passed.
    func awaitAnswer(_ topic: Channel.NtfyTopic, person: String, sent: Instant, within: Duration) throws {
        ThisProcess.ignore(SIGPIPE)
        print(
            "Waiting up to \(within.spoken) for \(person)'s answer: "
                + "press Done, Snooze or Skip on the notification.")
        let client = NtfyClient(topic, channel: name)
        guard case .success(let key) = NtfyKey.read(topic.keyFile, creating: false) else {
            StandardStream.error.write(Data("ritualctl: \(name): \(topic.keyFile) cannot be read\n".utf8))
            throw ExitCode(1)
        }
        var followed = FollowedTopic()
        followed.add(.init(ritual: "test", occurrence: sent, at: sent))
        let deadline = WallClock.now() + within
        let curl = Curl()
        var heard: GivenAnswer?
        var forged = 0
        while heard == nil, WallClock.now() < deadline {
            let left = deadline - WallClock.now()
            let since = followed.since ?? String(sent.wholeSeconds)
            let result = client.follow(since: since, wait: max(.seconds(1), left), curl: curl) { event in
                let (answer, ignored) = followed.answer(
                    in: event, key: key, channel: name, person: .named(person), snooze: .minutes(10),
                    now: WallClock.now())
                if ignored { forged += 1 }
                if let answer {
                    heard = answer
                    curl.cancel()
                }
            }
            if heard == nil, case .failure(let f) = result {
                StandardStream.error.write(Data("ritualctl: \(name): \(f)\n".utf8))
                throw ExitCode(1)
            }
        }
        if let a = heard {
            print(
                "\(person) answered \(a.answer.kind.name) \(TestChannelCommand.after(a, sent: sent)) after it was sent."
            )
            if forged > 0 { print("\(forged) other message(s) on the reply topic were not answers and were ignored.") }
            return
        }
        StandardStream.error.write(Data("ritualctl: \(name): no answer from \(person) within \(wait)\n".utf8))
        throw ExitCode(1)
    }
}
