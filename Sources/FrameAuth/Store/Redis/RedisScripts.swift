/// The Lua scripts behind the store's changes. Redis runs each one
/// atomically, so a sign-in's user, session and index entries land together
/// or not at all, and a fenced write compares and writes with nothing in
/// between. Sent with EVAL every time: they are small, and Redis keeps the
/// compiled script cached by its digest.
enum RedisScripts {
    /// KEYS: user, their session set, users set, ended marker, new session,
    /// the browser's previous session (the new one again when none).
    /// ARGV: sealed user, sealed session, session lifetime in ms, user id, new version.
    static let signIn = """
        redis.call('HSET', KEYS[1], 'record', ARGV[1], 'version', ARGV[5])
        redis.call('SET', KEYS[5], ARGV[2], 'PX', ARGV[3])
        redis.call('SADD', KEYS[2], KEYS[5])
        redis.call('SADD', KEYS[3], ARGV[4])
        redis.call('DEL', KEYS[4])
        if KEYS[6] ~= KEYS[5] then redis.call('DEL', KEYS[6]) end
        -- Forget the keys of sessions that have expired or ended since.
        for _, session in ipairs(redis.call('SMEMBERS', KEYS[2])) do
          if redis.call('EXISTS', session) == 0 then redis.call('SREM', KEYS[2], session) end
        end
        return 1
        """

    /// The fenced write: replaces the user's record only if its version is
    /// still the one the caller read. KEYS: user. ARGV: version read, sealed
    /// user, new version. Returns 1 when written, 0 when the version moved on
    /// (or the user is gone).
    static let replaceUserIfVersion = """
        if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'record', ARGV[2], 'version', ARGV[3])
        return 1
        """

    /// Ends the user only if their version is still the one read: sessions,
    /// record and index entry go, the ended marker stays. KEYS: user, their
    /// session set, users set, ended marker. ARGV: version read, user id.
    static let endUserIfVersion = """
        if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
        for _, session in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', session) end
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('SREM', KEYS[3], ARGV[2])
        redis.call('SET', KEYS[4], '1')
        return 1
        """

    /// Forgets the user entirely. KEYS as `endUserIfVersion`; ARGV: user id.
    /// Returns how many of the user and the ended marker there were.
    static let deleteUser = """
        local existed = redis.call('EXISTS', KEYS[1], KEYS[4])
        for _, session in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', session) end
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
        redis.call('SREM', KEYS[3], ARGV[1])
        return existed
        """

    /// The sealed record of each user key in KEYS, false where there is none.
    static let userRecords = """
        local records = {}
        for index, key in ipairs(KEYS) do
          records[index] = redis.call('HGET', key, 'record')
        end
        return records
        """
}

/// The scripts behind `frameauth --import-journal` (`RedisStore.importRecords`):
/// each writes only what Redis does not know yet, so running the import again
/// changes nothing, and a user who signed in through a replica meanwhile
/// keeps their newer tokens.
extension RedisScripts {
    /// KEYS: user, users set, ended marker. ARGV: sealed user, user id, version.
    static let importUser = """
        if redis.call('EXISTS', KEYS[1], KEYS[3]) > 0 then return 0 end
        redis.call('HSET', KEYS[1], 'record', ARGV[1], 'version', ARGV[3])
        redis.call('SADD', KEYS[2], ARGV[2])
        return 1
        """

    /// KEYS: session, the user's session set, the user. ARGV: sealed session, lifetime left in ms.
    static let importSession = """
        if redis.call('EXISTS', KEYS[3]) == 0 or redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('SADD', KEYS[2], KEYS[1])
        return 1
        """

    /// KEYS: ended marker, user. Marks the user ended unless Redis holds them.
    static let importEndedUser = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        return redis.call('SET', KEYS[1], '1', 'NX') and 1 or 0
        """
}

/// The scripts behind sign-ins in progress (`RedisPendingLogins`).
extension RedisScripts {
    /// Stores an attempt and counts it against two bounds, each a list of
    /// attempt keys, oldest first: its client's and everyone's. Past a
    /// bound, the oldest attempt on that list gives way (keys of attempts
    /// already taken count until they reach the front, then go).
    /// KEYS: the attempt, its client's list, everyone's list.
    /// ARGV: sealed attempt, lifetime in ms, per-client bound, overall bound.
    static let registerAttempt = """
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        for index, bound in ipairs({tonumber(ARGV[3]), tonumber(ARGV[4])}) do
          local list = KEYS[index + 1]
          redis.call('RPUSH', list, KEYS[1])
          redis.call('PEXPIRE', list, ARGV[2])
          while redis.call('LLEN', list) > bound do
            redis.call('DEL', redis.call('LPOP', list))
          end
        end
        return 1
        """

    /// Reads and deletes in one step, so a state is taken at most once
    /// however many replicas see its callback (GETDEL, for Redis before 6.2).
    /// KEYS: the attempt.
    static let takeAttempt = """
        local attempt = redis.call('GET', KEYS[1])
        if attempt then redis.call('DEL', KEYS[1]) end
        return attempt
        """
}

/// The scripts behind refresh leases (`RedisRefreshLeases`): each acts only
/// if the lease still holds this owner's random value, so a replica whose
/// lease lapsed and was taken over cannot extend or end the new holder's.
extension RedisScripts {
    /// KEYS: the lease. ARGV: owner, duration in ms. Returns 1 if extended.
    static let renewLease = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """

    /// KEYS: the lease. ARGV: owner. Returns 1 if released.
    static let releaseLease = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        return 1
        """

    // MARK: Changing the encryption key (RedisKeyRotation)

    /// One step of a walk over every sealed value: a SCAN from ARGV[1]
    /// (ARGV[2] keys at most), then each sealed value's key name and its
    /// first 8 bytes, the id of the key that sealed it. Returns the next
    /// cursor ("0" at the end), then name and id pairs. Only ids leave Redis.
    static let sealedValueKeyIDs = """
        local step = redis.call('SCAN', ARGV[1], 'MATCH', 'frameauth:*', 'COUNT', ARGV[2])
        local found = {step[1]}
        for _, key in ipairs(step[2]) do
          local value
          if string.find(key, 'frameauth:user:', 1, true) == 1 then
            value = redis.call('HGET', key, 'record')
          elseif string.find(key, 'frameauth:session:', 1, true) == 1 or string.find(key, 'frameauth:pending:', 1, true) == 1 then
            value = redis.call('GET', key)
          end
          if value then
            table.insert(found, key)
            table.insert(found, string.sub(value, 1, 8))
          end
        end
        return found
        """

    /// Replaces a sealed value only if it is still the one read, keeping its
    /// expiry: a write that came between wins. KEYS: the key. ARGV: the hash
    /// field ('' for a string value), the value read, the value sealed again.
    /// Returns 1 when replaced.
    static let resealIfUnchanged = """
        if ARGV[1] == '' then
          if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 0 end
          redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
        else
          if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        end
        return 1
        """

    /// Adds the key id in ARGV[1] to KEYS[1] (a sorted set by when each key
    /// was first seen as current, in Redis's own time) unless it is there,
    /// and returns the id of the newest.
    static let registerCurrentKey = """
        local now = redis.call('TIME')
        redis.call('ZADD', KEYS[1], 'NX', now[1] * 1000000 + now[2], ARGV[1])
        return redis.call('ZREVRANGE', KEYS[1], 0, 0)[1]
        """
}
