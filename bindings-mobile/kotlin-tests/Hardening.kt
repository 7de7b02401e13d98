// Issue 11 across the FFI boundary: hostile input from a site app gets a typed exception
// with the journal unchanged, and calendars refuse dates outside the years they know.
package projectledger.tests

import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import uniffi.projectledger.*

private val at: Instant = Instant.parse("2025-03-03T01:00:00Z")

private fun site(journal: Journal, calendar: WorkCalendar) {
    var n = 0L
    fun add(payload: Payload) = journal.append(Event("h${++n}", at.plusSeconds(n), "pm", payload))
    add(Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), calendar))
    add(Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil")))))
    add(Payload.LabourRateSet("P1", LocalDate.of(2024, 1, 1), RateUnit.HOUR, BigDecimal("50"), "木工", null))
    add(Payload.WorkerRegistered("P1", Worker("W1", "张三", "110105199001011234", "木工", "木工班", "华建劳务")))
}

internal fun hardeningTests() {
    test("a calendar refuses a date outside its years, unless told to use the weekly pattern") {
        val cal = WorkCalendar.china2025()
        check(cal.years() == listOf(2025) && !cal.weeklyPatternOutsideYears())
        val e = assertThrows<ProjectLedgerException.DateOutsideCalendar> { cal.classify(LocalDate.of(2026, 1, 1)) }
        check(e.date == LocalDate.of(2026, 1, 1) && e.calendar == "China 2025" && e.years == listOf(2025)) { e.detail }
        assertThrows<ProjectLedgerException.DateOutsideCalendar> { cal.addWorkingDays(LocalDate.of(2025, 12, 31), 1) }
        assertThrows<ProjectLedgerException.DateOutsideCalendar> { cal.workingDaysBetween(LocalDate.of(2024, 12, 1), LocalDate.of(2025, 1, 5)) }
        check(!cal.covers(LocalDate.of(2026, 1, 1)) && cal.covers(LocalDate.of(2025, 1, 1)))
        val weekly = cal.withWeeklyPatternOutsideYears()
        check(weekly.classify(LocalDate.of(2026, 1, 1)) == DayKind.WORKING && WorkCalendar.fromJson(weekly.toJson()) == weekly)
        check(chinaHolidayYears() == listOf(2024, 2025, 2026))
        val span = WorkCalendar.china(2024, 2026)
        val days = generateSequence(LocalDate.of(2024, 1, 1)) { it.plusDays(1) }.takeWhile { it.year <= 2026 }
        val working = days.filter { span.classify(it) == DayKind.WORKING }.groupingBy { it.year }.eachCount()
        check(working == mapOf(2024 to 251, 2025 to 248, 2026 to 248)) { "$working" }
        assertThrows<ProjectLedgerException.InvalidCalendar> { WorkCalendar.china(2025, 2027) }
    }
    test("day work on a date outside the project calendar's years is refused whole, naming the entry") {
        val journal = Journal().also { site(it, WorkCalendar.china2025()) }
        val before = journal.toJsonl()
        val e = assertThrows<ProjectLedgerException.InvalidDayWork> {
            journal.append(Event("late", at.plusSeconds(99), "pm", Payload.DayWorkRecorded("P1", listOf(
                DayWorkEntry("E1", "W1", "01", LocalDate.of(2025, 12, 31), hours = BigDecimal("8")),
                DayWorkEntry("E2", "W1", "01", LocalDate.of(2026, 1, 1), hours = BigDecimal("8"))))))
        }
        check(e.problems.single().let { it.item == "E2" && it.code == ProblemCode.OUTSIDE_CALENDAR && it.message.contains("outside the years") }) { e.detail }
        check(journal.toJsonl() == before)
        // A calendar spanning the years takes it: 元旦 2026 is a statutory holiday, 8 h × 3 × 50.00.
        val spanning = Journal().also { site(it, WorkCalendar.china(2025, 2026)) }
        spanning.append(Event("ok", at.plusSeconds(99), "pm", Payload.DayWorkRecorded("P1", listOf(
            DayWorkEntry("E2", "W1", "01", LocalDate.of(2026, 1, 1), hours = BigDecimal("8"))))))
        check(spanning.dayWorkEntries(DayWorkFilter()).single().amount == cny("1200.00"))
    }
    test("offline lines that cannot be summed are named, every one, and nothing is summed") {
        val day = LocalDate.of(2025, 3, 3)
        fun line(worker: String, hours: String, amount: String) = CostedDayWorkLine(worker, "P1", "01", day, BigDecimal(hours), BigDecimal.ZERO, BigDecimal(amount))
        val workers = listOf(WorkerNames("W1", "T1", "钢筋工", "华建"))
        val e = assertThrows<ProjectLedgerException.InvalidDayWork> {
            aggregateDayWork(listOf(line("W1", "8", "400.00"), line("W9", "8", "400.00"), line("W1", "8.001", "400.00")), workers, listOf(Dimension.TEAM), Currency.of("CNY"), BigDecimal("8"))
        }
        check(e.problems.map { it.item to it.field } == listOf("line 1" to "worker_id", "line 2" to "hours")) { e.detail }
        val rows = aggregateDayWork(listOf(line("W1", "8", "400.00")), workers, listOf(Dimension.TEAM), Currency.of("CNY"), BigDecimal("8"))
        check(rows.single().let { it.key == listOf("T1") && it.workdays.compareTo(BigDecimal.ONE) == 0 && it.amount == cny("400.00") }) { "$rows" }
    }
    test("counts and spans at the limits are errors, not crashes") {
        val cal = WorkCalendar.standard("x")
        assertThrows<ProjectLedgerException.DateOutOfRange> { cal.addWorkingDays(LocalDate.of(2025, 1, 1), Long.MIN_VALUE) }
        assertThrows<ProjectLedgerException.DateOutOfRange> { cal.addWorkingDays(LocalDate.of(2025, 1, 1), Long.MAX_VALUE) }
        assertThrows<ProjectLedgerException.DateOutOfRange> { cal.addWorkingDays(LocalDate.of(9999, 12, 30), 5) }
        assertThrows<ProjectLedgerException.InvalidWeights> { splitEvenly(cny("10.00"), Int.MAX_VALUE) }
        assertThrows<ProjectLedgerException.InvalidField> { splitEvenly(cny("10.00"), -1) }
        assertThrows<ProjectLedgerException.InvalidField> { Changes(emptyList(), -1L) }
        assertThrows<ProjectLedgerException.InvalidCurrency> { currencyNew("XTS", 300) }
        val header = Journal().toJsonl()
        val m = assertThrows<ProjectLedgerException.MalformedJournal> { Journal.fromJsonl(header + "\n".repeat(2_000_000)) }
        check(m.line == 2L) { m.detail }
    }
    test("instants outside the years 1-9999 are refused when appended, the journal unchanged") {
        val journal = Journal().also { site(it, WorkCalendar.china2025()) }
        val before = journal.toJsonl()
        for (instant in listOf(Instant.parse("0000-12-31T23:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z"))) {
            val e = assertThrows<ProjectLedgerException> { journal.append(Event("odd", instant, "pm", Payload.BaselineLocked("P1"))) }
            check(e is ProjectLedgerException.DateOutOfRange || e is ProjectLedgerException.InvalidField) { "$e" }
        }
        check(journal.toJsonl() == before)
    }
    test("one id-document number is one person; ids refuse invisible characters; errors stay short") {
        val journal = Journal().also { site(it, WorkCalendar.china2025()) }
        val before = journal.toJsonl()
        val twin = assertThrows<ProjectLedgerException.InvalidField> {
            journal.append(Event("twin", at.plusSeconds(99), "pm", Payload.WorkerRegistered("P1", Worker("W3", "张三", "110105199001011234", "木工", "木工班", "华建劳务"))))
        }
        check(twin.detail.contains("already registered as worker W1") && !twin.detail.contains("110105199001011234")) { twin.detail }
        for (bad in listOf("a\u200bb", "a\u2028b", "x".repeat(129))) {
            assertThrows<ProjectLedgerException.InvalidId> { journal.append(Event(bad, at.plusSeconds(99), "pm", Payload.BaselineLocked("P1"))) }
        }
        val huge = assertThrows<ProjectLedgerException.InvalidId> { journal.append(Event("y".repeat(1_000_000), at.plusSeconds(99), "pm", Payload.BaselineLocked("P1"))) }
        check(huge.detail.length < 1_000) { "${huge.detail.length} characters" }
        check(journal.toJsonl() == before)
        val redacted = journal.toRedactedJsonl()
        check(!redacted.contains("110105199001011234") && journal.toJsonl().contains("110105199001011234"))
    }
}

internal fun exactJsonTests() {
    test("a JSON number in a decimal field is refused, naming the field") {
        val number = """{"type":"budget_lines_set","data":{"project_id":"P","lines":[{"code":"01","cost_type":"labour","amount":12345678901234567.89}]}}"""
        val e = assertThrows<ProjectLedgerException.InvalidField> { payloadFromJson(number) }
        check(e.field == "payload data.lines[0].amount") { e.detail }
        val text = payloadFromJson(number.replace("12345678901234567.89", "\"12345678901234567.89\""))
        check(text is Payload.BudgetLinesSet && text.lines.single().amount == BigDecimal("12345678901234567.89")) { "$text" }
    }
}

internal fun notFoundTests() {
    test("a record that does not exist is NotFound, naming what and where") {
        val journal = Journal()
        journal.append(Event("e1", Instant.parse("2025-03-03T01:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025())))
        val e = assertThrows<ProjectLedgerException.NotFound> { journal.budget("P1") }
        check(e.entity == "cost breakdown" && e.id == "P1") { e.detail }
    }
}

internal fun recordTests() {
    test("record says what appending did: added, refolded, warnings") {
        val journal = Journal()
        site(journal, WorkCalendar.china(2025, 2026))
        val longDay = Event("long", at.plusSeconds(99), "pm", Payload.DayWorkRecorded("P1", listOf(
            DayWorkEntry("E1", "W1", "01", LocalDate.of(2025, 3, 3), hours = BigDecimal("13")))))
        val appended = journal.record(longDay)
        check(appended.added && !appended.refolded && appended.budgetWarnings.isEmpty()) { "$appended" }
        check(appended.dayWorkWarnings.single().entryId == "E1") { "$appended" }
        check(!journal.record(longDay).added)
        val earlier = journal.record(Event("early", at.plusSeconds(2), "pm", Payload.ProjectSettingsChanged("P1", "North gate", null, null)))
        check(earlier.added && earlier.refolded) { "$earlier" }
    }
}
