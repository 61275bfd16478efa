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
    func awaitAnswer(_ topic: Channel.NtfyTopic, person: String, sent: Int, within: Int) throws {
        ThisProcess.ignore(SIGPIPE)
        print(
            "Waiting up to \(TimeSpan.format(within, style: .spoken)) for \(person)'s answer: "
                + "press Done, Snooze or Skip on the notification.")
        let client = NtfyClient(topic, channel: name)
        guard case .success(let key) = NtfyKey.read(topic.keyFile, creating: false) else {
            StandardStream.error.write(Data("ritualctl: \(name): \(topic.keyFile) cannot be read\n".utf8))
            throw ExitCode(1)
        }
        var followed = FollowedTopic()
        followed.add(.init(ritual: "test", occurrence: sent, at: sent))
        let deadline = Date().addingTimeInterval(Double(within) / 1e6)
        let curl = Curl()
        var heard: SharedAnswer?
        var forged = 0
        while heard == nil, Date() < deadline {
            let left = Int(deadline.timeIntervalSinceNow * 1e6)
            let since = followed.since ?? String(sent / Microseconds.second)
            let result = client.follow(since: since, wait: max(1_000_000, left), curl: curl) { event in
                let now = Int(Date().timeIntervalSince1970 * 1e6)
                let (answer, ignored) = followed.answer(
                    in: event, key: key, channel: name, person: person, snooze: 10 * Microseconds.minute, now: now)
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
            let after = TimeSpan.format(max(0, a.at - sent) / Microseconds.second * Microseconds.second)
            print("\(person) answered \(a.event.name) \(after) after it was sent.")
            if forged > 0 { print("\(forged) other message(s) on the reply topic were not answers and were ignored.") }
            return
        }
        StandardStream.error.write(Data("ritualctl: \(name): no answer from \(person) within \(wait)\n".utf8))
        throw ExitCode(1)
    }
}
