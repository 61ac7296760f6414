import Glibc

/// The process's limit on open file descriptors (RLIMIT_NOFILE, getrlimit(2)),
/// which bounds how many connections can be open at once.
public enum OpenFileLimit {
    /// The soft limit in force; `Int.max` when there is none.
    public static func current() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) else { return Int.max }
        return Int(limit.rlim_cur)
    }

    /// Raises the soft limit to the hard one and returns the soft limit then
    /// in force. The soft limit is often 1,024, kept low for programs that
    /// use select(2); this server uses epoll. Call once, at start.
    @discardableResult
    public static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            // Fails for an unlimited hard limit (past fs.nr_open); the soft limit then stays as it was.
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return current()
    }
}
