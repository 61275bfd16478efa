import FoundationEssentials
import LinuxSystem
import RitualsConfig
import RitualsCore

/// The few calls of Matrix's client-server API a channel makes, as the couple's bot account:
/// post a ritual to the room, add the three answer reactions, and read what came after a point
/// (`/sync` with a filter for that room's messages and reactions). Blocking: call it off the
/// daemon's queue. The access token is read from its file for each use and goes to curl on its
/// standard input only.
public struct MatrixClient: Sendable {
    public let room: MatrixRoom
    /// The answers, as reactions the bot adds and the partner taps.
    public static let reactions: [(key: String, answer: EventKind)] = [
        ("\u{2705}", .done), ("\u{1F4A4}", .snoozed), ("\u{23ED}\u{FE0F}", .skipped),
    ]
    /// A token file longer than this is not an access token.
    static let maxToken = 4096

    public init(_ room: MatrixRoom) {
        self.room = room
    }

    /// Posts `text` to the room; the new event's id. `transaction` makes a repeated post the same
    /// event (Matrix keeps the first of a transaction id per access token).
    public func post(_ text: String, transaction: String, curl: Curl = Curl()) -> Result<String, ChannelError> {
        let content = ["msgtype": "m.text", "body": text]
        return send("m.room.message", content, transaction: transaction, curl: curl)
    }

    /// Adds the answer reactions to the bot's own event `id`.
    public func addReactions(to id: String, transaction: String, curl: Curl = Curl()) -> Result<Void, ChannelError> {
        for (i, reaction) in MatrixClient.reactions.enumerated() {
            let content = ReactionContent(relatesTo: .init(relType: "m.annotation", eventID: id, key: reaction.key))
            if case .failure(let f) = send("m.reaction", content, transaction: "\(transaction)-r\(i)", curl: curl) {
                return .failure(f)
            }
        }
        return .success(())
    }

    /// The room's messages and reactions after `since` (all recent ones when nil), waiting up to
    /// `wait` for one to come; with `filter`, what it asks for instead.
    public func sync(since: String?, wait: Duration, filter: String? = nil, curl: Curl) -> Result<
        MatrixSync, ChannelError
    > {
        let asked = filter ?? MatrixSync.filter(room: room.room)
        var query = "timeout=\(wait.microseconds / 1000)&filter=" + Percent.encoded(asked)
        if let since { query += "&since=" + Percent.encoded(since) }
        let url = room.homeserver + "/_matrix/client/v3/sync?" + query
        return call("GET", url, body: nil, timeout: wait + Curl.requestTime, curl: curl).flatMap { body in
            do {
                return .success(try MatrixSync(body, room: room.room))
            } catch {
                return .failure(ChannelError("the homeserver's answer to /sync could not be read: \(error)"))
            }
        }
    }

    /// The events a limited sync left out: read backwards from `from` until one older than
    /// `oldest`, the room's beginning, or `maxPages` pages of 100; those from `oldest` on, oldest
    /// first.
    public func earlier(from: String, oldest: Instant, maxPages: Int = 10, curl: Curl) -> Result<
        [MatrixSync.Item], ChannelError
    > {
        let filter = Percent.encoded("{\"types\":\(MatrixSync.types)}")
        var token: String? = from
        var items: [MatrixSync.Item] = []
        for _ in 0..<maxPages {
            guard let at = token else { break }
            let url =
                room.homeserver + "/_matrix/client/v3/rooms/" + Percent.encoded(room.room) + "/messages?dir=b&limit=100"
                + "&filter=" + filter + "&from=" + Percent.encoded(at)
            switch call("GET", url, body: nil, curl: curl) {
            case .failure(let f): return .failure(f)
            case .success(let body):
                guard let page = try? MatrixSync.page(body) else {
                    return .failure(ChannelError("the homeserver's answer to /messages could not be read"))
                }
                items += page.items
                token = page.items.contains(where: { $0.at < oldest }) ? nil : page.end
            }
        }
        return .success(items.filter { $0.at >= oldest }.reversed())
    }

    /// Whom the access token belongs to: the bot, whose events in the room are not answers.
    public func whoAmI(curl: Curl) -> Result<String, ChannelError> {
        call("GET", room.homeserver + "/_matrix/client/v3/account/whoami", body: nil, curl: curl)
            .flatMap { bytes in
                guard let me = try? JSONDecoder().decode(WhoAmI.self, from: Data(bytes)) else {
                    return .failure(ChannelError("the homeserver did not say who the bot is"))
                }
                return .success(me.user_id)
            }
    }

    private func send(_ type: String, _ content: some Encodable, transaction: String, curl: Curl)
        -> Result<String, ChannelError>
    {
        let url =
            room.homeserver + "/_matrix/client/v3/rooms/" + Percent.encoded(room.room) + "/send/" + type + "/"
            + Percent.encoded(transaction)
        guard let body = try? JSONEncoder().encode(content) else { return .failure(ChannelError("cannot encode")) }
        return call("PUT", url, body: Array(body), curl: curl).flatMap { bytes in
            guard let sent = try? JSONDecoder().decode(SentEvent.self, from: Data(bytes)) else {
                return .failure(ChannelError("the homeserver did not say which event it made"))
            }
            return .success(sent.event_id)
        }
    }

    /// One call with the access token; the body of a 2xx answer.
    func call(_ method: String, _ url: String, body: [UInt8]?, timeout: Duration = Curl.requestTime, curl: Curl)
        -> Result<[UInt8], ChannelError>
    {
        call(method, url, body: body, timeout: timeout, curl: curl, notFound: false).map { $0 ?? [] }
    }

    /// One call with the access token; the body of a 2xx answer, nil for a 404 when `notFound`
    /// is allowed (a state event the room does not have).
    func call(
        _ method: String, _ url: String, body: [UInt8]?, timeout: Duration = Curl.requestTime, curl: Curl,
        notFound: Bool
    ) -> Result<[UInt8]?, ChannelError> {
        let token: String
        switch readToken() {
        case .success(let t): token = t
        case .failure(let f): return .failure(f)
        }
        let request = Curl.Request(
            method, url, headers: ["Authorization: Bearer " + token, "Content-Type: application/json"], body: body,
            timeout: timeout)
        switch curl.perform(request) {
        case .failed(let why):
            return .failure(
                ChannelError("\(room.homeserver) could not be reached: \(why.replacingEvery(token, with: "…"))"))
        case .ranOut:
            return .failure(ChannelError("\(room.homeserver) did not answer within \(Curl.seconds(timeout)) s"))
        case .answered(let status, let body) where (200..<300).contains(status):
            return .success(body)
        case .answered(404, _) where notFound:
            return .success(nil)
        case .answered(let status, let body):
            return .failure(MatrixClient.failure(status, body, room: room))
        }
    }

    /// A refusal as the user should read it.
    static func failure(_ status: Int, _ body: [UInt8], room: MatrixRoom) -> ChannelError {
        struct Refusal: Decodable {
            var errcode: String?
            var error: String?
            var retry_after_ms: Int?
        }
        let refusal = try? JSONDecoder().decode(Refusal.self, from: Data(body.prefix(64 * 1024)))
        let said = [refusal?.errcode, refusal?.error].compactMap { $0 }.joined(separator: ": ")
        let what = said.isEmpty ? "HTTP \(status)" : "HTTP \(status), \(said.prefix(200))"
        switch status {
        case 401:
            return ChannelError(
                "\(room.homeserver) refused the access token (\(what)); put a new one in \(room.tokenFile)",
                refused: true)
        case 403:
            return ChannelError(
                "\(room.homeserver) refused (\(what)); is the bot a member of \(room.room)? invite it and let it join",
                refused: true)
        case 429:
            return ChannelError(
                "\(room.homeserver) asks to slow down (\(what))",
                retryAfter: .milliseconds(refusal?.retry_after_ms ?? 5000))
        default:
            return ChannelError("\(room.homeserver) answered \(what)")
        }
    }

    /// The access token from its file: one line, private to its owner.
    func readToken() -> Result<String, ChannelError> {
        let file = room.tokenFile
        if let problem = UserDirectories.privateFileProblem(file, holding: "the bot's access token") {
            return .failure(ChannelError(problem, refused: true))
        }
        guard let handle = try? ChunkedFile(file), handle.size <= MatrixClient.maxToken,
            let data = try? handle.contents()
        else {
            return .failure(ChannelError("\(file) cannot be read, or is too long for an access token", refused: true))
        }
        let token = String(decoding: data, as: UTF8.self).trimmingBlanks
        guard !token.isEmpty, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return .failure(ChannelError("\(file) holds no access token (one line of printable text)", refused: true))
        }
        return .success(token)
    }
}

/// Who the access token belongs to.
struct WhoAmI: Decodable { var user_id: String }

/// What the homeserver answers to a message sent.
struct SentEvent: Decodable { var event_id: String }

/// The content of an `m.reaction`.
struct ReactionContent: Codable {
    struct Relation: Codable {
        var relType: String?
        var eventID: String?
        var key: String?

        enum CodingKeys: String, CodingKey {
            case relType = "rel_type"
            case eventID = "event_id"
            case key
        }
    }
    var relatesTo: Relation

    enum CodingKeys: String, CodingKey { case relatesTo = "m.relates_to" }
}
