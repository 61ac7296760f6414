/// A value as one source gave it, before it is converted and checked.
struct RawSetting: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case boolean(Bool)
        case list([String])
    }

    var value: Value
    var origin: ConfigurationOrigin
    /// The value is the path of a file holding the secret (`*_FILE`, `*_file`).
    var isFileReference = false
}
