import Foundation
import Glibc
import Testing
@testable import FrameAuth

/// Real libcurl calls over TLS to `openssl s_server` on loopback, with a
/// certificate made for the test: verification is on, and `trustedCAFile`
/// decides which certificate authorities it accepts.
@Suite struct HTTPClientTLSTests {
    @Test func get_succeeds_whenTheEndpointsCertificateIsTrusted() throws {
        let server = try TLSEndpoint()
        var configuration = HTTPClientConfiguration()
        configuration.trustedCAFile = server.certificate

        let response = try HTTPClient.blockingGet(url: server.url, configuration: configuration)

        #expect(response.status == 200)
    }

    @Test func get_failsVerification_withTheSystemsAuthorities_orAnotherCertificate() throws {
        let server = try TLSEndpoint()
        let unrelated = try TLSEndpoint.makeCertificate(in: server.directory.path, named: "unrelated")
        var configuration = HTTPClientConfiguration()

        for trusted in [nil, unrelated] {
            configuration.trustedCAFile = trusted
            #expect(throws: HTTPClientError.transport(curlCode: 60), "trusting \(trusted ?? "the system store")") {
                try HTTPClient.blockingGet(url: server.url, configuration: configuration)
            }
        }
    }
}

/// `openssl s_server -www` on 127.0.0.1 with a fresh self-signed P-256
/// certificate for that address; it answers any GET with a status page.
/// Stopped, and its files removed, when the test is done.
private final class TLSEndpoint {
    let directory = TemporaryDirectory()
    let certificate: String
    let url: String
    private let process = Process()

    init() throws {
        certificate = try Self.makeCertificate(in: directory.path, named: "endpoint")
        let output = Pipe()
        // stdbuf: s_server's stdout is block-buffered into a pipe, which would hold back the line below.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/stdbuf")
        process.arguments = [
            "-oL", "/usr/bin/openssl", "s_server", "-www", "-accept", "127.0.0.1:0",
            "-cert", certificate, "-key", directory.path + "/endpoint.key",
        ]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // s_server prints "ACCEPT 127.0.0.1:<port>" once it listens.
        var printed = ""
        var port: Int?
        while port == nil {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw TLSEndpointError.noListeningLine(printed) }
            printed += String(decoding: chunk, as: UTF8.self)
            port = printed.split(separator: "\n").first { $0.hasPrefix("ACCEPT ") }?.split(separator: ":").last.flatMap { Int($0) }
        }
        url = "https://127.0.0.1:\(port!)/"
    }

    deinit {
        // SIGKILL: the child inherits the test thread's signal mask, in which
        // SIGTERM can be blocked, so `terminate()` may never land.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A self-signed certificate for 127.0.0.1, written to `<name>.crt` (and its key to `<name>.key`).
    static func makeCertificate(in directory: String, named name: String) throws -> String {
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).crt",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw TLSEndpointError.certificateNotMade }
        return "\(directory)/\(name).crt"
    }
}

private enum TLSEndpointError: Error {
    case noListeningLine(String)
    case certificateNotMade
}
