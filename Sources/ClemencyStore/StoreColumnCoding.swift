import Foundation

/// What the store adapters share in reading and writing their columns: JSON text with stable key order,
/// enumeration raw values, and the byte-order range of a text prefix. Errors name the operation and the
/// column, never a value (values may be personal data).
public enum StoreColumnCoding {
    /// A JSON encoder for JSON columns: keys sorted, slashes not escaped.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON text of a value.
    ///
    /// - Throws: `StoreError.database` naming the operation and the column when the value cannot be encoded.
    public static func json(_ value: some Encodable, _ encoder: JSONEncoder, operation: String, column: String) throws -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError.database("\(operation): \(column) cannot be encoded as JSON")
        }
    }

    /// The value of a JSON text.
    ///
    /// - Throws: `StoreError.database` naming the operation and the column when the text is not JSON of the type.
    public static func value<T: Decodable>(_ type: T.Type, json: String, _ decoder: JSONDecoder, operation: String,
                                           column: String) throws -> T {
        do {
            return try decoder.decode(type, from: Data(json.utf8))
        } catch {
            throw StoreError.database("\(operation): \(column) is not valid JSON of \(type)")
        }
    }

    /// A raw value read from a column, as an enumeration case.
    ///
    /// - Throws: `StoreError.database` when the text is not one of the cases.
    public static func enumValue<T: RawRepresentable>(_ type: T.Type, _ raw: String, operation: String, column: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw StoreError.database("\(operation): unknown \(column) in the database") }
        return value
    }

    /// The least text greater, in byte order, than every text starting with `prefix`: the prefix with its last
    /// scalar incremented (scalars at U+10FFFF are dropped first), or `nil` when there is none. UTF-8 byte order
    /// is scalar order, so texts in `[prefix, successor)` are exactly those starting with `prefix`.
    public static func successor(ofPrefix prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if next == 0xD800 { next = 0xE000 }  // Skip the surrogate range, which no text contains.
            if let scalar = Unicode.Scalar(next) {
                scalars.append(scalar)
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars)
                return String(text)
            }
        }
        return nil
    }
}
