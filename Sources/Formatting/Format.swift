#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// printf-style number formatting without Foundation's `String(format:)` (which would pull
/// swift-corelibs-foundation and ICU into the process for a few digits; see docs/architecture.md).
public enum Format {
    /// `value` in decimal, zero-padded to `width` digits (`padded(7, 2)` is `07`; `-5` is `-05`).
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count - (value < 0 ? 1 : 0)))
        return (value < 0 ? "-" : "") + padding + digits
    }

    /// `value` in upper-case hexadecimal, zero-padded to `width` digits (`hex(10, 2)` is `0A`).
    public static func hex<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `value` with `digits` decimals, rounded as C's `%.*f` does (`fixed(2.345, 1)` is `2.3`); `nan`,
    /// `inf` and `-inf` for the non-finite values.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList([Int32(max(0, min(digits, 60))), value]) { vsnprintf(pointer.baseAddress, pointer.count, "%.*f",
                    $0) }
        }
        return String(decoding: buffer[0..<Int(max(0, min(count, 399)))].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Format {
    /// Percent-encodes every UTF-8 byte except ASCII letters, digits and the characters of `keeping`
    /// (by default RFC 3986's unreserved `-._~`): `a + b` becomes `a%20%2B%20b`.
    public static func percentEncoded(_ text: String, keeping: String = "-._~") -> String {
        let kept = Set(keeping.utf8)
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            case _ where kept.contains(byte):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += "%" + hex(byte, 2)
            }
        }
        return out
    }

    /// `text` followed by spaces up to `width` characters (left-aligned in a column); never cut.
    public static func leftAligned(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
