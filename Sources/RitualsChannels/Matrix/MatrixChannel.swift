import RitualsConfig
import RitualsCore

/// `kind = "matrix"`: a room the couple's bot account posts to; with `answers = true`, the
/// partner answers with a reaction (✅ 💤 ⏭️) or a reply, read from the room while a post waits;
/// with `notes = true` too, any other reply to a post is the partner's note to it.
public enum MatrixChannel: ChannelKind {
    public static let name = "matrix"
    public static let keys = ["homeserver", "room", "token_file", "answerer", "notes"]
    public static let answers = true

    public static func read(_ table: inout ChannelTable) -> (any ChannelSettings)? {
        table.requires(
            [
                ("homeserver", "\"https://matrix.example.org\""), ("room", "\"!AbCdEf:example.org\""),
                ("token_file", "\"~/.config/rituals/matrix.token\""),
            ], of: "a matrix channel")
        let homeserver = table.serverURL("homeserver", example: "https://matrix.example.org")
        var room = table.string("room")
        if let given = room,
            !given.hasPrefix("!") || given.count < 2 || given.count > 255 || given.contains(where: \.isWhitespace)
        {
            table.report(
                "room",
                "expected the room's id, which begins with ! (in Element: the room's settings, Advanced), got \"\(given)\""
            )
            room = nil
        }
        let tokenFile = table.privateFile("token_file", holding: "the bot's access token")
        var answerer: String?
        if let given = table.string("answerer") {
            if MatrixRoom.isUser(given) {
                answerer = given
            } else {
                table.report("answerer", "expected a Matrix user id such as \"@sam:example.org\"")
            }
        }
        let notes = table.bool("notes") ?? false
        guard let homeserver, let room, let tokenFile else { return nil }
        return MatrixRoom(homeserver: homeserver, room: room, tokenFile: tokenFile, answerer: answerer, notes: notes)
    }

    public static func check(_ channel: Channel, _ table: inout ChannelTable) {
        if channel.settings(as: MatrixRoom.self)?.notes == true && !channel.answers {
            table.report(nil, "notes = true needs answers = true: notes are replies read from the room")
        }
        if channel.answers && channel.settings(as: MatrixRoom.self)?.answerer == nil && !table.has("answerer") {
            table.report(
                nil, "answers = true needs answerer: the Matrix account whose answers count (\"@sam:example.org\")")
        }
    }

    /// Posts the message; with answers, the three answer reactions are added to it.
    public static func send(_ message: ChannelMessage, through channel: Channel, context: ChannelContext)
        -> ChannelOutcome
    {
        guard let room = channel.settings(as: MatrixRoom.self) else { return .failed("not a Matrix room") }
        let client = MatrixClient(room)
        let text = message.chatText(answers: channel.answers)
        let transaction =
            message.reference.isEmpty ? "\(message.ritualID)-\(message.occurrence.microseconds)" : message.reference
        switch client.post(text, transaction: transaction) {
        case .failure(let f): return .failed(f.description)
        case .success(let id):
            if channel.answers && message.wantsAnswer,
                case .failure(let f) = client.addReactions(to: id, transaction: transaction)
            {
                return .failed("posted, but the answer reactions could not be added: \(f)")
            }
            return .sent(output: id)
        }
    }

    public static func inbox(of channel: Channel, person: Person, context: ChannelContext) -> (any AnswerInbox)? {
        channel.settings(as: MatrixRoom.self).map { MatrixInbox(room: $0, person: person, channel: channel.name) }
    }
}
