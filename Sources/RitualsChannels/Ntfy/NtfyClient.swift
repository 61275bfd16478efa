import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsCore

/// The calls of ntfy's HTTP API a channel makes: publish a ritual to the topic, with the three
/// answer buttons when answers come back, and follow the reply topic (`TOPIC-answers`) for what
/// the buttons publish. Blocking: call it off the daemon's queue. The topic's name is read from
/// its file for each use and goes to curl on its standard input only; it never appears in a
/// message.
public struct NtfyClient: Sendable {
    public let topic: NtfyTopic
    /// The channel's name, which the answers' signatures name too.
    public let channel: String
    /// The file of the key that signs the answer buttons.
    public let keyFile: String
    /// ntfy's rule for a topic's name.
    static let maxTopic = 64
    /// What the reply topic adds to the topic's name.
    public static let replySuffix = "-answers"

    public init(_ topic: NtfyTopic, channel: String, keyFile: String) {
        self.topic = topic
        self.channel = channel
        self.keyFile = keyFile
    }

    /// Publishes `message`; the new message's id. With `answers`, the push carries Done, Snooze
    /// and Skip, each publishing its signed answer to the reply topic.
    public func publish(_ message: ChannelMessage, answers: Bool, curl: Curl = Curl()) -> Result<String, ChannelError> {
        let name: String
        switch readTopic() {
        case .success(let n): name = n
        case .failure(let f): return .failure(f)
        }
        var headers = ["Title: " + NtfyClient.headerText(message.title), "Tags: " + NtfyClient.tag(message)]
        if answers && message.wantsAnswer {
            switch NtfyKey.read(keyFile, creating: true) {
            case .failure(let f): return .failure(f)
            case .success(let key):
                let actions = NtfyAnswer.actions(
                    ritual: message.ritualID, occurrence: message.occurrence,
                    replyURL: topic.server + "/" + name + NtfyClient.replySuffix, key: key, channel: channel)
                headers.append("Actions: " + actions)
            }
        }
        var text = message.body.isEmpty ? message.title : message.body
        if let prompt = message.prompt, !prompt.isEmpty, !text.contains(prompt) { text += "\n" + prompt }
        let request = Curl.Request(
            "POST", topic.server + "/" + name, headers: headers, body: Array(text.utf8))
        return answer(curl.perform(request), topic: name).flatMap { body in
            guard let sent = NtfyEvent(line: body), !sent.id.isEmpty else {
                return .failure(ChannelError("\(topic.server) did not say which message it made"))
            }
            return .success(sent.id)
        }
    }

    /// Follows the reply topic from after the message `since` (from now when nil), handing each
    /// event to `each` as it comes, until the server ends the stream, `wait` passed,
    /// or `curl` is cancelled.
    public func follow(since: String?, wait: Duration, curl: Curl, each: (NtfyEvent) -> Void) -> Result<
        Void, ChannelError
    > {
        let name: String
        switch readTopic() {
        case .success(let n): name = n
        case .failure(let f): return .failure(f)
        }
        let url = topic.server + "/" + name + NtfyClient.replySuffix + "/json" + (since.map { "?since=" + $0 } ?? "")
        let response = curl.stream(Curl.Request("GET", url, timeout: wait), maxLine: NtfyEvent.maxLine) { line in
            if let event = NtfyEvent(line: line) { each(event) }
        }
        // The stream ends at its time limit by design: what came until then is what counts.
        if case .ranOut = response { return .success(()) }
        return answer(response, topic: name).map { _ in () }
    }

    private func answer(_ response: Curl.Response, topic name: String) -> Result<[UInt8], ChannelError> {
        switch response {
        case .failed(let why):
            return .failure(
                ChannelError("\(topic.server) could not be reached: \(why.replacingEvery(name, with: "…"))"))
        case .ranOut:
            return .failure(ChannelError("\(topic.server) did not answer in time"))
        case .answered(let status, let body) where (200..<300).contains(status):
            return .success(body)
        case .answered(let status, let body):
            let said = String(decoding: body.prefix(300), as: UTF8.self).replacingEvery(name, with: "…").trimmingBlanks
            let what = said.isEmpty ? "HTTP \(status)" : "HTTP \(status), \(said)"
            switch status {
            case 401, 403:
                return .failure(
                    ChannelError(
                        "\(topic.server) refused the topic (\(what)); is it reserved by another account? choose "
                            + "another name in \(topic.topicFile)", refused: true))
            case 429:
                return .failure(ChannelError("\(topic.server) asks to slow down (\(what))", retryAfter: .seconds(60)))
            default:
                return .failure(ChannelError("\(topic.server) answered \(what)"))
            }
        }
    }

    /// The topic's name from its file: one line of letters, digits, `-` and `_`, private to its
    /// owner.
    public func readTopic() -> Result<String, ChannelError> {
        let file = topic.topicFile
        if let problem = UserDirectories.privateFileProblem(file, holding: "the ntfy topic's name") {
            return .failure(ChannelError(problem, refused: true))
        }
        guard let handle = try? ChunkedFile(file), handle.size <= 4096, let data = try? handle.contents() else {
            return .failure(ChannelError("\(file) cannot be read, or is too long for a topic's name", refused: true))
        }
        let name = String(decoding: data, as: UTF8.self).trimmingBlanks
        let allowed = name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_"
        }
        guard !name.isEmpty, allowed, name.count + NtfyClient.replySuffix.count <= NtfyClient.maxTopic else {
            return .failure(
                ChannelError(
                    "\(file) holds no topic name: one line of letters, digits, - and _, at most "
                        + "\(NtfyClient.maxTopic - NtfyClient.replySuffix.count) long (a long random one is best)",
                    refused: true))
        }
        return .success(name)
    }

    /// A header's value: as it is when ASCII, else an RFC 2047 encoded word, which ntfy reads.
    static func headerText(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        if flat.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return flat }
        return "=?UTF-8?B?" + Data(flat.utf8).base64EncodedString() + "?="
    }

    /// ntfy's tag (an emoji on the phone) for the event.
    static func tag(_ message: ChannelMessage) -> String {
        switch message.event {
        case "done": return "white_check_mark"
        case "missed", "reminded-again": return "warning"
        default: return "bell"
        }
    }
}
