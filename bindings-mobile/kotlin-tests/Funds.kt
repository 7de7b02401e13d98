// Issue 13 on the mobile surface: a subcontract's next payment application, worked out on the
// device with BigDecimal figures and the same refusals as the core.
package projectledger.tests

import java.math.BigDecimal
import java.time.LocalDate
import uniffi.projectledger.*

internal fun fundsTests() {
    val price = cny("2650000")
    val advance = advanceShareOf(price, BigDecimal("0.12"), AdvanceRecovery.Threshold(BigDecimal("0.6")))
    val terms = PaymentTerms(price, BigDecimal("0.8"), RetentionTerms(), advance)

    test("the fourth application of DESIGN.md's vector recovers 48,000 of the advance") {
        check(advanceThreshold(advance, price)!!.amount == BigDecimal("2120000.00")) { "${advanceThreshold(advance, price)}" }
        val lines = listOf(
            ScheduleLine("010101", Measure.Quantity(BigDecimal("2000000"), BigDecimal.ONE)),
            ScheduleLine("010102", Measure.PercentComplete(BigDecimal("400000"), BigDecimal("0.5"))),
        )
        val f = paymentApplication(terms, lines, cny("1700000"), listOf(ApplicationDeduction("back-charge", BigDecimal("1000.00"))))
        check(f.advanceRecoveredThisPeriod.amount == BigDecimal("48000.00")) { "$f" }
        check(f.netDue.amount == BigDecimal("336000.00")) { "$f" }
        check(f.lines.map { it.completedToDate.amount } == listOf(BigDecimal("2000000.00"), BigDecimal("200000.00"))) { "${f.lines}" }
    }
    test("retention is the rules' 3 % unless given, released a liability period after acceptance") {
        val rules = paymentApplication(terms.copy(advance = null), listOf(ScheduleLine("A", Measure.Quantity(BigDecimal("1000"), BigDecimal.ONE))), cny("0"), emptyList())
        check(rules.retentionThisPeriod.amount == BigDecimal("30.00")) { "$rules" }
        check(retentionReleaseDate(RetentionTerms(liabilityMonths = 24), LocalDate.of(2025, 2, 28)) == LocalDate.of(2027, 2, 28))
        assertThrows<ProjectLedgerException.InvalidField> { retentionReleaseDate(RetentionTerms(liabilityMonths = -1), LocalDate.of(2025, 1, 1)) }
    }
    test("terms outside the rules are refused, every problem named") {
        val bad = terms.copy(payableShare = BigDecimal("0.95"), retention = RetentionTerms(cap = BigDecimal("0.05")))
        val e = assertThrows<ProjectLedgerException.InvalidField> { paymentApplication(bad, emptyList(), cny("0"), emptyList()) }
        check(e.detail.contains("payable share 0.95") && e.detail.contains("cap 0.05")) { e.detail }
        val publicProject = PayableRange(BigDecimal("0.8"), BigDecimal("1"))
        check(paymentApplication(bad.copy(retention = RetentionTerms()), emptyList(), cny("0"), emptyList(), publicProject).netDue.amount.signum() == 0)
    }
    test("a project's cash flow from its journal: June is 1,000 short") {
        val journal = Journal()
        val at = { text: String -> java.time.Instant.parse(text) }
        val events = listOf(
            "2025-05-01T00:00:00Z" to Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china(2025, 2026)),
            "2025-05-02T00:00:00Z" to Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil")))),
            "2025-05-03T00:00:00Z" to Payload.BudgetLinesSet("P1", listOf(CostLine("01", "material", BigDecimal("10000")))),
            "2025-05-04T00:00:00Z" to Payload.WorkPackageScheduled("P1", "01", LocalDate.of(2025, 6, 23), LocalDate.of(2025, 7, 4), "linear", null, EvTechnique.ZeroHundred),
            "2025-06-25T08:00:00Z" to Payload.CostRecorded("P1", "C1", CostKind.DIRECT, null, listOf(CostLine("01", "material", BigDecimal("2500"))), "rebar", false),
        )
        events.forEachIndexed { i, (time, payload) -> journal.append(Event("e$i", at(time), "pm", payload)) }
        val flow = journal.cashFlow("P1", listOf(DatedMoney(LocalDate.of(2025, 6, 1), cny("5000")), DatedMoney(LocalDate.of(2025, 7, 15), cny("5000"))), PeriodKind.MONTH, null)
        check(flow.rows.map { it.period to it.planned.amount } == listOf("2025-06" to BigDecimal("6000.00"), "2025-07" to BigDecimal("4000.00"))) { "$flow" }
        check(flow.fundingGap == FundingGap("2025-06", Money(BigDecimal("1000.00"), Currency.of("CNY")))) { "${flow.fundingGap}" }
        assertThrows<ProjectLedgerException.CurrencyMismatch> { journal.cashFlow("P1", listOf(DatedMoney(LocalDate.of(2025, 6, 1), Money.parse("USD 1"))), PeriodKind.MONTH, null) }
        val pooled = journal.portfolioCashFlow(Currency.of("CNY"), listOf(DatedMoney(LocalDate.of(2025, 6, 1), cny("5000"))), PeriodKind.MONTH, null)
        check(pooled.fundingGap?.period == "2025-06" && pooled.rows.size == 2) { "$pooled" }
        check(journal.portfolioCashFlow(Currency.of("USD"), emptyList(), PeriodKind.MONTH, null).rows.isEmpty())
    }
    test("a subcontractor's day work becomes application lines valued to date") {
        val journal = Journal.fromJsonl(java.io.File("tests/golden/daywork.jsonl").readText())
        val lines = journal.dayWorkLines("GA", LocalDate.of(2099, 12, 31), null)
        check(lines.isNotEmpty() && lines.all { it.item.startsWith("计日工 ") && it.measure is Measure.Amount }) { "$lines" }
        val f = paymentApplication(PaymentTerms(cny("1000000"), BigDecimal("0.8"), RetentionTerms(), null), lines, cny("0"), emptyList())
        check(f.completedToDate.amount.compareTo(f.lines.fold(BigDecimal.ZERO) { sum, l -> sum + l.completedToDate.amount }) == 0) { "$f" }
        assertThrows<ProjectLedgerException.UnknownProject> { journal.dayWorkLines("NOPE", LocalDate.of(2025, 1, 1), null) }
    }
    test("funds pay in order, skipping the expired and the ineligible; a shortfall is named") {
        val tree = CostBreakdown(listOf(CostCodeDef("01", "Civil"), CostCodeDef("01.01", "Piling", parent = "01"), CostCodeDef("02", "IT")))
        val any = Eligibility(emptyList(), emptyList())
        val funds = listOf(
            FundBalance("A", cny("1000"), LocalDate.of(2025, 1, 1), null, Eligibility(listOf("material"), listOf("01"))),
            FundBalance("B", cny("5000"), LocalDate.of(2025, 2, 1), null, any),
            FundBalance("C", cny("9000"), LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31), any),
        )
        val paid = consumeFunds(tree, LocalDate.of(2025, 4, 10), "material", "01.01", cny("1500"), funds, ConsumptionRule.Order)
        check(paid.map { it.amount } == listOf(BigDecimal("1000.00"), BigDecimal("500.00"), BigDecimal("0.00"))) { "$paid" }
        val e = assertThrows<ProjectLedgerException.InsufficientFunds> { consumeFunds(tree, LocalDate.of(2025, 4, 10), "labour", "02", cny("6000"), funds, ConsumptionRule.Order) }
        check(e.shortfall.compareTo(BigDecimal(1000)) == 0 && e.covered.compareTo(BigDecimal(5000)) == 0) { e.detail }
    }
}

/** A site app's view of a project's funds: balances, the applications, certifying one. */
internal fun fundLedgerTests() {
    val at = { hour: Long -> java.time.Instant.parse("2025-03-01T00:00:00Z").plusSeconds(hour * 3600) }
    var n = 0L
    fun Journal.record(actor: String, payload: Payload) = append(Event("e${++n}", at(n), actor, payload))

    test("an application certified on the phone is paid from the project's allocations, traced to its source") {
        val journal = Journal()
        journal.record("pm", Payload.ProjectCreated("P1", "Plant", "P-1", Currency.of("CNY"), WorkCalendar.china2025()))
        journal.record("pm", Payload.RoleGranted("P1", "fin", "approver"))
        journal.record("pm", Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil")))))
        journal.record("pm", Payload.BudgetLinesSet("P1", listOf(CostLine("01", "subcontract", BigDecimal("500000")))))
        journal.record("pm", Payload.FundSourceRegistered("P1", "S1", "拨款", FundKind.APPROPRIATION, Currency.of("CNY"), BigDecimal("300000"), LocalDate.of(2025, 1, 1), null, Eligibility(emptyList(), emptyList())))
        journal.record("pm", Payload.FundsAllocated("P1", "S1", BigDecimal("300000"), listOf(AllocationTarget("P1", "01")), ConsumptionRule.Order))
        journal.record("pm", Payload.CostDocumentDrafted("P1", "SC-1", DocumentKind.SUBCONTRACT, "Civil", listOf(CostLine("01", "subcontract", BigDecimal("400000"))), null, "Acme"))
        journal.record("pm", Payload.CostDocumentMoved("P1", "SC-1", DocumentStatus.PENDING, ""))
        journal.record("fin", Payload.CostDocumentMoved("P1", "SC-1", DocumentStatus.APPROVED, ""))
        journal.record("pm", Payload.PaymentTermsSet("P1", "SC-1", PaymentTerms(cny("400000"), BigDecimal("0.8"), RetentionTerms(), null), null))
        val lines = listOf(ScheduleLine("010101", Measure.PercentComplete(BigDecimal("400000"), BigDecimal("0.5"))))
        journal.record("pm", Payload.PaymentApplicationDrafted("P1", "A1", "SC-1", LocalDate.of(2025, 3, 31), lines, emptyList()))
        journal.record("pm", Payload.PaymentApplicationMoved("P1", "A1", ApplicationState.SUBMITTED, ""))
        assertThrows<ProjectLedgerException.SegregationOfDuties> { journal.record("pm", Payload.PaymentApplicationMoved("P1", "A1", ApplicationState.CERTIFIED, "")) }
        journal.record("fin", Payload.PaymentApplicationMoved("P1", "A1", ApplicationState.CERTIFIED, "on site"))
        val a1 = journal.paymentApplications("P1").single()
        // 50 % of 400,000 done: 80 % payable (160,000) less 3 % retention (6,000).
        check(a1.state == ApplicationState.CERTIFIED && a1.figures.netDue.amount == BigDecimal("154000.00") && a1.decidedBy == "fin") { "$a1" }
        journal.record("fin", Payload.PaymentRecorded("P1", "PAY-1", LocalDate.of(2025, 4, 5), PaymentOf.Application("A1"), ConsumptionRule.Order, emptyList()))
        val source = journal.fundSources().single()
        check(source.consumed.amount == BigDecimal("154000.00") && source.unallocated.amount == BigDecimal("0.00")) { "$source" }
        val balance = journal.fundAllocations("P1").single()
        check(balance.remaining.amount == BigDecimal("146000.00")) { "$balance" }
        check(journal.fundConsumptions(null).map { it.sourceId to it.amount.amount } == listOf("S1" to BigDecimal("154000.00")))
        check(journal.fundsAvailable("P1") == listOf(DatedMoney(LocalDate.of(2025, 1, 1), cny("300000.00")))) { "${journal.fundsAvailable("P1")}" }
        val advance = AdvancePayment(cny("20000"), AdvanceRecovery.Linear(BigDecimal("0.2"), BigDecimal("0.8")))
        journal.record("pm", Payload.PaymentTermsSet("P1", "SC-1", PaymentTerms(cny("400000"), BigDecimal("0.8"), RetentionTerms(), advance), null))
        journal.record("fin", Payload.PaymentRecorded("P1", "PAY-2", LocalDate.of(2025, 4, 6), PaymentOf.Advance("SC-1"), ConsumptionRule.Order, emptyList()))
        val contract = journal.contractPositions("P1").single()
        check(contract.paidToDate.amount == BigDecimal("174000.00") && contract.openApplication == null) { "$contract" }
        val short = assertThrows<ProjectLedgerException.InsufficientFunds> {
            journal.record("pm", Payload.FundsAllocated("P1", "S1", BigDecimal("1"), listOf(AllocationTarget("P1", null)), ConsumptionRule.Order))
        }
        check(short.covered.signum() == 0 && short.shortfall.compareTo(BigDecimal.ONE) == 0) { short.detail }
    }
}
