extension ConfigurationRules {
    /// What is wrong with a `store_url`, never repeating it (it may hold a
    /// password). Kept apart, like the endpoint rule, so the configuration
    /// fuzz target can be built without the Redis client.
    static func storeURLProblem(_ text: String) -> String? {
        do {
            _ = try RedisURL(parsing: text)
            return nil
        } catch {
            return error.problem
        }
    }

    /// A valid `store_url` as `--check-config` shows it: the password masked.
    static func shownStoreURL(_ text: String) -> String {
        (try? RedisURL(parsing: text))?.description ?? "set (not a usable URL)"
    }
}
