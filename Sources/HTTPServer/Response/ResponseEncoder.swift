/// Serialises a response head and body into one buffer, so it leaves in a
/// single `send` (split writes stall on delayed ACKs).
enum ResponseEncoder {
    /// `bodyless`: a HEAD request or a status that has no body (RFC 9110 §6.4.1);
    /// Content-Length still tells what a GET would carry.
    static func encode(_ response: HTTPResponse, keepAlive: Bool, bodyless: Bool, date: ArraySlice<UInt8>) -> [UInt8] {
        // A header that could split the response (CR, LF, NUL) is a bug upstream;
        // refuse to send it rather than let a reflected value inject headers.
        guard response.headers.allSatisfy(isSafeField) else {
            return encode(.text("internal error\n", status: .internalServerError), keepAlive: false, bodyless: bodyless, date: date)
        }
        var out: [UInt8] = []
        // Sized once: a /login redirect's Location alone is some 300 bytes.
        let fieldBytes = response.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        out.reserveCapacity(128 + date.count + fieldBytes + response.body.count)
        // Appended piece by piece: an interpolated line would be a heap
        // string per response, where a number's digits fit a small string.
        out.append(literal: "HTTP/1.1 ")
        out.append(decimal: response.status.code)
        out.append(UInt8(ascii: " "))
        out += response.status.reason.utf8
        out.append(literal: "\r\n")
        out.append(literal: "Date: ")
        out += date
        out.append(literal: "\r\n")
        for field in response.headers {
            out += field.name.utf8
            out.append(literal: ": ")
            out += field.value.utf8
            out.append(literal: "\r\n")
        }
        let hasNoBody = response.status.code == 204 || response.status.code == 304
        if !hasNoBody {
            out.append(literal: "Content-Length: ")
            out.append(decimal: response.body.count)
            out.append(literal: "\r\n")
        }
        if !keepAlive {
            out.append(literal: "Connection: close\r\n")
        }
        out.append(literal: "\r\n")
        if !bodyless && !hasNoBody {
            out += response.body
        }
        return out
    }

    private static func isSafeField(_ field: (name: String, value: String)) -> Bool {
        !field.name.isEmpty && field.name.allBytes(ASCII.isTokenChar)
            && field.value.hasNoByte(ASCII.barredFromFieldValue)
    }
}
