import RitualsChannels
import Testing

/// The pause before a failing server is tried again is bounded on both sides, whatever it asks.
struct ChannelErrorTests {
    @Test(arguments: [
        (Duration.zero, Duration.seconds(1)), (.milliseconds(-5000), .seconds(1)), (.milliseconds(1), .seconds(1)),
        (.seconds(30), .seconds(30)), (.seconds(86_400 * 365 * 100), .seconds(300)),
    ])
    func aServersWordIsTakenWithinBounds(asked: Duration, paused: Duration) {
        let failure = ChannelError("slow down", retryAfter: asked)
        #expect(failure.pause(after: 1, longest: .seconds(300)) == paused)
    }

    @Test func withoutAWordThePauseDoublesUpToTheLongest() {
        let failure = ChannelError("down")
        #expect(
            (1...10).map { failure.pause(after: $0, longest: .seconds(300)) }.map(\.components.seconds) == [
                2, 4, 8, 16, 32, 64, 128, 256, 300, 300,
            ])
        #expect(ChannelError("refused", refused: true).pause(after: 1, longest: .seconds(300)) == .seconds(300))
    }
}
