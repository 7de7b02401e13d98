// Swift idioms over the generated bindings, shipped beside them: money operators (throwing:
// an amount of another currency is refused) and parsing, a journal's count. Each calls the
// generated function that holds the rule; nothing is decided here.
import Foundation

public extension MoneyRecord {
    /// `try a + b`, exact; refused across currencies.
    static func + (left: MoneyRecord, right: MoneyRecord) throws -> MoneyRecord {
        try moneyAdd(left: left, right: right)
    }

    /// `try a - b`, exact; refused across currencies.
    static func - (left: MoneyRecord, right: MoneyRecord) throws -> MoneyRecord {
        try moneySub(left: left, right: right)
    }

    /// Money × an exact factor; refused rather than rounded.
    static func * (money: MoneyRecord, factor: Decimal) throws -> MoneyRecord {
        try moneyMul(money: money, factor: factor)
    }

    /// The amount negated.
    func negated() throws -> MoneyRecord {
        try moneyNeg(money: self)
    }

    /// By amount; refused across currencies, as in Python and Kotlin.
    func compare(_ other: MoneyRecord) throws -> ComparisonResult {
        let order = try moneyCompare(left: self, right: other)
        return order < 0 ? .orderedAscending : (order == 0 ? .orderedSame : .orderedDescending)
    }

    /// Rounded to the currency's minor units by `strategy`.
    func rounded(_ strategy: RoundingStrategy) throws -> MoneyRecord {
        try moneyRound(money: self, strategy: strategy)
    }

    /// Parses "CNY 12.50" or "12.50 CNY".
    init(parsing text: String) throws {
        self = try moneyParse(text: text)
    }
}

public extension CurrencyRecord {
    /// A built-in currency by code (CNY, USD, EUR, GBP, JPY, HKD).
    init(code: String) throws {
        self = try currencyOf(code: code)
    }
}

public extension Journal {
    /// How many events the journal holds.
    var count: Int64 { len() }
}

public extension StandardRole {
    /// The name a grant of this standard role takes.
    var roleName: String { standardRoleName(role: self) }

    /// What this standard role grants on a project that has not redefined it.
    var actions: [Action] { standardRoleActions(role: self) }
}

public extension StandardCostType {
    /// The name a cost line gives this standard cost type (`labour`).
    var typeName: String { standardCostTypeName(costType: self) }
}

public extension ErrorKind {
    /// The error kind's name (`DuplicateProjectCode`), as other surfaces name it.
    var kindName: String { errorKindName(kind: self) }
}

public extension Payload {
    /// The payload's JSON as the journal writes it (id-document numbers in full).
    func toJson() throws -> String { try payloadToJson(payload: self) }
}

public extension Event {
    /// The event's JSON (`id`, `recorded_at`, `actor`, `payload`).
    func toJson() throws -> String { try eventToJson(event: self) }

    /// An event from what `toJson` writes.
    init(json: String) throws {
        self = try eventFromJson(json: json)
    }
}
