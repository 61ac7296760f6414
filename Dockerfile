# FrameAuth in a container: built with the official Swift image, run on
# Debian's slim image with the Swift runtime linked in statically, so the
# runtime stage needs only Debian's libcurl, libssl, libhiredis, libstdc++ and
# the CA certificates.

FROM swift:6.3.1-bookworm AS builder
# Debian stable replaces package versions with each point and security
# release, so pinning them would break the build; the base tag pins the release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4-openssl-dev libssl-dev libhiredis-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Package.swift names the test targets too, and SwiftPM wants their folders to exist.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product frameauth \
    && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/frameauth" /out/frameauth \
    && strip /out/frameauth

FROM debian:bookworm-slim
# The binary links libcurl, libcrypto, libhiredis, libstdc++ and libgcc_s
# (ldd; checked by Tests/EndToEnd/test_image.py). libstdc++6 is in the slim
# image only because apt needs it, so it is named here rather than assumed.
# Versions are not pinned, for the same reason as in the builder. apt-get clean
# because only Docker Hub's Debian images delete downloaded packages by
# themselves; a base made with debootstrap keeps them.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libcurl4 libssl3 libhiredis0.14 libstdc++6 \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 65532 frameauth \
    && useradd --system --uid 65532 --gid 65532 --home-dir /data --no-create-home --shell /usr/sbin/nologin frameauth \
    && install -d -o 65532 -g 65532 -m 0700 /data
COPY --from=builder /out/frameauth /usr/local/bin/frameauth
COPY Public /app/Public
WORKDIR /app
ENV FRAMEAUTH_HOST=0.0.0.0 \
    FRAMEAUTH_DATA_DIR=/data \
    FRAMEAUTH_PUBLIC_DIR=/app/Public
# Declared after /data is created and owned, so a new named volume starts
# with the same owner and mode.
VOLUME /data
EXPOSE 8080
USER 65532:65532
# The check reads the same settings as the server, so set them through the
# environment or a config file, not as flags after the image name: a flag
# reaches the server but not the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/frameauth", "--healthcheck"]
ENTRYPOINT ["/usr/local/bin/frameauth"]
