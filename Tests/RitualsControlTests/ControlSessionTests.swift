import Foundation
import RitualsControl
import Testing

/// One client connection's decisions, event by event: what is read, answered, sent and when it
/// ends; and that nothing changes once it has ended.
struct ControlSessionTests {
    static let status = Data("{\"command\":\"status\"}".utf8)

    /// Serves every request that can be taken now, answering each with `ok`.
    static func serve(_ session: inout ControlSession) -> Int {
        var answered = 0
        while session.hasRequest {
            if session.nextRequest() != nil { session.reply(ControlResponse()) }
            answered += 1
            session.sent(session.outbox.count)
        }
        return answered
    }

    @Test func oneRequestIsAnsweredBeforeMoreIsRead() {
        var session = ControlSession()
        #expect(session.wantsToRead)
        session.received(ControlSessionTests.status + Data("\n{\"comm".utf8))
        #expect(session.hasRequest)
        #expect(!session.wantsToRead, "a request waits: nothing more is read")
        let first = session.nextRequest()
        #expect(first == ControlRequest.status)
        session.reply(ControlResponse())
        #expect(session.wantsToWrite && !session.wantsToRead && !session.hasRequest)
        session.sent(3)
        #expect(session.wantsToWrite, "part of the answer is still to go")
        session.sent(session.outbox.count)
        #expect(session.wantsToRead && !session.wantsToWrite && session.isBusy, "half a request is held")
        session.received(Data("and\":\"list\"}\n".utf8))
        let second = session.nextRequest()
        #expect(second == ControlRequest.list)
    }

    @Test func pipelinedRequestsAreTakenOneAtATime() {
        var session = ControlSession()
        session.received(ControlSessionTests.status + Data("\n\n \r\n".utf8))
        session.received(ControlSessionTests.status + Data("\n".utf8))
        #expect(session.nextRequest() == ControlRequest.status)
        #expect(!session.hasRequest, "the next waits for the answer to go out")
        session.reply(ControlResponse())
        session.sent(session.outbox.count)
        // Blank lines are passed over.
        #expect(session.nextRequest() == ControlRequest.status)
        session.reply(ControlResponse())
        session.sent(session.outbox.count)
        #expect(session.nextRequest() == nil)
        #expect(!session.isClosed && session.wantsToRead)
    }

    @Test func aHalfClosedClientHasEverythingAnsweredThenEnds() {
        var session = ControlSession()
        session.received(ControlSessionTests.status + Data("\n".utf8) + ControlSessionTests.status)
        session.peerFinished()
        #expect(!session.isClosed && !session.wantsToRead)
        #expect(ControlSessionTests.serve(&session) == 2, "the last request needs no newline")
        #expect(session.isClosed && session.farewell == nil)
    }

    @Test func aHalfClosedClientWithNothingSentEnds() {
        var session = ControlSession()
        session.peerFinished()
        #expect(session.isClosed && !session.wantsToRead && !session.wantsToWrite)
    }

    @Test func aMalformedLineIsRefusedAndServingGoesOn() throws {
        var session = ControlSession()
        session.received(Data("{\"command\":\"explode\"}\n".utf8) + ControlSessionTests.status + Data("\n".utf8))
        #expect(session.nextRequest() == nil)
        let refusal = try ControlWire.decode(ControlResponse.self, from: session.outbox.dropLast())
        #expect(refusal.ok == false && refusal.error?.contains("malformed request") == true)
        session.sent(session.outbox.count)
        #expect(session.nextRequest() == ControlRequest.status)
    }

    @Test(arguments: [ControlWire.maxRequest, ControlWire.maxRequest + 1, 3 * ControlWire.maxRequest])
    func aRequestTooLongEndsTheSessionWithAReason(length: Int) throws {
        var session = ControlSession()
        var sent = 0
        while !session.isClosed && sent < length {
            session.received(Data(repeating: 0x61, count: min(4096, length - sent)))
            sent += 4096
        }
        #expect(session.isClosed)
        let farewell = try #require(session.farewell)
        #expect(String(decoding: farewell, as: UTF8.self).contains("request longer than"))
    }

    @Test func aLongAnswerDoesNotMakeTheRequestTooLong() {
        var session = ControlSession()
        session.received(Data(repeating: 0x20, count: ControlWire.maxRequest - 2) + Data("\n".utf8))
        #expect(!session.isClosed)
    }

    @Test(arguments: [(Data("{\"comm".utf8), true), (Data(), false)])
    func aTimeoutRefusesOnlyAHalfSentRequest(input: Data, refused: Bool) {
        var session = ControlSession()
        session.received(input)
        session.timedOut()
        #expect(session.isClosed)
        #expect((session.farewell != nil) == refused)
    }

    @Test func aTimeoutWhileTheAnswerWaitsEndsWithoutAWord() {
        var session = ControlSession()
        session.received(ControlSessionTests.status + Data("\n".utf8))
        _ = session.nextRequest()
        session.reply(ControlResponse())
        session.timedOut()
        #expect(session.isClosed && session.farewell == nil && session.outbox.isEmpty)
    }

    /// After the end, every event is ignored: no reading, writing, request or answer comes back.
    @Test(arguments: 0..<4)
    func nothingHappensAfterTheEnd(ending: Int) {
        var session = ControlSession()
        session.received(ControlSessionTests.status + Data("\n".utf8))
        switch ending {
        case 0: session.failed()
        case 1: session.close()
        case 2: session.timedOut()
        default:
            session.peerFinished()
            _ = ControlSessionTests.serve(&session)
        }
        #expect(session.isClosed)
        session.received(ControlSessionTests.status + Data("\n".utf8))
        session.peerFinished()
        session.reply(ControlResponse())
        session.sent(10)
        #expect(session.nextRequest() == nil)
        #expect(session.isClosed && !session.wantsToRead && !session.wantsToWrite && !session.hasRequest)
        #expect(session.outbox.isEmpty)
    }
}
