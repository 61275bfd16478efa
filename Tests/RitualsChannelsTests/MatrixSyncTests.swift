import Testing

@testable import RitualsChannels

/// A sync's body as Synapse writes it: the room's reactions and messages come out; other rooms,
/// other event types and content of the wrong shape do not, and do not stop the rest.
struct MatrixSyncTests {
    static let body = """
        {"next_batch":"s42_7","rooms":{"join":{"!us:x":{"timeline":{"limited":false,"events":[
        {"type":"m.reaction","sender":"@sam:x","event_id":"$1","origin_server_ts":1700000000123,
         "content":{"m.relates_to":{"rel_type":"m.annotation","event_id":"$post","key":"✅"}}},
        {"type":"m.room.message","sender":"@sam:x","event_id":"$2","origin_server_ts":1700000001000,
         "content":{"msgtype":"m.text","body":"> <@bot:x> Walk\\n\\nsnooze 20m",
                    "m.relates_to":{"m.in_reply_to":{"event_id":"$post"}}}},
        {"type":"m.room.message","sender":"@eve:x","event_id":"$3","origin_server_ts":1700000002000,
         "content":{"body":{"not":"a string"}}},
        {"type":"m.reaction","sender":"@sam:x","event_id":"$4","origin_server_ts":1700000003000,
         "content":{"m.relates_to":{"rel_type":"m.reference","event_id":"$post"}}},
        {"type":"m.room.member","sender":"@sam:x","event_id":"$5","content":{"membership":"join"}}
        ]}},"!other:x":{"timeline":{"events":[{"type":"m.room.message","sender":"@sam:x","event_id":"$9",
         "origin_server_ts":1,"content":{"body":"done"}}]}}}}}
        """

    @Test func readsTheRoomsReactionsAndMessages() throws {
        let sync = try MatrixSync(Array(MatrixSyncTests.body.utf8), room: "!us:x")
        #expect(sync.nextBatch == "s42_7")
        #expect(!sync.limited)
        #expect(sync.items.map(\.id) == ["$1", "$2"])
        #expect(sync.items[0].reaction?.key == "✅")
        #expect(sync.items[0].reaction?.to == "$post")
        #expect(sync.items[0].at == 1_700_000_000_123_000)
        #expect(sync.items[1].text == "snooze 20m")
        #expect(sync.items[1].replyTo == "$post")
    }

    /// Straight from a homeserver, an encrypted room's events are `m.room.encrypted`; through
    /// pantalaimon they come decrypted and marked so. A field of the wrong shape costs its event.
    @Test func encryptedAndDecryptedEventsAreToldApart() throws {
        let body = """
            {"next_batch":"s1","rooms":{"join":{"!us:x":{"timeline":{"events":[
            {"type":"m.room.encrypted","sender":"@sam:x","event_id":"$e","origin_server_ts":1700000000000,
             "content":{"algorithm":"m.megolm.v1.aes-sha2","ciphertext":"AwgA"}},
            {"type":"m.room.message","sender":"@sam:x","event_id":"$d","origin_server_ts":1700000001000,
             "decrypted":true,"verified":false,"content":{"msgtype":"m.text","body":"done"}},
            {"type":"m.room.message","sender":"@sam:x","event_id":"$o","origin_server_ts":"soon",
             "content":{"body":"done"}},
            {"type":"m.room.message","sender":"@sam:x","event_id":"$p","origin_server_ts":1700000002000,
             "decrypted":"yes","content":{"body":"skip"}}
            ]}}}}}
            """
        let sync = try MatrixSync(Array(body.utf8), room: "!us:x")
        #expect(sync.items.map(\.id) == ["$e", "$d", "$p"])
        #expect(sync.items[0].encrypted && !sync.items[0].decrypted && sync.items[0].text == nil)
        #expect(!sync.items[1].encrypted && sync.items[1].decrypted && sync.items[1].text == "done")
        #expect(!sync.items[2].decrypted && sync.items[2].text == "skip")
        #expect(MatrixSync.filter(room: "!us:x").contains("m.room.encrypted"))
    }

    @Test func aLimitedSyncSaysWhereTheGapBegins() throws {
        let body =
            #"{"next_batch":"s9","rooms":{"join":{"!us:x":{"timeline":{"limited":true,"prev_batch":"s4","events":[]}}}}}"#
        let sync = try MatrixSync(Array(body.utf8), room: "!us:x")
        #expect(sync.limited && sync.previousBatch == "s4")
    }

    @Test func aPageReadBackwardsGivesItsItemsAndWhereTheNextBegins() throws {
        let page =
            #"{"chunk":[{"type":"m.room.message","sender":"@sam:x","event_id":"$8","origin_server_ts":1700000008000,"#
            + #""content":{"body":"done"}},{"type":"m.room.member","sender":"@sam:x","event_id":"$7","content":{}}],"#
            + #""start":"t9","end":"t7"}"#
        let read = try MatrixSync.page(Array(page.utf8))
        #expect(read.items.map(\.id) == ["$8"] && read.end == "t7")
        // An empty page is the room's beginning, whatever end it names.
        let last = try MatrixSync.page(Array(#"{"chunk":[],"start":"t1","end":"t0"}"#.utf8))
        #expect(last.items.isEmpty && last.end == nil)
        #expect(throws: (any Error).self) { try MatrixSync.page(Array("[]".utf8)) }
    }

    @Test func notASyncIsAnError() {
        #expect(throws: (any Error).self) { try MatrixSync(Array("<html>502</html>".utf8), room: "!us:x") }
        #expect(throws: (any Error).self) { try MatrixSync(Array("{}".utf8), room: "!us:x") }
    }

    @Test func theFilterNamesTheRoomQuoted() {
        let filter = MatrixSync.filter(room: "!a\"b:x")
        #expect(filter.contains("\"rooms\":[\"!a\\\"b:x\"]"))
        #expect(filter.contains("m.reaction"))
    }
}
