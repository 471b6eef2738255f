import Surveys
import SurveyTokens
import Testing

@Suite("HMAC-SHA-256 and survey tokens")
struct SurveyTokenTests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test func hmacMatchesRFC4231() {
        // Test cases 1, 2 and 6 (a key longer than the block), and an empty key and message.
        #expect(Self.hex(HMACSHA256.digest(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Self.hex(HMACSHA256.digest(key: Array("Jefe".utf8),
                                           message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Self.hex(HMACSHA256.digest(key: [UInt8](repeating: 0xaa, count: 131),
                                           message: Array("Test Using Larger Than Block-Size Key - Hash Key First"
                                                              .utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(Self.hex(HMACSHA256.digest(key: [], message: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func theQuickStartRosterKeepsItsTokens() {
        // Computed by Python's hmac and base64 (the formula in docs/jobs.md), before HMAC moved to libcrypto.
        #expect(SurveyToken.make(secret: "quickstart-throwaway-secret", campaign: "baseline-2026-11",
                                 email: "alex.tech@example.com") == "kk35bk6ofgqjnygokwxrpmt7trzwv7mo")
        #expect(SurveyToken.make(secret: "quickstart-throwaway-secret", campaign: "baseline-2026-11",
                                 email: "sam.tech@example.com") == "x37tqizld5s7rj6ilx2ftytsfedzd4ju")
    }

    @Test func tokensAreStablePerRecipientAndDifferAcrossCampaignsAndSecrets() {
        let token = SurveyToken.make(secret: "s3cret", campaign: "baseline-2026-11", email: "Alex.Tech@Example.com")
        #expect(token.count == 32)
        #expect(token.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        #expect(token == SurveyToken.make(secret: "s3cret", campaign: "baseline-2026-11",
                                          email: "alex.tech@example.com"))
        #expect(token != SurveyToken.make(secret: "s3cret", campaign: "baseline-2026-12",
                                          email: "alex.tech@example.com"))
        #expect(token != SurveyToken.make(secret: "other", campaign: "baseline-2026-11",
                                          email: "alex.tech@example.com"))
    }
}
