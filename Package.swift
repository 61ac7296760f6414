// swift-tools-version:6.0
import PackageDescription

// No package dependencies: only the toolchain and Debian's libcurl, libcrypto and hiredis.
let package = Package(
    name: "FrameAuth",
    products: [
        .executable(name: "frameauth", targets: ["frameauth"]),
    ],
    targets: [
        // Thin C wrappers for what Swift cannot call directly (variadic curl_easy_setopt),
        // the few libcrypto calls we need, and hiredis (Redis, the shared store).
        .target(
            name: "CShim",
            linkerSettings: [.linkedLibrary("curl"), .linkedLibrary("crypto"), .linkedLibrary("hiredis")]
        ),
        // Linux's epoll, eventfd and accept4, which the Glibc module leaves out.
        .target(name: "CLinux"),
        // HTTP/1.1 on non-blocking sockets and epoll. Knows nothing about OAuth.
        .target(name: "HTTPServer", dependencies: ["CLinux"]),
        // Configuration, OAuth flow, session store, integrator API, pages.
        .target(name: "FrameAuth", dependencies: ["HTTPServer", "CShim"]),
        .executableTarget(name: "frameauth", dependencies: ["FrameAuth"]),
        // bench/run's session-store benchmark (time and bytes per sign-in as users grow).
        // Under Sources/ so the image's build context (Sources only) still resolves the package.
        .executableTarget(name: "frameauth-bench-store", dependencies: ["FrameAuth"]),
        // bench/run's token-endpoint benchmark (a code exchange over TLS, connection reused or not).
        .executableTarget(name: "frameauth-bench-exchange", dependencies: ["FrameAuth"]),
        // A blocking raw-socket client, shared by the test targets that talk to a live server.
        .target(name: "LoopbackClient", path: "Tests/LoopbackClient"),
        // A server in a process of its own, for HTTPServerTests of what is process-wide (a low limit on open files).
        .executableTarget(name: "http-server-fixture", dependencies: ["HTTPServer"], path: "Tests/HTTPServerFixture"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "LoopbackClient", "http-server-fixture"]),
        .testTarget(name: "FrameAuthTests", dependencies: ["FrameAuth", "HTTPServer", "LoopbackClient"]),
    ],
    swiftLanguageModes: [.v6]
)
