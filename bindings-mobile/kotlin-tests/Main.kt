// The Kotlin test suite of the generated bindings, run on the JVM by tests/run-all.sh.
// Usage: Main <scenario dir>. Prints one line per failure and "N passed, N failed" last.
package projectledger.tests

import java.io.File
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.YearMonth
import kotlin.system.exitProcess
import uniffi.projectledger.*

private var passed = 0
private val failures = mutableListOf<String>()

internal fun test(name: String, body: () -> Unit) {
    try {
        body()
        passed++
    } catch (e: Throwable) {
        failures += "FAIL $name: ${e::class.simpleName}: ${e.message}"
    }
}

internal inline fun <reified E : ProjectLedgerException> assertThrows(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got ${e::class.simpleName}: ${e.message}")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing was thrown")
}

internal fun cny(amount: String) = Money(BigDecimal(amount), Currency.of("CNY"))

private val t0: Instant = Instant.parse("2025-03-01T08:00:00Z")

private fun created(id: String, project: String, code: String) =
    Event(id, t0, "pm-li", Payload.ProjectCreated(project, "Site $project", code, Currency.of("CNY"), WorkCalendar.china2025()))

fun main(args: Array<String>) {
    val dir = File(args.getOrElse(0) { "tests/scenarios" })
    val cases = scenarioCases(dir)
    check(cases.size > 100) { "only ${cases.size} scenario cases found in $dir" }
    for ((name, case) in cases) {
        test("scenario $name") { runScenarioCase(case)?.let { throw AssertionError(it) } }
    }
    val payloads = scenarioPayloads(dir)
    test("the scenarios hold every payload kind") {
        check(payloads.map { it["type"] }.toSet().size == 65) { "${payloads.map { it["type"] }.toSet()}" }
    }
    for (spec in payloads) {
        test("constructor of ${spec["type"]} (${spec["project_id"]})") {
            val fromJson = runCatching { journalPayload(spec) }
            val built = runCatching { constructed(spec) }
            when (val error = fromJson.exceptionOrNull()) {
                null -> {
                    check(built.getOrThrow() == fromJson.getOrThrow()) { "${built.getOrNull()} != ${fromJson.getOrNull()}" }
                    // Its JSON (id numbers in full) reads back equal.
                    check(Payload.fromJson(built.getOrThrow().toJson()) == built.getOrThrow()) { built.getOrThrow().toJson() }
                }
                else -> check(built.exceptionOrNull()?.let { it::class } == error::class) { "constructor gave ${built.exceptionOrNull() ?: built.getOrNull()}, JSON $error" }
            }
        }
    }

    test("money keeps exact BigDecimal values and scales") {
        val sum = cny("10.50") + cny("0.50")
        check(sum.amount == BigDecimal("11.00")) { "${sum.amount}" }
        check((cny("35.50") * BigDecimal(8)).amount == BigDecimal("284.00"))
        check(cny("1") < cny("2") && cny("2.00") >= cny("2"))
        check(-cny("1.00") == cny("-1.00"))
    }
    test("precision a BigDecimal carries beyond 28 places is refused, not rounded") {
        assertThrows<ProjectLedgerException.PrecisionLoss> { Money(BigDecimal("1E-30"), Currency.of("CNY")) + cny("0") }
        assertThrows<ProjectLedgerException.InvalidAmount> { (Money(BigDecimal("1E+40"), Currency.of("CNY")) + cny("1")) }
    }
    test("a hand-built currency record is validated") {
        val e = assertThrows<ProjectLedgerException.InvalidCurrency> { Money(BigDecimal.ONE, Currency("JPY", 2)) + Money.parse("JPY 1") }
        check(e.code == "JPY" && e.message!!.contains("ISO 4217")) { e.message!! }
        check(currencyNew("KRW", 0) == Currency("KRW", 0))
    }
    test("errors carry their fields and a readable message") {
        val e = assertThrows<ProjectLedgerException.CurrencyMismatch> { (cny("1") + Money.parse("USD 1")) }
        check(e.left == "CNY" && e.right == "USD")
        check(e.detail.contains("CNY and USD cannot be combined")) { e.detail }
        check(e.message!!.contains("cannot be combined")) { e.message!! }
    }
    test("allocation sums exactly") {
        val shares = allocate(cny("10.00"), listOf(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE))
        check(shares.map { it.amount } == listOf(BigDecimal("3.34"), BigDecimal("3.33"), BigDecimal("3.33")))
        val big = allocate(Money.parse("CNY 1000000.01"), (1..997).map { BigDecimal(it) })
        check(big.fold(BigDecimal.ZERO) { a, m -> a + m.amount } == BigDecimal("1000000.01"))
        assertThrows<ProjectLedgerException.InvalidWeights> { allocate(cny("1"), emptyList()) }
    }
    test("calendar with LocalDate") {
        val cal = WorkCalendar.china2025()
        check(cal.classify(LocalDate.of(2025, 1, 28)) == DayKind.STATUTORY_HOLIDAY)
        check(cal.addWorkingDays(LocalDate.of(2025, 1, 27), 1) == LocalDate.of(2025, 2, 5))
        check(cal.holidays().count { it.statutory } == 13)
        check(cal.makeupWorkingDays().map { it.date.toString() } == listOf("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"))
        check(WorkCalendar.fromJson(cal.toJson()) == cal)
        val site = WorkCalendar("Site", listOf("Mon", "Tue", "Wed", "Thu", "Fri", "Sat"), BigDecimal(10))
        check(site.isWorkingDay(LocalDate.of(2025, 3, 8)) && site.hoursPerDay() == BigDecimal(10))
        val e = assertThrows<ProjectLedgerException.InvalidCalendar> { WorkCalendar(" ", emptyList(), BigDecimal(25)) }
        check(e.problems.size == 3) { "${e.problems}" }
        check(periodOf(LocalDate.of(2024, 12, 30), PeriodKind.ISO_WEEK).let { it.key == "2025-W01" && it.end == LocalDate.of(2025, 1, 5) })
    }
    test("a refused event leaves the journal unchanged") {
        val journal = Journal()
        check(journal.append(created("e1", "P1", "A")))
        check(!journal.append(created("e1", "P1", "A")))
        val before = journal.toJsonl()
        assertThrows<ProjectLedgerException.DuplicateProjectCode> { journal.append(created("e2", "P2", "A")) }
        assertThrows<ProjectLedgerException.InvalidId> { journal.append(created("", "P3", "C")) }
        val unknown = assertThrows<ProjectLedgerException.UnknownProject> { journal.project("P9") }
        check(unknown.projectId == "P9")
        check(journal.toJsonl() == before && journal.size == 1L && journal.contains("e1"))
    }
    test("offline merge: two devices converge, merging with itself is a no-op") {
        val a = Journal().also { it.append(created("e1", "P1", "A")) }
        val b = Journal().also { it.append(created("e1", "P1", "A")) }
        b.append(Event("e2", t0.plusSeconds(60), "pm-li", Payload.ProjectSettingsChanged("P1", "North gate", null, null)))
        val report = a.merge(b)
        check(report.added == 1L && report.alreadyPresent == 1L && report.newConflicts.isEmpty())
        check(a.merge(a).added == 0L)
        // Two devices each create a project with code "B": the later one conflicts on merge.
        val c = Journal().also { it.append(created("e1", "P1", "A")); it.append(created("c-1", "P2", "B")) }
        val d = Journal().also { it.append(created("e1", "P1", "A")); it.append(Event("d-1", t0.plusSeconds(120), "pm-li", Payload.ProjectCreated("P3", "Site P3", "B", Currency.of("CNY"), WorkCalendar.china2025()))) }
        val conflict = c.merge(d).newConflicts.single()
        check(conflict.kind == ErrorKind.DUPLICATE_PROJECT_CODE && conflict.kind.kindName == "DuplicateProjectCode" && conflict.eventId == "d-1") { "$conflict" }
        b.merge(a)
        check(a.projects() .map { it.name } == b.projects().map { it.name } && a.project("P1").name == "North gate")
        a.verify()
    }
    test("export, import, tamper") {
        val journal = Journal().also { it.append(created("e1", "P1", "A")) }
        val text = journal.toJsonl()
        check(Journal.fromJsonl(text).head() == journal.head())
        val e = assertThrows<ProjectLedgerException.BrokenChain> { Journal.fromJsonl(text.replace("\"Site P1\"", "\"Site P2\"")) }
        check(e.eventIndex == 0L && e.eventId == "e1")
        val m = assertThrows<ProjectLedgerException.MalformedJournal> { Journal.fromJsonl(text.replace("\"actor\":\"pm-li\",", "")) }
        check(m.line == 2L && m.field == "actor") { m.detail }
    }
    test("lifecycle: gates, segregation of duties, history") {
        val journal = Journal().also { it.append(created("e1", "P1", "A")) }
        journal.append(Event("e2", t0.plusSeconds(10), "pm-li", Payload.RoleGranted("P1", "dir-sun", "approver")))
        val gate = assertThrows<ProjectLedgerException.GateFailed> {
            journal.append(Event("e3", t0.plusSeconds(20), "pm-li", Payload.PhaseChanged("P1", "design_procurement", "go")))
        }
        check(gate.failures.size == 2 && gate.from == "initiation") { "${gate.failures}" }
        journal.append(Event("e4", t0.plusSeconds(30), "pm-li", Payload.DeliverableRecorded("P1", "feasibility_report", "FR-1")))
        journal.append(Event("e5", t0.plusSeconds(40), "pm-li", Payload.ApprovalRequested("P1", "A1", "project_approval", "")))
        val sod = assertThrows<ProjectLedgerException.SegregationOfDuties> {
            journal.append(Event("e6", t0.plusSeconds(50), "pm-li", Payload.ApprovalDecided("P1", "A1", true, "")))
        }
        check(sod.actor == "pm-li")
        val denied = assertThrows<ProjectLedgerException.PermissionDenied> {
            journal.append(Event("e7", t0.plusSeconds(60), "dir-sun", Payload.PhaseChanged("P1", "design_procurement", "")))
        }
        check(denied.permission == "transition")
        journal.append(Event("e8", t0.plusSeconds(70), "dir-sun", Payload.ApprovalDecided("P1", "A1", true, "ok")))
        journal.append(Event("e9", t0.plusSeconds(80), "pm-li", Payload.PhaseChanged("P1", "design_procurement", "approved")))
        val project = journal.project("P1")
        check(project.phase == "design_procurement" && project.status == ProjectStatus.ACTIVE)
        check(project.history.last().gates.all { it.passed } && project.approvals.single().decidedBy == "dir-sun")
        check(journal.permits("P1", "dir-sun", Action.APPROVE) && !journal.permits("P1", "dir-sun", Action.TRANSITION))
        check(Workflow.standard().transitions().count { it.rework } == 2)
    }
    test("earned value and spreads") {
        val xts = currencyNew("XTS", 4)
        fun m(v: Int) = Money(BigDecimal(v), xts)
        val f = earnedValue(m(100), m(50), m(40), m(45), null)
        check(f.cpi!!.compareTo(BigDecimal("0.8889")) == 0 && f.eacCpiSpi!!.amount.compareTo(BigDecimal("129.375")) == 0)
        check(earnedValue(m(100), m(0), m(0), m(0), null).spi == null)
        assertThrows<ProjectLedgerException.InvalidWeights> { spread(cny("10.00"), 2, SpreadProfile.LINEAR, listOf(BigDecimal.ONE, BigDecimal.ONE)) }
        assertThrows<ProjectLedgerException.InvalidWeights> { spread(cny("10.00"), 2, SpreadProfile.MANUAL, emptyList()) }
        check(spread(cny("10.00"), 3, SpreadProfile.LINEAR, emptyList()).map { it.amount } == listOf(BigDecimal("3.34"), BigDecimal("3.33"), BigDecimal("3.33")))
    }
    test("cost: budget, commitment, invoice, Stop and Warn controls, views") {
        val journal = Journal()
        val t0 = Instant.parse("2025-03-03T01:00:00Z")
        var n = 0L
        fun add(actor: String, payload: Payload) = journal.append(Event("c${++n}", t0.plusSeconds(60 * n), actor, payload))
        add("pm-li", created("c0", "P1", "A").payload)
        add("pm-li", Payload.RoleGranted("P1", "dir-sun", "approver"))
        add("pm-li", Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil"), CostCodeDef("01.01", "Piles")))))
        add("pm-li", Payload.BudgetLinesSet("P1", listOf(CostLine("01.01", "subcontract", BigDecimal("1000.00")))))
        add("pm-li", Payload.BudgetControlSet("P1", null, ControlAction.STOP, ControlAction.WARN, ControlAction.IGNORE))
        add("pm-li", Payload.CostDocumentDrafted("P1", "SC1", DocumentKind.SUBCONTRACT, "Piling", listOf(CostLine("01.01", "subcontract", BigDecimal("900.00"))), null, "华建"))
        add("pm-li", Payload.CostDocumentMoved("P1", "SC1", DocumentStatus.PENDING, ""))
        val self = assertThrows<ProjectLedgerException.SegregationOfDuties> { add("pm-li", Payload.CostDocumentMoved("P1", "SC1", DocumentStatus.APPROVED, "")) }
        check(self.item == "document SC1") { self.item }
        n-- // the refused event's id is free again
        add("dir-sun", Payload.CostDocumentMoved("P1", "SC1", DocumentStatus.APPROVED, ""))
        val over = assertThrows<ProjectLedgerException.InvalidField> {
            add("pm-li", Payload.CostRecorded("P1", "I1", CostKind.INVOICE, "SC1", listOf(CostLine("01.01", "subcontract", BigDecimal("901.00"))), "", false))
        }
        check(over.detail.contains("over by CNY 1.00")) { over.detail }
        n--
        add("pm-li", Payload.CostRecorded("P1", "I1", CostKind.INVOICE, "SC1", listOf(CostLine("01.01", "subcontract", BigDecimal("900.00"))), "", false))
        add("pm-li", Payload.CostRecorded("P1", "D1", CostKind.DIRECT, null, listOf(CostLine("01.01", "subcontract", BigDecimal("150.00"))), "", false))
        val warning = journal.budgetWarnings("P1", "c${n}").single()
        check(warning.measure == ControlMeasure.ACTUAL && warning.overBy == cny("50.00")) { "$warning" }
        val stopped = assertThrows<ProjectLedgerException.BudgetExceeded> {
            add("pm-li", Payload.CostDocumentDrafted("P1", "SC2", DocumentKind.SUBCONTRACT, "More", listOf(CostLine("01.01", "subcontract", BigDecimal("200.00"))), null, null))
            add("pm-li", Payload.CostDocumentMoved("P1", "SC2", DocumentStatus.PENDING, ""))
            add("dir-sun", Payload.CostDocumentMoved("P1", "SC2", DocumentStatus.APPROVED, ""))
        }
        check(stopped.breaches.single().let { it.code == null && it.measure == "committed" && it.amount == BigDecimal("1100.00") && it.currency == "CNY" }) { "${stopped.breaches}" }
        check(stopped.detail.contains("committed on the project would be CNY 1100.00")) { stopped.detail }
        val budget = journal.budget("P1")
        check(budget.total.actual == cny("1050.00") && budget.total.projectedOverUnder == cny("-250.00")) { "${budget.total}" }
        check(budget.codes.map { it.code } == listOf("01", "01.01") && budget.codes.last().row.committed == cny("900.00")) { "${budget.codes}" }
        @Suppress("DEPRECATION")
        check(journal.budgetView("P1", null, null).last().let { it.code == null && it.row == budget.total })
        check(journal.costDocuments("P1").map { it.documentId to it.status } == listOf("SC1" to DocumentStatus.APPROVED, "SC2" to DocumentStatus.PENDING))
        assertThrows<ProjectLedgerException.TransitionNotAllowed> { add("pm-li", Payload.CostDocumentMoved("P1", "SC1", DocumentStatus.DRAFT, "")) }
        n--
        val fromJson = payloadFromJson("""{"type":"baseline_locked","data":{"project_id":"P1"}}""")
        check(fromJson == Payload.BaselineLocked("P1")) { "$fromJson" }
        assertThrows<ProjectLedgerException.InvalidField> { payloadFromJson("""{"type":"baseline_locked"}""") }
    }
    test("day work: a foreman records offline, submits; the office approves the team's week and reads the summary") {
        val office = Journal()
        val t0 = Instant.parse("2025-04-28T01:00:00Z")
        var n = 0L
        fun add(journal: Journal, actor: String, payload: Payload) = journal.append(Event("d${++n}", t0.plusSeconds(60 * n), actor, payload))
        add(office, "pm-li", created("x", "P1", "A").payload)
        add(office, "pm-li", Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil")))))
        add(office, "pm-li", Payload.RoleGranted("P1", "zhao", "foreman"))
        add(office, "pm-li", Payload.RoleGranted("P1", "qian", "approver"))
        add(office, "pm-li", Payload.LabourRateSet("P1", LocalDate.parse("2025-01-01"), RateUnit.WORKDAY, BigDecimal("400"), "钢筋工", null))
        val zhang = Worker("W1", "张三", "110105199001011234", "钢筋工", "钢筋一班", "华建劳务")
        val shown = Payload.WorkerRegistered("P1", zhang).toString()
        check(shown.contains("110***********1234") && !shown.contains("110105199001011234")) { shown }
        add(office, "zhao", Payload.WorkerRegistered("P1", zhang))
        check(office.workers().single().idNumberMasked == "110***********1234")
        // The foreman's phone holds a copy and records the week offline.
        val phone = Journal.fromJsonl(office.toJsonl())
        val week = listOf("2025-04-28", "2025-04-29", "2025-04-30", "2025-05-01").mapIndexed { i, day ->
            DayWorkEntry("phone-$i", "W1", "01", LocalDate.parse(day), hours = BigDecimal(if (i == 3) "4" else "9"))
        }
        add(phone, "zhao", Payload.DayWorkRecorded("P1", week))
        val bad = assertThrows<ProjectLedgerException.InvalidDayWork> {
            add(phone, "zhao", Payload.DayWorkRecorded("P1", listOf(DayWorkEntry("phone-9", "W1", "01", LocalDate.parse("2025-04-28"), hours = BigDecimal("16")))))
        }
        check(bad.problems.single().let { it.item == "phone-9" && it.code == ProblemCode.OVER_DAILY_LIMIT && it.message.contains("25 h") }) { "${bad.problems}" }
        n--
        add(phone, "zhao", Payload.DayWorkMoved("P1", week.map { it.entryId }, EntryState.SUBMITTED, "week 18"))
        // Synced twice: the second sync adds nothing.
        check(office.merge(phone).added == 2L && office.merge(phone).added == 0L)
        val teamWeek = DayWorkFilter(projectIds = listOf("P1"), from = LocalDate.parse("2025-04-28"), to = LocalDate.parse("2025-05-04"),
            states = listOf(EntryState.SUBMITTED), teams = listOf("钢筋一班"))
        val ids = office.selectDayWork(teamWeek)
        check(ids == week.map { it.entryId }) { "$ids" }
        assertThrows<ProjectLedgerException.PermissionDenied> { add(office, "zhao", Payload.DayWorkMoved("P1", ids, EntryState.APPROVED, "")) }
        n--
        add(office, "qian", Payload.DayWorkMoved("P1", ids, EntryState.APPROVED, "checked"))
        // 28–30 April are working days: 8 h + 1 h ×1.5 at 50.00 = 475.00 each; 1 May is a statutory holiday: 4 h ×3 = 600.00.
        val summary = office.dayWorkSummary(listOf(Dimension.TEAM, Dimension.ISO_WEEK), DayWorkFilter())
        check(summary.single().key == listOf("钢筋一班", "2025-W18") && summary.single().amount == cny("2025.00")) { "$summary" }
        check(summary.single().overtimeHours.compareTo(BigDecimal("7")) == 0 && summary.single().headcount == 1L)
        check(office.dayWorkWarnings(null).single().message.startsWith("4 h overtime on 2025-05-01"))
        check(office.budgetRow("P1", null, "labour", null).actual == cny("2025.00"))
        val ledger = office.wageLedger("P1", LocalDate.parse("2025-05-31"), null, false)
        check(ledger.map { it.month to it.gross } == listOf(YearMonth.of(2025, 4) to cny("1425.00"), YearMonth.of(2025, 5) to cny("600.00"))) { "$ledger" }
        check(ledger.all { it.paymentStatus == PaymentStatus.UNPAID && !it.overdue && it.idNumber == "110***********1234" })
    }
    hardeningTests()
    exactJsonTests()
    notFoundTests()
    recordTests()
    fundsTests()
    fundLedgerTests()
    scheduleTests()
    idiomTests()
    storeTests()
    test("README quick start") { readmeQuickstart() }

    failures.forEach { println(it) }
    println("kotlin: $passed passed, ${failures.size} failed")
    if (failures.isNotEmpty()) exitProcess(1)
}
