import Foundation
import JSON
import Postgres
import Testing
import TestSupport

@Suite("PostgreSQL parameters and decoding")
struct ParameterRoundTripTests {
    let connection: PostgresConnection

    init() throws {
        connection = try PostgresConnection(TestServices.databaseURL)
    }

    @Test("hostile strings round-trip unchanged as parameters",
          arguments: ["O'Brien", "back\\slash", "'; DROP TABLE x; --", "\"double\"", "Grüße, 東京, 🚀",
                      "line\nbreak\r\n", "$1", ""])
    func hostileStringsRoundTrip(value: String) throws {
        let row = try #require(try connection.query("SELECT $1::text AS v", [value]).first)
        #expect(try row.decode("v", as: String.self) == value)
    }

    @Test func nullRoundTripsAsOptional() throws {
        let row = try #require(try connection.query("SELECT $1::text AS v, $2::int AS n",
                                                    [String?.none, Int?.none]).first)
        #expect(try row.decode("v", as: String?.self) == nil)
        #expect(try row.decode("n", as: Int?.self) == nil)
    }

    @Test func nullIntoNonOptionalIsADecodingErrorNamingTheColumn() throws {
        let row = try #require(try connection.query("SELECT NULL::int AS missing", name: "null probe").first)
        let error = #expect(throws: PostgresError.self) { try row.decode("missing", as: Int.self) }
        #expect(error?.kind == .decoding)
        #expect(error?.description.contains("missing") == true)
        #expect(error?.description.contains("null probe") == true)
    }

    @Test func typedValuesDecode() throws {
        let id = UUID()
        let when = Date(timeIntervalSince1970: 1_764_000_000.123456)
        let json = try JSONParser.parse(#"{"a": [1, 2.5, "x"], "b": null}"#)
        let row = try #require(try connection.query("""
            SELECT $1::bigint AS i, $2::float8 AS d, 12345678901234567890.123456789::numeric AS n, $3::bool AS b,
                   $4::uuid AS u, $5::timestamptz AS t, $6::jsonb AS j, '2026-11-27 05:19:07'::timestamp AS naive
            """, [Int64(9_007_199_254_740_993), 0.1, true, id, when, json]).first)
        #expect(try row.decode("i", as: Int64.self) == 9_007_199_254_740_993)
        #expect(try row.decode("d", as: Double.self) == 0.1)
        #expect(try row.decode("n", as: Decimal.self) == Decimal(string: "12345678901234567890.123456789"))
        #expect(try row.decode("b", as: Bool.self) == true)
        #expect(try row.decode("u", as: UUID.self) == id)
        let decoded = try row.decode("t", as: Date.self)
        #expect(abs(decoded.timeIntervalSince1970 - when.timeIntervalSince1970) < 0.000_001)
        #expect(try row.decode("j", as: JSONValue.self)["a"] == json["a"])
        #expect(try row.decode("naive", as: Date.self) == Date(timeIntervalSince1970: 1_795_756_747))
    }

    @Test func timestampsWithOffsetsAreReadAsInstants() throws {
        let row = try #require(try connection.query("SELECT '2026-03-08 03:00:00-04'::timestamptz AS t").first)
        #expect(try row.decode("t", as: Date.self) == Date(timeIntervalSince1970: 1_772_953_200))
    }

    @Test func wrongTypeIsADecodingErrorWithTheValueAndType() throws {
        let row = try #require(try connection.query("SELECT 'abc'::text AS word").first)
        let error = #expect(throws: PostgresError.self) { try row.decode("word", as: Int.self) }
        #expect(error?.description.contains("not an integer") == true)
    }

    @Test func unknownColumnListsTheColumns() throws {
        let row = try #require(try connection.query("SELECT 1 AS one, 2 AS two").first)
        let error = #expect(throws: PostgresError.self) { try row.decode("three", as: Int.self) }
        #expect(error?.description.contains("one, two") == true)
    }
}
