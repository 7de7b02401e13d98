// Kotlin idioms over the generated bindings, shipped beside them in their package: money
// operators and parsing, sizes as properties, companion constructors. Each calls the
// generated function that holds the rule; nothing is decided here.
@file:Suppress("DEPRECATION")

package uniffi.projectledger

import java.math.BigDecimal

/** `a + b`, exact; refused across currencies (`CurrencyMismatch`). */
operator fun Money.plus(other: Money): Money = moneyAdd(this, other)

/** `a - b`, exact; refused across currencies (`CurrencyMismatch`). */
operator fun Money.minus(other: Money): Money = moneySub(this, other)

/** `-a`. */
operator fun Money.unaryMinus(): Money = moneyNeg(this)

/** Money × an exact factor (a quantity, a rate); refused rather than rounded. */
operator fun Money.times(factor: BigDecimal): Money = moneyMul(this, factor)

/** An exact factor × money. */
operator fun BigDecimal.times(money: Money): Money = moneyMul(money, this)

/**
 * `a < b`, `a >= b`: by amount; refused across currencies (`CurrencyMismatch`), as in
 * Python, rather than ordered by currency code.
 */
operator fun Money.compareTo(other: Money): Int = moneyCompare(this, other)

/** Rounded to the currency's minor units by `strategy`. */
fun Money.rounded(strategy: RoundingStrategy): Money = moneyRound(this, strategy)

/** Parses "CNY 12.50" or "12.50 CNY". */
fun MoneyRecord.Companion.parse(text: String): Money = moneyParse(text)

/** An amount of a built-in currency: `Money.of("12.50", "CNY")`. */
fun MoneyRecord.Companion.of(amount: String, currency: String): Money = moneyParse("$currency $amount")

/** A built-in currency by code (CNY, USD, EUR, GBP, JPY, HKD). */
fun CurrencyRecord.Companion.of(code: String): Currency = currencyOf(code)

/** How many events the journal holds. */
val Journal.size: Long get() = len()

/** Whether the journal holds no event. */
val Journal.isEmpty: Boolean get() = isEmpty()

/** The hash of the newest event (the chain's head). */
val Journal.head: String get() = head()

/** How many events the change set carries. */
val Changes.size: Long get() = len()

/** Whether the change set carries no event. */
val Changes.isEmpty: Boolean get() = isEmpty()

/** Where the sender's next `changesSince` for the same peer starts. */
val Changes.cursor: Long get() = cursor()

/** The name a grant of this standard role takes (`Payload.RoleGranted(p, m, StandardRole.FOREMAN.roleName)`). */
val StandardRole.roleName: String get() = standardRoleName(this)

/** What this standard role grants on a project that has not redefined it. */
val StandardRole.actions: List<Action> get() = standardRoleActions(this)

/** An entry of hours worked (the one-of pair `hours` / `workdays`, as a constructor). */
fun DayWorkEntry.Companion.hours(
    entryId: String, workerId: String, costCode: String, date: java.time.LocalDate, hours: BigDecimal,
    start: java.time.LocalTime? = null, end: java.time.LocalTime? = null, description: String = "",
): DayWorkEntry = DayWorkEntry(entryId, workerId, costCode, date, hours = hours, start = start, end = end, description = description)

/** An entry of 工日 (workdays), costed at the policy's hours a workday. */
fun DayWorkEntry.Companion.workdays(
    entryId: String, workerId: String, costCode: String, date: java.time.LocalDate, workdays: BigDecimal,
    start: java.time.LocalTime? = null, end: java.time.LocalTime? = null, description: String = "",
): DayWorkEntry = DayWorkEntry(entryId, workerId, costCode, date, workdays = workdays, start = start, end = end, description = description)

/** A rate of every worker of a trade, from a date (the one-of pair `trade` / `workerId`). */
fun Payload.LabourRateSet.Companion.forTrade(projectId: String, trade: String, validFrom: java.time.LocalDate, unit: RateUnit, amount: BigDecimal): Payload =
    Payload.LabourRateSet(projectId, validFrom, unit, amount, trade = trade)

/** A rate of one worker, from a date; it wins over the worker's trade's. */
fun Payload.LabourRateSet.Companion.forWorker(projectId: String, workerId: String, validFrom: java.time.LocalDate, unit: RateUnit, amount: BigDecimal): Payload =
    Payload.LabourRateSet(projectId, validFrom, unit, amount, workerId = workerId)

/** The payload's JSON as the journal writes it (id-document numbers in full): for a server or a queue, not for logs. */
fun Payload.toJson(): String = payloadToJson(this)

/** A payload from the JSON the journal writes for it. */
fun Payload.Companion.fromJson(json: String): Payload = payloadFromJson(json)

/** The event's JSON (`id`, `recorded_at`, `actor`, `payload`). */
fun Event.toJson(): String = eventToJson(this)

/** An event from what `toJson` writes. */
fun Event.Companion.fromJson(json: String): Event = eventFromJson(json)

/** The name a cost line gives this standard cost type (`CostLine("01", StandardCostType.LABOUR.typeName, amount)`). */
val StandardCostType.typeName: String get() = standardCostTypeName(this)

/** The error kind's name (`DuplicateProjectCode`), as other surfaces and the scenarios name it. */
val ErrorKind.kindName: String get() = errorKindName(this)
