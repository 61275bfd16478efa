import FoundationEssentials
import RitualsCore

/// What one `/sync` said of the couple's room: where to go on from, and each reaction and text
/// message in it, by whom, to what. Untrusted: the daemon checks who sent each and what it
/// answers before anything is recorded.
public struct MatrixSync: Sendable {
    /// One reaction or message of the room's timeline.
    public struct Item: Sendable, Equatable {
        public var id: String
        public var sender: String
        /// When the homeserver received it.
        public var at: Instant
        /// A reaction's key and the event it reacts to.
        public var reaction: (key: String, to: String)?
        /// A message's text without the quoted original of a reply, and the event it replies to.
        public var text: String?
        public var replyTo: String?
        /// An end-to-end encrypted event nothing decrypted (`m.room.encrypted`): unreadable.
        public var encrypted = false
        /// Decrypted on its way by an end-to-end encryption proxy (pantalaimon marks those).
        public var decrypted = false

        public static func == (a: Item, b: Item) -> Bool {
            a.id == b.id && a.sender == b.sender && a.at == b.at && a.reaction?.key == b.reaction?.key
                && a.reaction?.to == b.reaction?.to && a.text == b.text && a.replyTo == b.replyTo
                && a.encrypted == b.encrypted && a.decrypted == b.decrypted
        }
    }

    /// The kinds of events read: messages, reactions, and encrypted events (to say that they
    /// cannot be read).
    static let types = "[\"m.reaction\",\"m.room.message\",\"m.room.encrypted\"]"

    public var nextBatch: String
    public var items: [Item]
    /// The homeserver left events out between the last sync and these (too many came).
    public var limited: Bool
    /// Where to read the events left out from, backwards (`/messages?dir=b&from=`).
    public var previousBatch: String?
    /// The session that read it holds end-to-end keys (one-time or fallback keys on the
    /// homeserver): a client that decrypts, as pantalaimon is; a plain login holds none.
    public var sessionHasKeys: Bool

    /// The filter a sync asks with: this room's messages, reactions and encrypted events only, 50
    /// at most, no state, presence or account data.
    /// The filter of a sync that asks for no event at all (what it says of the session).
    static let nothing =
        "{\"presence\":{\"types\":[]},\"account_data\":{\"types\":[]},\"room\":{\"rooms\":[]}}"

    public static func filter(room: String) -> String {
        let quoted = String(decoding: (try? JSONEncoder().encode(room)) ?? Data(), as: UTF8.self)
        return "{\"presence\":{\"types\":[]},\"account_data\":{\"types\":[]},\"room\":{\"rooms\":[\(quoted)],"
            + "\"timeline\":{\"types\":\(types),\"limit\":50},\"state\":{\"types\":[]},"
            + "\"ephemeral\":{\"types\":[]},\"account_data\":{\"types\":[]}}}"
    }

    /// Reads a sync's body; throws when it is not one.
    public init(_ body: [UInt8], room: String) throws {
        let response = try JSONDecoder().decode(Response.self, from: Data(body))
        nextBatch = response.next_batch
        sessionHasKeys =
            (response.device_one_time_keys_count ?? [:]).values.contains { $0 > 0 }
            || response.device_unused_fallback_key_types?.isEmpty == false
        let timeline = response.rooms?.join?[room]?.timeline
        limited = timeline?.limited ?? false
        previousBatch = timeline?.prev_batch
        items = (timeline?.events ?? []).compactMap(MatrixSync.item)
    }

    /// One page of a room's events read backwards (`/messages?dir=b`): the items, newest first,
    /// and where the page before it starts (nil at the room's beginning).
    public static func page(_ body: [UInt8]) throws -> (items: [Item], end: String?) {
        let page = try JSONDecoder().decode(Page.self, from: Data(body))
        return ((page.chunk ?? []).compactMap(MatrixSync.item), page.chunk?.isEmpty == false ? page.end : nil)
    }

    private struct Page: Decodable {
        var chunk: [Response.Event]?
        var end: String?
    }

    private static func item(_ e: Response.Event) -> Item? {
        // A time no clock can have (a broken or hostile homeserver) makes no item.
        guard let id = e.event_id, let sender = e.sender, let content = e.content, let stamp = e.origin_server_ts,
            let at = Instant.checked(milliseconds: stamp)
        else { return nil }
        var item = Item(id: id, sender: sender, at: at, reaction: nil, text: nil, replyTo: nil)
        item.decrypted = e.decrypted == true
        switch e.type {
        case "m.reaction":
            guard let relation = content.relatesTo, relation.rel_type == "m.annotation", let to = relation.event_id,
                let key = relation.key
            else { return nil }
            item.reaction = (key, to)
        case "m.room.message":
            guard let body = content.body else { return nil }
            item.text = MatrixSync.unquoted(body)
            item.replyTo = content.relatesTo?.inReplyTo?.event_id
        case "m.room.encrypted":
            item.encrypted = true
        default:
            return nil
        }
        return item
    }

    /// A reply's own text: the lines quoting the original (`> …`) and blank lines left out.
    static func unquoted(_ body: String) -> String {
        body.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix(">") }
            .map { $0.trimmingBlanks }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    private struct Response: Decodable {
        struct Rooms: Decodable { var join: [String: Joined]? }
        struct Joined: Decodable { var timeline: Timeline? }
        struct Timeline: Decodable {
            var events: [Event]?
            var limited: Bool?
            var prev_batch: String?
        }
        struct Event: Decodable {
            var type: String?
            var event_id: String?
            var sender: String?
            var origin_server_ts: Int?
            var content: Content?
            var decrypted: Bool?

            enum CodingKeys: String, CodingKey { case type, event_id, sender, origin_server_ts, content, decrypted }

            /// A field of another shape is taken as missing: one odd event costs itself, not the sync.
            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                type = try? c.decodeIfPresent(String.self, forKey: .type)
                event_id = try? c.decodeIfPresent(String.self, forKey: .event_id)
                sender = try? c.decodeIfPresent(String.self, forKey: .sender)
                origin_server_ts = try? c.decodeIfPresent(Int.self, forKey: .origin_server_ts)
                content = try? c.decodeIfPresent(Content.self, forKey: .content)
                decrypted = try? c.decodeIfPresent(Bool.self, forKey: .decrypted)
            }
        }
        struct Content: Decodable {
            struct Relation: Decodable {
                struct Reply: Decodable { var event_id: String? }
                var rel_type: String?
                var event_id: String?
                var key: String?
                var inReplyTo: Reply?

                enum CodingKeys: String, CodingKey {
                    case rel_type, event_id, key
                    case inReplyTo = "m.in_reply_to"
                }
            }
            var body: String?
            var relatesTo: Relation?

            enum CodingKeys: String, CodingKey {
                case body
                case relatesTo = "m.relates_to"
            }

            /// Content of other shapes (a body that is not a string, say) is taken as empty.
            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                body = try? c.decodeIfPresent(String.self, forKey: .body)
                relatesTo = try? c.decodeIfPresent(Relation.self, forKey: .relatesTo)
            }
        }
        var next_batch: String
        var rooms: Rooms?
        var device_one_time_keys_count: [String: Int]?
        var device_unused_fallback_key_types: [String]?

        enum CodingKeys: String, CodingKey {
            case next_batch, rooms, device_one_time_keys_count, device_unused_fallback_key_types
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            next_batch = try c.decode(String.self, forKey: .next_batch)
            rooms = try c.decodeIfPresent(Rooms.self, forKey: .rooms)
            device_one_time_keys_count = try? c.decodeIfPresent([String: Int].self, forKey: .device_one_time_keys_count)
            device_unused_fallback_key_types = try? c.decodeIfPresent(
                [String].self, forKey: .device_unused_fallback_key_types)
        }
    }
}
