import Foundation
import Hummingbird
import NIOCore

/// How the API writes JSON: keys sorted (stable output for clients, diffs and snapshots), dates in
/// ISO 8601 (UTC, to the second), slashes unescaped, pretty-printed.
public enum APIJSON {
    /// The encoder of every API response.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A JSON response with a body encoded by `encoder()`.
    ///
    /// - Throws: when the value cannot be encoded (a programming error; answered as 500).
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
