/// The web app's settings, built by the command line (the only composition root) and passed in.
public struct WebConfiguration: Sendable {
    /// The address to listen on; loopback by default so the app is not reachable from other machines.
    public var host: String
    /// The port (0 picks a free one).
    public var port: Int
    /// Whether cookies get the `Secure` attribute (set this when served over HTTPS behind a proxy).
    public var secureCookies: Bool
    /// The bcrypt cost for new password hashes (2^cost rounds; 12 by default).
    public var bcryptCost: UInt8
    /// How long a sign-in lasts, in seconds (8 hours by default).
    public var sessionLifetimeSeconds: Int
    /// The largest upload accepted, in bytes (64 MiB by default).
    public var maxUploadBytes: Int
    /// Failed sign-ins allowed per account or address within `loginWindowSeconds` before sign-in is refused.
    public var maxLoginFailures: Int
    /// The window of the sign-in limit, in seconds (15 minutes by default).
    public var loginWindowSeconds: Int
    /// Rows per page of the case list.
    public var pageSize: Int

    /// Creates a configuration with the defaults above.
    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, bcryptCost: UInt8 = 12,
                sessionLifetimeSeconds: Int = 8 * 3600, maxUploadBytes: Int = 64 << 20, maxLoginFailures: Int = 5,
                loginWindowSeconds: Int = 900, pageSize: Int = 50) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
        self.maxUploadBytes = maxUploadBytes
        self.maxLoginFailures = maxLoginFailures
        self.loginWindowSeconds = loginWindowSeconds
        self.pageSize = pageSize
    }
}
