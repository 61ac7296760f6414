extension ConfigurationLoader {
    /// The `--help` text.
    public static let usage = """
        Usage: frameauth [options]

        Settings come from, lowest precedence first: built-in defaults, a JSON
        config file (--config or FRAMEAUTH_CONFIG; see config.example.json), a
        .env file in the working directory, the environment, and these flags.
        An empty environment value counts as not set. Relative paths are
        resolved against the working directory.

          --config PATH          JSON config file                  FRAMEAUTH_CONFIG
          --check-config         validate, print the effective settings
                                 (secrets masked) and exit
          --healthcheck          GET /healthz from the server these settings
                                 start, over loopback (0.0.0.0 and :: mean
                                 127.0.0.1 and ::1); exit 0 on a 200, else 1
                                 with one line saying why (for HEALTHCHECK)
          --import-journal       copy data_dir's users and sessions into
                                 the Redis of FRAMEAUTH_STORE_URL (only what
                                 it lacks, so it can run again) and exit
          --provider NAME        frameio-v4 (Adobe IMS, default)   FRAMEAUTH_PROVIDER
                                 or frameio-legacy (V2); sets the
                                 defaults marked V4/legacy below
          --host ADDRESS         IP address to bind (127.0.0.1)    FRAMEAUTH_HOST
          --port N               port to bind; 0 picks one (8080)  PORT, FRAMEAUTH_PORT
          --client-id ID         Frame.io OAuth app client id;     CLIENT_ID
                                 without one, a demo runs
          --pkce, --no-pkce      send PKCE (default: on when there FRAMEAUTH_PKCE
                                 is no client secret)
          --redirect-uri URI     the app's registered redirect URI REDIRECT_URI
                                 (http://127.0.0.1:<port>/callback)
          --scopes "A B"         space-delimited scopes            SCOPES
                                 (V4: openid email profile offline_access
                                 additional_info.roles; legacy: offline
                                 account.read asset.read)
          --authorize-url URL    authorize endpoint (V4: IMS's)    FRAMEAUTH_AUTHORIZE_URL
          --token-url URL        token endpoint (V4: IMS's)        FRAMEAUTH_TOKEN_URL
          --userinfo-url URL     identity (V4: /v4/me; legacy:     FRAMEAUTH_USERINFO_URL
                                 /v2/me)
          --issuer URL           the id_token and RFC 9207 issuer  FRAMEAUTH_ISSUER
                                 (V4: https://ims-na1.adobelogin.com)
          --jwks-url URL         id_token signing keys (V4: IMS's) FRAMEAUTH_JWKS_URL
          --revocation-url URL   RFC 7009 revocation (V4: IMS's);  FRAMEAUTH_REVOCATION_URL
                                 empty turns revocation off
          --data-dir PATH        where sessions persist (./data)   FRAMEAUTH_DATA_DIR
          --public-dir PATH      pages and styles (./Public)       FRAMEAUTH_PUBLIC_DIR
          --trusted-proxies IPS  proxies whose X-Forwarded-For     FRAMEAUTH_TRUSTED_PROXIES
                                 names the client in the access log
                                 (comma or space separated)
          --metrics-port N       serve /metrics on this port (off) FRAMEAUTH_METRICS_PORT
          --refresh-skew-seconds N
                                 refresh tokens expiring within N s (60) FRAMEAUTH_REFRESH_SKEW_SECONDS
          --refresh-token-lifetime-days N
                                 refresh tokens live N days       FRAMEAUTH_REFRESH_TOKEN_LIFETIME_DAYS
                                 (V4: 14, legacy: 30)
          -h, --help             show this text

        Secrets have no flags, because every local user can read a command
        line with ps. Set them in the environment, in .env, or in the config
        file, or put each in a file and name the file with the _FILE variable
        (Docker and Kubernetes secrets):
          CLIENT_SECRET, CLIENT_SECRET_FILE                 Frame.io client secret
                                                            (confidential app)
          FRAMEAUTH_API_KEY, FRAMEAUTH_API_KEY_FILE         enables the integrator API;
                                                            32+ characters; several keys,
                                                            separated by commas, are all
                                                            accepted
          FRAMEAUTH_ENCRYPTION_KEY, FRAMEAUTH_ENCRYPTION_KEY_FILE
                                                            32 bytes in base64; generated
                                                            into data_dir when unset
          FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS, FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS_FILE
                                                            earlier encryption keys, separated
                                                            by commas: they open what they
                                                            sealed, which is sealed again with
                                                            the current key
          FRAMEAUTH_STORE_URL, FRAMEAUTH_STORE_URL_FILE     share sessions between replicas
                                                            through Redis: redis://[[user]:
                                                            password@]host[:port][/db] or
                                                            unix:///path/redis.sock; needs
                                                            FRAMEAUTH_ENCRYPTION_KEY
        Generate keys with: openssl rand -base64 32

        """
}
