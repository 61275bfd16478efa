import Testing

@testable import RitualsChannels

/// curl's request goes in a config on its standard input: values quoted so that no header,
/// URL or body can end its line and add an option of its own.
struct CurlTests {
    @Test func valuesAreQuotedOnOneLine() {
        let request = Curl.Request(
            "PUT", "http://127.0.0.1:8008/x?a=1", headers: ["Authorization: Bearer s3cr\"et\nurl = \"http://evil\""],
            body: Array("{\"body\":\"a\\\\b\\nc\"}".utf8), timeout: .seconds(90))
        let config = Curl.config(request)
        let lines = config.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines.filter { $0.hasPrefix("url = ") }.count == 1)
        #expect(config.contains("header = \"Authorization: Bearer s3cr\\\"et\\nurl = \\\"http://evil\\\"\""))
        #expect(config.contains("max-time = 90"))
        #expect(config.contains("proto = \"=http,https\""))
    }

    @Test func theStatusComesAfterTheBody() {
        #expect(
            Curl.split(Array("{\"a\":1}\n--rituals-status:200".utf8))
                == .answered(status: 200, body: Array("{\"a\":1}".utf8)))
        #expect(Curl.split(Array("\n--rituals-status:000".utf8)) == .failed("no answer"))
        #expect(Curl.split(Array("cut off".utf8)) == .failed("no answer"))
    }

    @Test func curlsPrefixIsLeftOut() {
        #expect(
            Curl.plain("curl: (7) Failed to connect to 127.0.0.1 port 9: Connection refused")
                == "Failed to connect to 127.0.0.1 port 9: Connection refused")
    }

    @Test func percentEncodingKeepsOnlyUnreserved() {
        #expect(Percent.encoded("!AbC:example.org") == "%21AbC%3Aexample.org")
        #expect(Percent.encoded("a b/é~") == "a%20b%2F%C3%A9~")
    }
}
