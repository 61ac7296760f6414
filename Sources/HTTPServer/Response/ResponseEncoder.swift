/// Serialises a response head and body into one buffer, so it leaves in a
/// single `send` (split writes stall on delayed ACKs).
enum ResponseEncoder {
    /// `bodyless`: a HEAD request or a status that has no body (RFC 9110 §6.4.1);
    /// Content-Length still tells what a GET would carry.
    static func encode(_ response: HTTPResponse, keepAlive: Bool, bodyless: Bool, date: ArraySlice<UInt8>) -> [UInt8] {
        let fields = response.headers.fields
        // A header that could split the response (CR, LF, NUL) is a bug upstream;
        // refuse to send it rather than let a reflected value inject headers.
        guard fields.withUnsafeBufferPointer(allAreSafe) else {
            return encode(.text("internal error\n", status: .internalServerError), keepAlive: false, bodyless: bodyless, date: date)
        }
        let hasNoBody = response.status.code == 204 || response.status.code == 304
        return [UInt8](writing: { out in
            out.write("HTTP/1.1 ")
            out.write(decimal: response.status.code)
            out.write(" ")
            out.write(response.status.reason)
            out.write("\r\nDate: ")
            out.write(date)
            out.write("\r\n")
            for index in fields.indices {
                out.write(fields[index].name)
                out.write(": ")
                out.write(fields[index].value)
                out.write("\r\n")
            }
            if !hasNoBody {
                out.write("Content-Length: ")
                out.write(decimal: response.body.count)
                out.write("\r\n")
            }
            if !keepAlive {
                out.write("Connection: close\r\n")
            }
            out.write("\r\n")
            if !bodyless && !hasNoBody {
                out.write(response.body)
            }
        })
    }

    /// Read in place, with the checks in view: an array's elements,
    /// iterated or subscripted, are copied out, and a string passed to a
    /// call the compiler cannot see into is retained around it, a
    /// reference count apiece.
    private static func allAreSafe(_ fields: UnsafeBufferPointer<(name: String, value: String)>) -> Bool {
        fields.indices.allSatisfy { index in
            fields[index].name.withUTF8Bytes { !$0.isEmpty && $0.allSatisfy(ASCII.isTokenChar) }
                && fields[index].value.withUTF8Bytes { $0.hasNoByte(ASCII.barredFromFieldValue) }
        }
    }
}
