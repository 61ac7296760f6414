import CShim
import Glibc

/// One libcurl easy handle, kept for the life of its worker: a reused handle
/// keeps its open connections, TLS sessions and loaded CA store, so a call
/// costs ~0.3 ms of setup here instead of ~33 ms for a fresh handle.
///
/// `@unchecked Sendable`: libcurl forbids using a handle on two threads at
/// once (libcurl-thread), and each handle belongs to one worker's serial
/// queue and is only used there.
final class CurlEasyHandle: @unchecked Sendable {
    /// curl_global_init must run once before any other libcurl call and is
    /// not thread-safe on every build (curl_global_init page); a `static let`
    /// runs its initializer exactly once, atomically.
    private static let globalInitialization: Void = {
        let code = cshim_curl_global_init()
        precondition(code == CURLE_OK, "curl_global_init failed: \(String(cString: curl_easy_strerror(code)))")
    }()

    private let curl: UnsafeMutableRawPointer

    init() {
        Self.globalInitialization
        guard let curl = curl_easy_init() else { fatalError("curl_easy_init failed (out of memory)") }
        self.curl = curl
    }

    deinit {
        curl_easy_cleanup(curl)
    }

    /// Runs the call to completion, blocking the current thread.
    func perform(_ request: CurlRequest) -> Result<HTTPClientResponse, HTTPClientError> {
        let headerLines = request.headerLines.map { UnsafePointer(strdup($0)) }
        defer { headerLines.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        var response = cshim_http_response()
        defer { cshim_http_response_free(&response) }

        let code = request.url.string.withCString { url in
            request.url.scheme.withCString { protocols in
                withOptionalCString(request.trustedCAFile) { caFile in
                    headerLines.withUnsafeBufferPointer { headers in
                        (request.body ?? []).withUnsafeBufferPointer { body in
                            var call = cshim_http_request(
                                url: url,
                                protocols: protocols,
                                header_lines: headers.baseAddress,
                                header_count: headers.count,
                                is_post: request.body == nil ? 0 : 1,
                                body: body.baseAddress,
                                body_length: body.count,
                                connect_timeout_ms: request.connectTimeoutMilliseconds,
                                total_timeout_ms: request.totalTimeoutMilliseconds,
                                max_body_bytes: request.maxResponseBytes,
                                ca_file: caFile
                            )
                            return cshim_curl_perform(curl, &call, &response)
                        }
                    }
                }
            }
        }

        guard code == CURLE_OK else {
            return .failure(Self.error(for: code, bodyTooLarge: response.body_too_large != 0, limit: request.maxResponseBytes))
        }
        return .success(HTTPClientResponse(
            status: response.status,
            contentType: response.content_type.map { String(cString: $0) },
            body: Array(UnsafeBufferPointer(start: response.body, count: response.body_length))
        ))
    }

    private static func error(for code: CURLcode, bodyTooLarge: Bool, limit: Int) -> HTTPClientError {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(limit: limit)
        case CURLE_WRITE_ERROR where bodyTooLarge:
            return .responseTooLarge(limit: limit)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
            return .connectionFailed(curlCode: Int(code.rawValue))
        default:
            return .transport(curlCode: Int(code.rawValue))
        }
    }
}

/// `string` as a C string for the length of `body`, or NULL when it is nil.
private func withOptionalCString<Result>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
    guard let string else { return body(nil) }
    return string.withCString(body)
}
