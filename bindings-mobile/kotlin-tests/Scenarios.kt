// Runs every shared scenario under tests/scenarios/ against the Kotlin surface, the same
// files the Rust and Python suites run.
package projectledger.tests

import java.io.File
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.format.DateTimeFormatter
import uniffi.projectledger.*

@Suppress("UNCHECKED_CAST")
private fun Any?.obj() = this as Map<String, Any?>
@Suppress("UNCHECKED_CAST")
private fun Any?.objOrNull() = this as Map<String, Any?>?
@Suppress("UNCHECKED_CAST")
private fun Any?.list() = this as List<Any?>
private fun Map<String, Any?>.str(key: String) = this[key] as String
private fun Map<String, Any?>.long(key: String) = this[key] as Long

private fun calendar(name: String): WorkCalendar = when (name) {
    "china_2025" -> WorkCalendar.china2025()
    "china_2024_2026" -> WorkCalendar.china(2024, 2026)
    "china_2025_weekly_outside" -> WorkCalendar.china2025().withWeeklyPatternOutsideYears()
    "standard" -> WorkCalendar.standard("Mon-Fri")
    else -> error("unknown calendar $name")
}

private fun workflow(spec: Any?): Workflow = if (spec == "standard") Workflow.standard() else Workflow.fromJson(toJson(spec))

private val statuses = mapOf("active" to ProjectStatus.ACTIVE, "on_hold" to ProjectStatus.ON_HOLD, "cancelled" to ProjectStatus.CANCELLED)
private val statusNames = statuses.entries.associate { (k, v) -> v to k }

/** An event of a scenario, its payload read from the journal's JSON form. */
private fun event(spec: Map<String, Any?>): Event =
    Event(spec.str("id"), Instant.parse(spec.str("recorded_at")), spec.str("actor"), journalPayload(spec["payload"].obj()))

/**
 * A scenario's payload through payloadFromJson: its fields are the journal's data, but for the
 * objects a scenario names or writes in their own form (calendars by name, the standard
 * workflow, breakdowns and workflows checked by their own parsers, currencies by code),
 * handled here once for every payload.
 */
fun journalPayload(spec: Map<String, Any?>): Payload {
    val data = spec.toMutableMap()
    val kind = data.remove("type")
    (data["calendar"] as? String)?.let { data["calendar"] = JsonReader(calendar(it).toJson()).readDocument() }
    data["workflow"]?.let { data["workflow"] = JsonReader(workflow(it).toJson()).readDocument() }
    data["breakdown"]?.let { data["breakdown"] = JsonReader(CostBreakdown.fromJson(toJson(it)).toJson()).readDocument() }
    (data["currency"] as String?)?.let { val c = Currency.of(it); data["currency"] = mapOf("code" to c.code, "minor_units" to c.minorUnits.toLong()) }
    return payloadFromJson(toJson(mapOf("type" to kind, "data" to data)))
}

/** The same payload built by its constructor (one constructor test per payload class). */
fun constructed(p: Map<String, Any?>): Payload {
    val id = p.str("project_id")
    return when (p.str("type")) {
        "project_created" -> Payload.ProjectCreated(id, p.str("name"), p.str("code"), Currency.of(p.str("currency")), calendar(p.str("calendar")))
        "project_settings_changed" -> Payload.ProjectSettingsChanged(id, p["name"] as String?, p["code"] as String?, (p["calendar"] as String?)?.let { calendar(it) })
        "workflow_changed" -> Payload.WorkflowChanged(id, workflow(p["workflow"]))
        "phase_changed" -> Payload.PhaseChanged(id, p.str("to"), p.str("reason"))
        "status_changed" -> Payload.StatusChanged(id, statuses.getValue(p.str("to")), p.str("reason"))
        "deliverable_recorded" -> Payload.DeliverableRecorded(id, p.str("deliverable"), p.str("reference"))
        "approval_requested" -> Payload.ApprovalRequested(id, p.str("approval_id"), p.str("kind"), p.str("note"))
        "approval_decided" -> Payload.ApprovalDecided(id, p.str("approval_id"), p["approved"] as Boolean, p.str("note"))
        "role_defined" -> Payload.RoleDefined(id, p.str("role"), p["actions"].list().map { named<Action>(it as String) })
        "role_granted" -> Payload.RoleGranted(id, p.str("member"), p.str("role"))
        "role_revoked" -> Payload.RoleRevoked(id, p.str("member"), p.str("role"))
        "conflict_settled" -> Payload.ConflictSettled(id, p.str("event_id"), p.str("note"))
        "cost_breakdown_defined" -> Payload.CostBreakdownDefined(id, CostBreakdown.fromJson(toJson(p["breakdown"])))
        "budget_lines_set" -> Payload.BudgetLinesSet(id, lines(p["lines"]))
        "baseline_locked" -> Payload.BaselineLocked(id)
        "cost_document_drafted" -> Payload.CostDocumentDrafted(
            id, p.str("document_id"), named<DocumentKind>(p.str("kind")), p.str("title"), lines(p["lines"]), p["commitment_id"] as String?, p["vendor"] as String?,
        )
        "cost_document_moved" -> Payload.CostDocumentMoved(id, p.str("document_id"), named<DocumentStatus>(p.str("to")), p.str("note"))
        "cost_recorded" -> Payload.CostRecorded(
            id, p.str("cost_id"), named<CostKind>(p.str("kind")), p["commitment_id"] as String?, lines(p["lines"]), p.str("description"),
            p["allow_over_commitment"] as Boolean? ?: false,
        )
        "budget_control_set" -> p["control"].obj().let { c ->
            fun action(key: String) = named<ControlAction>(c[key] as String? ?: "ignore")
            Payload.BudgetControlSet(id, p["code"] as String?, action("committed"), action("actual"), action("cumulative"))
        }
        "forecast_set" -> Payload.ForecastSet(id, p.str("code"), p.str("cost_type"), forecastMethod(p["method"].obj()))
        "contract_value_set" -> Payload.ContractValueSet(id, BigDecimal(p.str("amount")))
        "revenue_recorded" -> Payload.RevenueRecorded(id, p.str("entry_id"), named<RevenueKind>(p.str("kind")), BigDecimal(p.str("amount")))
        "work_package_scheduled" -> Payload.WorkPackageScheduled(
            id, p.str("code"), LocalDate.parse(p.str("start")), LocalDate.parse(p.str("finish")), p.str("profile"),
            (p["weights"] as List<*>?)?.map { BigDecimal(it as String) }, technique(p["technique"].obj()),
        )
        "progress_recorded" -> Payload.ProgressRecorded(id, p.str("code"), progress(p["progress"].obj()))
        "worker_registered" -> p["worker"].obj().let { w ->
            Payload.WorkerRegistered(id, Worker(w.str("worker_id"), w.str("name"), w.str("id_number"), w.str("trade"), w.str("team"), w.str("employer")))
        }
        "labour_rate_set" -> p["rate"].obj().let { r ->
            val scope = r["scope"].obj()
            val trade = if (scope["kind"] == "trade") scope.str("name") else null
            val worker = if (scope["kind"] == "worker") scope.str("name") else null
            Payload.LabourRateSet(id, LocalDate.parse(r.str("valid_from")), named<RateUnit>(r.str("unit")), BigDecimal(r.str("amount")), trade, worker)
        }
        "overtime_policy_set" -> p["policy"].obj().let { o ->
            Payload.OvertimePolicySet(id, OvertimePolicy(BigDecimal(o.str("working_day")), BigDecimal(o.str("rest_day")), BigDecimal(o.str("statutory_holiday")), BigDecimal(o.str("hours_per_workday"))))
        }
        "day_work_recorded" -> Payload.DayWorkRecorded(id, p["entries"].list().map { dayWorkEntry(it.obj()) })
        "day_work_reversed" -> Payload.DayWorkReversed(id, p["reversals"].list().map { r -> r.obj().let { Reversal(it.str("entry_id"), it.str("reverses"), it["reason"] as String? ?: "") } })
        "day_work_moved" -> Payload.DayWorkMoved(id, p["entry_ids"].list().map { it as String }, named<EntryState>(p.str("to")), p.str("note"))
        "day_work_period_locked" -> Payload.DayWorkPeriodLocked(id, LocalDate.parse(p.str("through")))
        "wage_deduction_recorded" -> Payload.WageDeductionRecorded(
            id, p.str("deduction_id"), p.str("worker_id"), LocalDate.parse(p.str("month")), BigDecimal(p.str("amount")), p.str("reason"),
        )
        else -> fundPayload(id, p)
    }
}

private fun target(t: Any?) = t.obj().let { AllocationTarget(it.str("project_id"), it["code"] as String?) }

private fun decimals(list: Any?) = list.list().map { BigDecimal(it as String) }

private fun rule(r: Map<String, Any?>): ConsumptionRule = when (r.str("rule")) {
    "order" -> ConsumptionRule.Order
    "ratio" -> ConsumptionRule.Ratio(decimals(r["weights"]))
    "manual" -> ConsumptionRule.Manual(decimals(r["amounts"]))
    else -> error("unknown rule $r")
}

private fun scheduleLine(l: Map<String, Any?>) = ScheduleLine(
    l.str("item"),
    when (l.str("measure")) {
        "quantity" -> Measure.Quantity(BigDecimal(l.str("quantity_to_date")), BigDecimal(l.str("unit_rate")))
        "percent_complete" -> Measure.PercentComplete(BigDecimal(l.str("scheduled_value")), BigDecimal(l.str("complete_to_date")))
        else -> Measure.Amount(BigDecimal(l.str("value_to_date")))
    },
)

private fun money(m: Map<String, Any?>) = Money(BigDecimal(m.str("amount")), Currency.of(m["currency"].obj().str("code")))

private fun paymentTerms(t: Map<String, Any?>): PaymentTerms {
    val r = t["retention"].objOrNull()
    val retention = if (r == null) RetentionTerms() else RetentionTerms(BigDecimal(r.str("rate")), BigDecimal(r.str("cap")), (r["liability_months"] as Long).toInt())
    val advance = t["advance"].objOrNull()?.let { a ->
        val recovery = a["recovery"].obj()
        AdvancePayment(
            money(a["amount"].obj()),
            if (recovery["method"] == "threshold") AdvanceRecovery.Threshold(BigDecimal(recovery.str("main_materials_share")))
            else AdvanceRecovery.Linear(BigDecimal(recovery.str("from")), BigDecimal(recovery.str("to"))),
        )
    }
    return PaymentTerms(money(t["contract_price"].obj()), BigDecimal(t.str("payable_share")), retention, advance)
}

/** The fund payloads, built by their constructors. */
private fun fundPayload(id: String, p: Map<String, Any?>): Payload = when (p.str("type")) {
    "fund_source_registered" -> p["eligibility"].objOrNull().orEmpty().let { e ->
        Payload.FundSourceRegistered(
            id, p.str("source_id"), p.str("name"), named<FundKind>(p.str("kind")), Currency.of(p.str("currency")), BigDecimal(p.str("amount")),
            LocalDate.parse(p.str("available_from")), (p["expires_on"] as String?)?.let { LocalDate.parse(it) },
            Eligibility((e["cost_types"] as List<*>?).orEmpty().map { it as String }, (e["codes"] as List<*>?).orEmpty().map { it as String }),
        )
    }
    "fund_source_changed" -> Payload.FundSourceChanged(id, p.str("source_id"), BigDecimal(p.str("change")), p.str("reason"))
    "funds_allocated" -> Payload.FundsAllocated(id, p.str("source_id"), BigDecimal(p.str("amount")), p["targets"].list().map { target(it) }, rule(p["rule"].obj()))
    "funds_transferred" -> Payload.FundsTransferred(id, p.str("source_id"), target(p["from"]), p["to"]?.let { target(it) }, BigDecimal(p.str("amount")))
    "payment_terms_set" -> Payload.PaymentTermsSet(
        id, p["contract_id"] as String?, paymentTerms(p["terms"].obj()),
        p["payable_range"].objOrNull()?.let { PayableRange(BigDecimal(it.str("min")), BigDecimal(it.str("max"))) },
    )
    "payment_application_drafted" -> Payload.PaymentApplicationDrafted(
        id, p.str("application_id"), p["contract_id"] as String?, LocalDate.parse(p.str("period_end")), p["lines"].list().map { scheduleLine(it.obj()) },
        (p["deductions"] as List<*>?).orEmpty().map { d -> d.obj().let { ApplicationDeduction(it.str("reason"), BigDecimal(it.str("amount"))) } },
    )
    "payment_application_moved" -> Payload.PaymentApplicationMoved(id, p.str("application_id"), named<ApplicationState>(p.str("to")), p.str("note"))
    "payment_recorded" -> p["pays"].obj().let { pays ->
        val of = when (pays["kind"]) {
            "cost" -> PaymentOf.Cost(pays.str("cost_id"))
            "advance" -> PaymentOf.Advance(pays.str("contract_id"))
            else -> PaymentOf.Application(pays.str("application_id"))
        }
        Payload.PaymentRecorded(id, p.str("payment_id"), LocalDate.parse(p.str("paid_on")), of, rule(p["rule"].obj()), (p["sources"] as List<*>?).orEmpty().map { it as String })
    }
    "wage_account_set" -> Payload.WageAccountSet(id, BigDecimal(p.str("labour_share")), p["contract_id"] as String?)
    else -> schedulePayload(id, p)
}

private val hms = DateTimeFormatter.ofPattern("HH:mm:ss")

/** A duration as the JSON writes it: working days, or {"hours": "4.5"}. */
private fun work(d: Any?): WorkDuration = when (d) {
    null -> WorkDuration.Days(0)
    is Long -> WorkDuration.Days(d.toInt())
    else -> WorkDuration.Hours(BigDecimal(d.obj().str("hours")))
}

/** A duration back in the JSON's form. */
private fun workJson(d: WorkDuration): Any = when (d) {
    is WorkDuration.Days -> d.days.toLong()
    is WorkDuration.Hours -> mapOf("hours" to d.hours.stripTrailingZeros().toPlainString())
}

private fun activity(a: Map<String, Any?>) = Activity(
    a.str("id"), a.str("name"), work(a["duration"]), a["calendar"] as String?, a["constraint"].objOrNull()?.let(::constraint), (a["deadline"] as String?)?.let(LocalDate::parse),
    a["cost_code"] as String?, a["wbs"] as String?, a["assignee"] as String?,
)

private fun link(l: Map<String, Any?>) = Link(l.str("predecessor"), l.str("successor"), linkKinds.getValue(l.str("kind")), (l["lag"] as Long).toInt())

/** The schedule payloads, built by their constructors. */
private fun schedulePayload(id: String, p: Map<String, Any?>): Payload = when (p.str("type")) {
    "schedule_settings_set" -> p["settings"].obj().let { s ->
        Payload.ScheduleSettingsSet(id, ScheduleOptions(
            LocalDate.parse(s.str("project_start")),
            if (s["scheduler"] == "primavera") Scheduler.PRIMAVERA else Scheduler.MS_PROJECT,
            named<LagCalendar>(s["lag_calendar"] as String? ?: "successor"),
            named<FloatBasis>(s["float_basis"] as String? ?: "finish"),
            (s["critical_float"] as Long?) ?: 0L,
        ))
    }
    "schedule_calendar_set" -> Payload.ScheduleCalendarSet(id, p.str("name"), WorkCalendar.fromJson(toJson(p["calendar"])))
    "activities_set" -> Payload.ActivitiesSet(id, p["activities"].list().map { activity(it.obj()) })
    "activity_removed" -> Payload.ActivityRemoved(id, p.str("activity_id"))
    "links_set" -> Payload.LinksSet(id, p["links"].list().map { link(it.obj()) })
    "activity_progress_recorded" -> Payload.ActivityProgressRecorded(
        id, p.str("activity_id"), LocalDate.parse(p.str("as_of")), LocalDate.parse(p.str("actual_start")),
        (p["actual_finish"] as String?)?.let(LocalDate::parse), work(p["remaining_duration"]),
    )
    "baseline_saved" -> Payload.BaselineSaved(id, p.str("name"))
    "baseline_imported" -> Payload.BaselineImported(id, p.str("name"), p["dates"].obj().mapValues { (_, d) -> d.obj().let { PlannedDates(LocalDate.parse(it.str("start")), LocalDate.parse(it.str("finish"))) } })
    "risk_identified" -> Payload.RiskIdentified(
        id, p.str("risk_id"), p.str("title"), named<RiskCategory>(p.str("category")),
        cause = p["cause"] as String? ?: "", event = p["event"] as String? ?: "", effect = p["effect"] as String? ?: "", owner = p["owner"] as String?,
        costCodes = (p["cost_codes"] as List<Any?>?)?.map { it as String } ?: emptyList(), activities = (p["activities"] as List<Any?>?)?.map { it as String } ?: emptyList(),
    )
    "risk_assessed" -> p["assessment"].obj().let { a ->
        fun rating(key: String) = (a[key] as Long).toInt()
        Payload.RiskAssessed(
            id, p.str("risk_id"),
            Assessment(rating("probability"), (a["probability_percent"] as String?)?.let(::BigDecimal), rating("cost_impact"), rating("schedule_impact"), rating("quality_impact"), (a["cost_exposure"] as String?)?.let(::BigDecimal)),
            (p["next_review"] as String?)?.let(LocalDate::parse),
        )
    }
    "risk_response_planned" -> Payload.RiskResponsePlanned(
        id, p.str("risk_id"), named<ResponseStrategy>(p.str("strategy")),
        (p["actions"] as List<Any?>?)?.map { it.obj().let { a -> RiskAction(a.str("action_id"), a.str("description"), a.str("owner"), LocalDate.parse(a.str("due"))) } } ?: emptyList(),
    )
    "risk_action_done" -> Payload.RiskActionDone(id, p.str("risk_id"), p.str("action_id"), LocalDate.parse(p.str("done_on")))
    "risk_observed" -> Payload.RiskObserved(id, p.str("risk_id"), p.str("note"), (p["next_review"] as String?)?.let(LocalDate::parse))
    "risk_closed" -> Payload.RiskClosed(id, p.str("risk_id"), named<RiskOutcome>(p.str("outcome")), p["note"] as String? ?: "")
    "contingency_reserve_set" -> Payload.ContingencyReserveSet(id, p.str("cost_code"))
    "supplier_grading_set" -> p["policy"].obj().let { policy ->
        Payload.SupplierGradingSet(id, GradingPolicy(
            criterionScores(policy["weights"].obj()), policy["thresholds"].list().map { BigDecimal(it as String) },
            named<ControlAction>(policy["d_supplier_control"] as String? ?: "ignore"), BigDecimal(policy.str("cost_points_per_percent")),
        ))
    }
    "kpi_defined" -> p["kpi"].obj().let { k ->
        Payload.KpiDefined(id, KpiDefinition(k.str("kpi_id"), k.str("name"), named<KpiMeasure>(k.str("measure")), BigDecimal(k.str("green")), BigDecimal(k.str("amber")), k["baseline"] as String?))
    }
    "benefit_planned" -> Payload.BenefitPlanned(id, p.str("benefit_id"), p.str("name"), p.str("unit"), p["planned"].list().map { it.obj().let { a -> BenefitAmount(LocalDate.parse(a.str("on")), BigDecimal(a.str("amount"))) } })
    "benefit_measured" -> p["measured"].obj().let { a -> Payload.BenefitMeasured(id, p.str("benefit_id"), BenefitAmount(LocalDate.parse(a.str("on")), BigDecimal(a.str("amount")))) }
    "review_item_passed" -> Payload.ReviewItemPassed(id, p.str("review"), p.str("item"), p.str("evidence"))
    "review_exemption_requested" -> Payload.ReviewExemptionRequested(id, p.str("review"), p.str("item"), p.str("reason"))
    "review_exemption_decided" -> Payload.ReviewExemptionDecided(id, p.str("review"), p.str("item"), p["approved"] as Boolean, p["note"] as String? ?: "")
    "supplier_delivery_recorded" -> Payload.SupplierDeliveryRecorded(id, p.str("delivery_id"), p.str("commitment_id"), LocalDate.parse(p.str("promised")), LocalDate.parse(p.str("delivered")))
    "supplier_evaluated" -> Payload.SupplierEvaluated(id, p.str("supplier"), LocalDate.parse(p.str("period_end")), criterionScores(p["scores"]?.obj() ?: emptyMap()), p["note"] as String? ?: "")
    else -> error("unknown payload ${p["type"]}")
}

private fun criterionScores(s: Map<String, Any?>) = CriterionScores(
    (s["quality"] as String?)?.let(::BigDecimal), (s["delivery"] as String?)?.let(::BigDecimal), (s["cost"] as String?)?.let(::BigDecimal),
    (s["service"] as String?)?.let(::BigDecimal), (s["safety"] as String?)?.let(::BigDecimal),
)

/** A project's value realisation as of each day named, from the state as it stood then. */
private fun checkValue(journal: Journal, expected: Map<String, Any?>) {
    for ((day, want) in expected["as_of"].obj()) {
        val v = journal.valueRealisation(expected.str("project_id"), LocalDate.parse(day))
        val got = mapOf(
            "benefits" to v.benefits.map { listOf(it.benefitId, it.plannedToDate.toPlainString(), it.measuredToDate.toPlainString(), it.realisedPercent?.toPlainString()) },
            "investment" to v.investment.toString(), "planned_return" to v.plannedReturn.toString(), "measured_return" to v.measuredReturn.toString(),
            "roi" to v.roi?.toPlainString(), "payback_on" to v.paybackOn?.toString(), "planned_payback_on" to v.plannedPaybackOn?.toString(),
        )
        check(got == want) { "$day: $got" }
    }
}

/** The KPIs as of each day named, from the state as it stood then. */
private fun checkKpis(journal: Journal, expected: Map<String, Any?>) {
    val days = expected["as_of"].obj().keys.map(LocalDate::parse)
    val byDay = journal.kpiSnapshots(days, expected.str("project_id")).groupBy { it.asOf }
    check(days.all { byDay[it] == journal.kpis(it, expected.str("project_id")) }) { "snapshots differ from the day-by-day KPIs" }
    for ((day, want) in expected["as_of"].obj()) {
        val rows = journal.kpis(LocalDate.parse(day), expected.str("project_id")).map { listOf(it.kpiId, it.value?.toPlainString(), it.status?.name?.lowercase()) }
        check(rows == want) { "$day: $rows" }
    }
}

/** The project's phase and every item of its workflow's review gates. */
private fun checkReviews(journal: Journal, expected: Map<String, Any?>) {
    val id = expected.str("project_id")
    check(journal.project(id).phase == expected["phase"]) { journal.project(id).phase }
    val rows = journal.reviewStatus(id).map { listOf(it.review, it.item, it.role, it.state, it.by, it.evidence) }
    check(rows == expected["items"]) { "$rows" }
}

/** Every evaluation of a project's suppliers (by supplier, then period) and each supplier's latest grade. */
private fun checkSuppliers(journal: Journal, expected: Map<String, Any?>) {
    val id = expected.str("project_id")
    fun text(d: BigDecimal?) = d?.toPlainString()
    val rows = journal.supplierEvaluations(id).map {
        listOf(it.supplier, it.periodEnd.toString(), text(it.quality), text(it.delivery), text(it.cost), text(it.service), text(it.safety), text(it.score), it.grade.name, text(it.change))
    }
    check(rows == expected["evaluations"]) { "$rows" }
    val grades = journal.supplierGrades(id).map { listOf(it.supplier, it.grade.name, it.score.toPlainString()) }
    check(grades == expected["grades"]) { "$grades" }
}

/** The register as of a day (a row per risk), the heat map's filled cells, the exposure. */
private fun checkRisks(journal: Journal, expected: Map<String, Any?>) {
    val id = expected.str("project_id")
    val rows = journal.riskRegister(LocalDate.parse(expected.str("as_of")), id).map {
        listOf(it.riskId, it.category.name.lowercase(), it.status.name.lowercase(), it.owner, it.probability?.toLong(), it.impact?.toLong(), it.score?.toLong(),
            it.level?.name?.lowercase(), it.emv?.toString(), it.strategy?.name?.lowercase(), it.openActions, it.overdueActions, it.nextReview?.toString(), it.reviewOverdue)
    }
    check(rows == expected["rows"]) { "$rows" }
    val filled = journal.riskHeatMap(id).filter { it.riskIds.isNotEmpty() }.map { listOf(it.probability.toLong(), it.impact.toLong(), it.riskIds) }
    check(filled == expected["heat_map"]) { "$filled" }
    val e = journal.riskExposure(id)
    val got = mapOf("open_risks" to e.openRisks, "quantified" to e.quantified, "emv_total" to e.emvTotal.toString(), "contingency_code" to e.contingencyCode,
        "contingency" to e.contingency?.toString(), "shortfall" to e.shortfall.toString())
    check(got == expected["exposure"]) { "$got" }
}

private fun scheduleRows(plan: Schedule) = mapOf(
    "activities" to plan.activities.map { listOf(it.id, it.earlyStart.toString(), it.earlyFinish.toString(), it.lateStart.toString(), it.lateFinish.toString(), it.totalFloat, it.freeFloat, it.critical) },
    "project_finish" to plan.projectFinish.toString(),
    "critical_path" to plan.criticalPath,
)

private fun riskText(r: Risk) = when (r) {
    is Risk.NegativeFloat -> "negative_float:${r.totalFloat}"
    is Risk.ShrinkingFloat -> "shrinking_float:${r.from}:${r.to}"
    Risk.LateStart -> "late_start"
    Risk.LateFinish -> "late_finish"
}

/** The schedule from the journal, as the Rust runner reads it. */
private fun checkSchedule(journal: Journal, expected: Map<String, Any?>) {
    check(journal.statusDate("P1")?.toString() == expected["status_date"]) { "${journal.statusDate("P1")}" }
    val rows = scheduleRows(journal.schedule("P1"))
    check(rows == expected["schedule"]) { "$rows" }
    val variance = journal.scheduleVariance("P1", "B0").map {
        listOf(it.id, it.baselineStart?.toString(), it.baselineFinish?.toString(), it.start.toString(), it.finish.toString(), it.startVariance, it.finishVariance, it.totalFloat, it.baselineFloat)
    }
    check(variance == expected["variance"]) { "$variance" }
    val risks = journal.activitiesAtRisk("P1", "B0").map { listOf(it.id, it.risks.map(::riskText)) }
    check(risks == expected["at_risk"]) { "$risks" }
    val day = journal.dayList("P1", LocalDate.parse(expected.str("day"))).map { listOf(it.id, it.start.toString(), it.finish.toString(), it.started, it.totalFloat, it.late) }
    check(day == expected["day_list"]) { "$day" }
}

private fun Money.text() = "${currency.code} ${amount.toPlainString()}"

/** The fund positions, as the Rust runner reads them. */
private fun checkFunds(journal: Journal, expected: Map<String, Any?>) {
    val sources = journal.fundSources().map { listOf(it.sourceId, it.amount.text(), it.allocated.text(), it.consumed.text(), it.unallocated.text()) }
    check(sources == expected["sources"]) { "$sources" }
    val allocations = journal.fundAllocations(null).map { listOf(it.sourceId, it.projectId, it.code, it.allocated.text(), it.consumed.text(), it.remaining.text()) }
    check(allocations == expected["allocations"]) { "$allocations" }
    val trace = journal.fundConsumptions(null).map { listOf(it.paymentId, it.sourceId, it.allocatedTo, it.code, it.costType, it.amount.text()) }
    check(trace == expected["consumptions"]) { "$trace" }
    val applications = journal.paymentApplications("P1").map { a ->
        val f = a.figures
        listOf(a.applicationId, a.state.name.lowercase(), f.completedThisPeriod.text(), f.payableThisPeriod.text(), f.retentionThisPeriod.text(), f.retentionToDate.text(), f.netDue.text())
    }
    check(applications == expected["applications"]) { "$applications" }
    val contracts = journal.contractPositions("P1").map {
        listOf(it.contractId, it.contractPrice.text(), it.certifiedToDate.text(), it.retentionHeld.text(), it.advanceRecovered.text(), it.paidToDate.text(), it.openApplication)
    }
    check(contracts == expected["contracts"]) { "$contracts" }
    for (c in expected["wage_accounts"].list()) {
        val check = c.obj()
        val p = journal.wageAccount("P1", LocalDate.parse(check.str("month")), LocalDate.parse(check.str("as_of")))
        val got = listOf(p.deposited.text(), p.drawn.text(), p.balance.text(), p.wagesDue.text(), p.shortfall.text(), p.short)
        check(got == check["expect"]) { "$got" }
    }
}

/** Every payload the scenario files hold, appended or listed. */
fun scenarioPayloads(dir: File): List<Map<String, Any?>> = scenarioCases(dir).flatMap { (_, case) ->
    val listed = (case["events"] as List<Any?>?).orEmpty().map { it.obj()["payload"].obj() }
    val appended = (case["steps"] as List<Any?>?).orEmpty().mapNotNull { it.obj()["append"].objOrNull()?.get("payload").objOrNull() }
    val recorded = (case["steps"] as List<Any?>?).orEmpty().mapNotNull { s -> s.obj().takeIf { "record" in it }?.get("event").objOrNull()?.get("payload").objOrNull() }
    listed + appended + recorded
}

/** A core enum from its snake_case name in the scenario files. */
private inline fun <reified E : Enum<E>> named(name: String): E = enumValueOf<E>(name.uppercase())

private fun lines(spec: Any?) = spec.list().map { val l = it.obj(); CostLine(l.str("code"), l.str("cost_type"), BigDecimal(l.str("amount"))) }

private fun forecastMethod(m: Map<String, Any?>): ForecastMethod = when (m.str("kind")) {
    "automatic" -> ForecastMethod.Automatic
    "lump_sum" -> ForecastMethod.LumpSum(BigDecimal(m.str("amount")))
    "manual" -> ForecastMethod.Manual(m["items"].list().map { val i = it.obj(); ForecastItem(i.str("description"), BigDecimal(i.str("quantity")), BigDecimal(i.str("unit_cost"))) })
    else -> error("unknown forecast method $m")
}

private fun technique(t: Map<String, Any?>): EvTechnique = when (t.str("kind")) {
    "zero_hundred" -> EvTechnique.ZeroHundred
    "fifty_fifty" -> EvTechnique.FiftyFifty
    "weighted_milestones" -> EvTechnique.WeightedMilestones(t["milestones"].list().map { val m = it.obj(); Milestone(m.str("name"), BigDecimal(m.str("weight"))) })
    "physical_percent" -> EvTechnique.PhysicalPercent
    "level_of_effort" -> EvTechnique.LevelOfEffort
    else -> error("unknown technique $t")
}

private fun progress(p: Map<String, Any?>): Progress = when (p.str("kind")) {
    "started" -> Progress.Started
    "finished" -> Progress.Finished
    "milestone_done" -> Progress.MilestoneDone(p.str("milestone"))
    "percent_complete" -> Progress.PercentComplete(BigDecimal(p.str("percent")))
    else -> error("unknown progress $p")
}

private fun shownRow(r: BudgetRow): Map<String, String> = mapOf(
    "original_budget" to r.originalBudget, "approved_changes" to r.approvedChanges, "revised_budget" to r.revisedBudget,
    "pending_changes" to r.pendingChanges, "projected_budget" to r.projectedBudget, "committed" to r.committed,
    "pending_cost_changes" to r.pendingCostChanges, "actual" to r.actual, "projected_cost" to r.projectedCost,
    "forecast_to_complete" to r.forecastToComplete, "estimated_cost_at_completion" to r.estimatedCostAtCompletion,
    "projected_over_under" to r.projectedOverUnder,
).mapValues { it.value.toString() }

private fun checkBudget(journal: Journal, expected: Map<String, Any?>) {
    val pid = expected.str("project_id")
    val budget = journal.budget(pid)
    val view = budget.codes.associate { it.code to shownRow(it.row) } + ("project" to shownRow(budget.total))
    check(view == expected["rows"]) { "$view" }
    for ((code, row) in expected["rows"].obj()) {
        check(shownRow(journal.budgetRow(pid, if (code == "project") null else code, null, null)) == row) { code }
    }
    val byType = expected["by_cost_type"].obj()
    check(shownRow(journal.budgetRow(pid, null, byType.str("cost_type"), null)) == byType["project"]) { "by cost type" }
    val documents = journal.costDocuments(pid).associate { it.documentId to it.status.name.lowercase() }
    check(documents == expected["documents"]) { "$documents" }
    val warnings = journal.budgetWarnings(pid, null).map {
        mapOf("event_id" to it.eventId, "code" to it.code, "measure" to it.measure.name.lowercase(), "amount" to it.amount.toString(),
            "budget" to it.budget.toString(), "over_by" to it.overBy.toString())
    }
    check(warnings == expected["warnings"]) { "$warnings" }
    val m = journal.margin(pid, null)
    val margin = mapOf(
        "contract_value" to m.contractValue, "approved_change_orders" to m.approvedChangeOrders, "pending_change_orders" to m.pendingChangeOrders,
        "revised_contract_value" to m.revisedContractValue, "billed" to m.billed, "received" to m.received, "receivable" to m.receivable,
        "estimated_cost_at_completion" to m.estimatedCostAtCompletion, "gross_margin" to m.grossMargin,
    ).mapValues { it.value.toString() } + ("margin_percent" to m.marginPercent?.toPlainString())
    check(margin == expected["margin"]) { "$margin" }
    val ev = expected["earned_value"].obj()
    for ((code, figures) in ev["nodes"].obj()) {
        val n = journal.earnedValue(pid, LocalDate.parse(ev.str("status_date")), if (code == "project") null else code, null)
        val f = n.figures
        val got = mapOf(
            "bac" to n.bac, "pv" to n.pv, "ev" to n.ev, "ac" to n.ac, "sv" to f.sv, "cv" to f.cv, "eac_cpi" to f.eacCpi,
            "eac_atypical" to f.eacAtypical, "eac_cpi_spi" to f.eacCpiSpi, "etc" to f.etc, "vac" to f.vac,
        ).mapValues { it.value?.let { m -> m.toString() } } + mapOf(
            "spi" to f.spi, "cpi" to f.cpi, "tcpi_bac" to f.tcpiBac, "tcpi_eac" to f.tcpiEac,
        ).mapValues { it.value?.toPlainString() }
        check(got == figures) { "earned value of $code: $got" }
    }
    val es = expected["earned_schedule"].obj()
    for ((code, figures) in es["nodes"].obj()) {
        val f = journal.earnedSchedule(pid, LocalDate.parse(es.str("status_date")), periodKinds.getValue(es.str("period")), if (code == "project") null else code, null)
        val got = mapOf("es" to f.es.toPlainString(), "spi_t" to f.spiT?.toPlainString(), "ieac_t" to f.ieacT?.toPlainString())
        check(got == figures) { "earned schedule of $code: $got" }
    }
    val asOf = expected["as_of"].obj()
    check(shownRow(journal.budgetRow(pid, null, null, Instant.parse(asOf.str("at")))) == asOf["project"]) { "as of" }
}

private fun dayWorkEntry(e: Map<String, Any?>): DayWorkEntry {
    val q = e["quantity"].obj()
    val value = BigDecimal(q.str("value"))
    return DayWorkEntry(
        e.str("entry_id"), e.str("worker_id"), e.str("cost_code"), LocalDate.parse(e.str("date")),
        hours = if (q["unit"] == "hours") value else null, workdays = if (q["unit"] == "workdays") value else null,
        start = (e["start"] as String?)?.let(LocalTime::parse), end = (e["end"] as String?)?.let(LocalTime::parse), description = e["description"] as String? ?: "",
    )
}

/** Hours and 工日 as the core gives them (two and four places), compared as text: equal values, one form. */
private fun text(d: BigDecimal) = d.toPlainString()

private fun checkDayWork(journal: Journal, expected: Map<String, Any?>) {
    val all = DayWorkFilter(states = EntryState.values().toList())
    val entries = journal.dayWorkEntries(all).associateBy { it.entryId }
    for ((id, want) in expected["entries"].obj()) {
        val e = entries.getValue(id)
        val got = listOf(e.state.name.lowercase(), text(e.regularHours), text(e.overtimeHours), e.amount.toString())
        check(got == want) { "entry $id: $got" }
    }
    val summary = expected["summary"].obj()
    val rows = journal.dayWorkSummary(summary["by"].list().map { named<Dimension>(it as String) }, DayWorkFilter()).map {
        mapOf("key" to it.key, "entries" to it.entries.toLong(), "headcount" to it.headcount.toLong(), "regular_hours" to text(it.regularHours),
            "overtime_hours" to text(it.overtimeHours), "hours" to text(it.hours), "workdays" to text(it.workdays), "amount" to it.amount.toString())
    }
    check(rows == summary["rows"]) { "$rows" }
    val warnings = journal.dayWorkWarnings(null).map { listOf(it.eventId, it.entryId, it.message) }
    check(warnings == expected["warnings"]) { "$warnings" }
    expected["wage_ledger"].objOrNull()?.let { ledger ->
        val got = journal.wageLedger(ledger.str("project_id"), LocalDate.parse(ledger.str("as_of")), null, false).map {
            mapOf("month" to it.month.toString(), "worker_id" to it.workerId, "worker_name" to it.workerName, "id_number" to it.idNumber, "employer" to it.employer,
                "entries" to it.entries.toLong(), "regular_hours" to text(it.regularHours), "overtime_hours" to text(it.overtimeHours),
                "workdays" to text(it.workdays), "regular_pay" to it.regularPay.toString(), "overtime_pay" to it.overtimePay.toString(),
                "rest_day_pay" to it.restDayPay.toString(), "holiday_pay" to it.holidayPay.toString(), "gross" to it.gross.toString(),
                "deductions" to it.deductions.toString(), "net" to it.net.toString(), "paid" to it.paid.toString(),
                "payment_status" to it.paymentStatus.name.lowercase(), "paid_on" to it.paidOn?.toString(), "due_by" to it.dueBy.toString(), "overdue" to it.overdue)
        }
        check(got == ledger["rows"]) { "$got" }
    }
    expected["labour_actuals"].objOrNull()?.let { a ->
        for ((code, amount) in a["codes"].obj()) {
            val row = journal.budgetRow(a.str("project_id"), if (code == "project") null else code, "labour", null)
            check(row.actual.toString() == amount) { "labour actual of $code: ${row.actual}" }
        }
    }
    expected["selection"].objOrNull()?.let { sel ->
        val f = sel["filter"].obj()
        val filter = DayWorkFilter(
            projectIds = f["projects"].list().map { it as String }, from = LocalDate.parse(f.str("from")), to = LocalDate.parse(f.str("to")),
            states = f["states"].list().map { named<EntryState>(it as String) }, teams = f["teams"].list().map { it as String },
        )
        check(journal.selectDayWork(filter) == sel["entry_ids"]) { "${journal.selectDayWork(filter)}" }
    }
}

private fun checkLifecycle(journal: Journal, expected: Map<String, Any?>) {
    for (s in expected["projects"].list()) {
        val spec = s.obj()
        val project = journal.project(spec.str("id"))
        check(project.phase == spec["phase"] && statusNames[project.status] == spec["status"]) { "${project.phase} ${project.status}" }
        val history = project.history.map { listOf(it.kind, it.from, it.to, it.actor) }
        check(history == spec["history"]) { "$history" }
    }
    val counts = journal.phaseCounts().map { mapOf("phase" to it.phase, "active" to it.active.toLong(), "on_hold" to it.onHold.toLong(), "cancelled" to it.cancelled.toLong()) }
    check(counts == expected["phase_counts"]) { "$counts" }
    expected["durations"].objOrNull()?.let { spec ->
        val got = journal.phaseDurations(spec.str("project"), Instant.parse(spec.str("as_of")))
            .map { mapOf("phase" to it.phase, "visits" to it.visits.toLong(), "calendar_days" to it.calendarDays, "working_days" to it.workingDays) }
        check(got == spec["expect"]) { "$got" }
    }
    expected["transitions"].objOrNull()?.let { spec ->
        val got = journal.transitionsBetween(LocalDate.parse(spec.str("from")), LocalDate.parse(spec.str("to")))
            .map { listOf(it.projectId, it.record.kind, it.record.from, it.record.to) }
        check(got == spec["expect"]) { "$got" }
    }
}

private fun record(specs: Any?): Journal = Journal().also { j -> specs.list().forEach { j.append(event(it.obj())) } }

/** Two devices syncing through change sets carried as bytes; each keeps the cursor it last sent the other up to. */
private fun sync(case: Map<String, Any?>) {
    val devices = case["devices"].obj().mapValues { (_, events) -> record(events) }
    val sent = mutableMapOf<Pair<String, String>, Long>()
    for (s in case["steps"].list()) {
        val step = s.obj()
        step["record"]?.let { device ->
            val journal = devices.getValue(device as String)
            if (step.containsKey("error")) {
                val before = journal.size to journal.head()
                val e = runCatching { journal.append(event(step["event"].obj())) }.exceptionOrNull()
                check(e is ProjectLedgerException && e::class.simpleName == step["error"]) { "$step: $e" }
                check((journal.size to journal.head()) == before) { "a refused event changed the journal" }
            } else {
                journal.append(event(step["event"].obj()))
            }
            continue
        }
        val (from, to) = step.str("send") to step.str("to")
        val changes = devices.getValue(from).changesSince(to, sent[from to to] ?: 0L)
        var carried = changes.toBytes()
        step["cut_after"]?.let { keep ->
            val lines = String(carried, Charsets.UTF_8).lines().filter { it.isNotEmpty() }
            carried = lines.take((keep as Number).toInt() + 1).joinToString("") { it + "\n" }.toByteArray()
        }
        val receiver = devices.getValue(to)
        val before = receiver.size to receiver.head()
        if (step.containsKey("error")) {
            val e = runCatching { receiver.applyChanges(from, Changes.fromBytes(carried)) }.exceptionOrNull()
            check(e is ProjectLedgerException && e::class.simpleName == step["error"]) { "$step: $e" }
            check((receiver.size to receiver.head()) == before) { "a refused change set changed the journal" }
            continue
        }
        val report = receiver.applyChanges(from, Changes.fromBytes(carried))
        check(changes.size == step.long("expect_sent") && report.added == step.long("expect_added")) { "$step: $report" }
        sent[from to to] = changes.cursor()
    }
    check(devices.values.map { it.digest() }.toSet().size == 1) { "the replicas hold different events" }
    check(devices.values.map { it.stateDigest() }.toSet().size == 1) { "the replicas fold to different states" }
    for (journal in devices.values) {
        check(journal.size == case.long("expect_len"))
        check(state(journal) == case["expect_state"]) { "${state(journal)}" }
        journal.verify()
        case["expect_conflicts"]?.let { expected ->
            val got = journal.conflicts().map { c ->
                mapOf(
                    "event_id" to c.eventId, "error" to c.kind.kindName, "actor" to c.actor,
                    "dropped" to c.dropped.map { mapOf("item" to it.item, "reasons" to it.reasons) },
                    "settled_by" to c.settled?.by, "note" to c.settled?.note,
                )
            }
            check(got == expected) { "$got" }
        }
    }
}

private fun state(journal: Journal): Map<String, Any?> = mapOf(
    "projects" to journal.projects().map {
        mapOf("id" to it.id, "name" to it.name, "code" to it.code, "currency" to it.currency.code, "calendar" to it.calendar.name())
    },
    "conflicts" to journal.conflicts().map { mapOf("event_id" to it.eventId, "error" to it.kind.kindName) },
)

private fun shown(shares: List<Money>) = shares.map { it.toString() }

private val strategies = mapOf(
    "half_away_from_zero" to RoundingStrategy.HALF_AWAY_FROM_ZERO, "half_even" to RoundingStrategy.HALF_EVEN,
    "half_toward_zero" to RoundingStrategy.HALF_TOWARD_ZERO, "up" to RoundingStrategy.UP, "down" to RoundingStrategy.DOWN,
    "ceiling" to RoundingStrategy.CEILING, "floor" to RoundingStrategy.FLOOR,
)
private val periodKinds = mapOf(
    "day" to PeriodKind.DAY, "iso_week" to PeriodKind.ISO_WEEK, "month" to PeriodKind.MONTH,
    "quarter" to PeriodKind.QUARTER, "year" to PeriodKind.YEAR,
)
private val dayKindNames = mapOf(DayKind.WORKING to "working", DayKind.REST_DAY to "rest_day", DayKind.STATUTORY_HOLIDAY to "statutory_holiday")

/** A scenario value that only the Kotlin surface can't express is an InvalidField, as in the core. */
class ScenarioInvalidField(message: String) : Exception(message)

private fun run(case: Map<String, Any?>): Any? {
    fun money(key: String) = Money.parse(case.str(key))
    return when (case.str("op")) {
        "currency" -> (if (case.containsKey("minor_units")) currencyNew(case.str("code"), (case.long("minor_units")).toInt()) else Currency.of(case.str("code")))
            .let { mapOf("code" to it.code, "minor_units" to it.minorUnits.toLong()) }
        "parse" -> (money("text")).toString()
        "add" -> ((money("left") + money("right"))).toString()
        "sub" -> ((money("left") - money("right"))).toString()
        "mul" -> ((money("left") * BigDecimal(case.str("factor")))).toString()
        "round" -> ((money("money")).rounded(strategies[case.str("strategy")] ?: throw ScenarioInvalidField(case.str("strategy")))).toString()
        "allocate" -> shown(allocate(money("total"), case["weights"].list().map { BigDecimal(it as String) }))
        "split_evenly" -> shown(splitEvenly(money("total"), case.long("parts").toInt()))
        "cost_day_work" -> {
            val lines = case["lines"].list().map { val l = it.list(); TimesheetLine(l[0] as String, LocalDate.parse(l[1] as String), BigDecimal(l[2] as String)) }
            val rates = case["rates"].list().map { val r = it.list(); DayWorkRate(LocalDate.parse(r[0] as String), if (r[1] == "hour") RateUnit.HOUR else RateUnit.WORKDAY, BigDecimal(r[2] as String), r[3] as String?, r[4] as String?) }
            val trades = case["trades"].obj().mapValues { it.value as String }
            val policy = OvertimePolicy(BigDecimal("1.5"), BigDecimal("2"), BigDecimal("3"), BigDecimal("8"))
            fun plain(d: BigDecimal) = d.stripTrailingZeros().toPlainString()
            costDayWork(lines, trades, rates, calendar(case.str("calendar")), policy, Currency.of(case.str("currency"))).map {
                listOf(dayKindNames[it.dayKind], text(it.regularHours), text(it.overtimeHours), plain(it.multiplier), plain(it.rate), if (it.rateUnit == RateUnit.HOUR) "hour" else "workday", it.amount.amount.toPlainString())
            }
        }
        "aggregate_day_work" -> {
            val lines = case["lines"].list().map { val l = it.list().map { v -> v as String }; CostedDayWorkLine(l[0], l[1], l[2], LocalDate.parse(l[3]), BigDecimal(l[4]), BigDecimal(l[5]), BigDecimal(l[6])) }
            val workers = case["workers"].list().map { val w = it.list().map { v -> v as String }; WorkerNames(w[0], w[1], w[2], w[3]) }
            aggregateDayWork(lines, workers, case["by"].list().map { named<Dimension>(it as String) }, Currency.of(case.str("currency")), BigDecimal("8")).map {
                listOf(it.key, it.entries.toLong(), it.headcount.toLong(), text(it.regularHours), text(it.overtimeHours), text(it.hours), it.amount.amount.toPlainString())
            }
        }
        "classify" -> dayKindNames[calendar(case.str("calendar")).classify(LocalDate.parse(case.str("date")))]
        "count_day_kinds" -> {
            val cal = calendar(case.str("calendar"))
            val days = generateSequence(LocalDate.parse(case.str("from"))) { it.plusDays(1) }.takeWhile { it <= LocalDate.parse(case.str("to")) }
            days.groupingBy { dayKindNames[cal.classify(it)]!! }.eachCount().mapValues { it.value.toLong() }
        }
        "add_working_days" -> calendar(case.str("calendar")).addWorkingDays(LocalDate.parse(case.str("date")), case.long("n")).toString()
        "working_days_between" -> calendar(case.str("calendar")).workingDaysBetween(LocalDate.parse(case.str("from")), LocalDate.parse(case.str("to")))
        "period" -> periodOf(LocalDate.parse(case.str("date")), periodKinds[case.str("kind")] ?: throw ScenarioInvalidField(case.str("kind"))).key
        "load_notice" -> {
            val loaded = WorkCalendar.standard("Mon-Fri").withNotice(toJson(case["notice"]))
            case["checks"].list().forEach { c -> val (day, kind) = c.list(); check(dayKindNames[loaded.classify(LocalDate.parse(day as String))] == kind) { "$c" } }
            null
        }
        "journal" -> {
            val journal = Journal()
            for (s in case["steps"].list()) {
                val step = s.obj()
                val before = journal.toJsonl() to state(journal)
                if (step.containsKey("error")) {
                    val e = runCatching { journal.append(event(step["append"].obj())) }.exceptionOrNull()
                    check(e is ProjectLedgerException && e::class.simpleName == step["error"]) { "$step: $e" }
                    checkErrorDetails(e as ProjectLedgerException, step)
                    check((journal.toJsonl() to state(journal)) == before) { "a refused event changed the journal" }
                } else {
                    check(journal.append(event(step["append"].obj())) == (step["expect"] == "added")) { "$step" }
                }
            }
            check(journal.size == case.long("expect_len"))
            check(state(journal) == case["expect_state"]) { "${state(journal)}" }
            case["expect_budget"].objOrNull()?.let {
                checkBudget(journal, it)
                checkBudget(Journal.fromJsonl(journal.toJsonl()), it) // replay
            }
            case["expect_day_work"].objOrNull()?.let {
                checkDayWork(journal, it)
                checkDayWork(Journal.fromJsonl(journal.toJsonl()), it) // replay
            }
            case["expect_schedule"].objOrNull()?.let {
                checkSchedule(journal, it)
                checkSchedule(Journal.fromJsonl(journal.toJsonl()), it) // replay
            }
            case["expect_funds"].objOrNull()?.let {
                checkFunds(journal, it)
                checkFunds(Journal.fromJsonl(journal.toJsonl()), it) // replay
            }
            case["expect_kpis"].objOrNull()?.let { checkKpis(journal, it) }
            case["expect_value"].objOrNull()?.let { checkValue(journal, it) }
            case["expect_reviews"].objOrNull()?.let {
                checkReviews(journal, it)
                checkReviews(Journal.fromJsonl(journal.toJsonl()), it) // replay
            }
            case["expect_suppliers"].objOrNull()?.let {
                checkSuppliers(journal, it)
                checkSuppliers(Journal.fromJsonl(journal.toJsonl()), it) // replay
            }
            case["expect_risks"].objOrNull()?.let {
                checkRisks(journal, it)
                checkRisks(Journal.fromJsonl(journal.toJsonl()), it) // replay
            }
            case["expect_lifecycle"].objOrNull()?.let {
                checkLifecycle(journal, it)
                checkLifecycle(Journal.fromJsonl(journal.toJsonl()), it) // replay
            }
            null
        }
        "workflow" -> {
            val w = workflow(case["workflow"])
            mapOf(
                "initial" to w.initial(),
                "phases" to w.phases().size.toLong(),
                "terminal" to w.phases().map { it.id }.filter { w.isTerminal(it) },
                "rework" to w.transitions().filter { it.rework }.map { listOf(it.from, it.to) },
            )
        }
        "merge" -> {
            if (case.containsKey("error")) {
                val left = record(case["left"])
                val before = left.toJsonl()
                try { left.merge(record(case["right"])) } finally {
                    check(left.toJsonl() == before && left.size == case.long("expect_len")) { "a refused merge changed the journal" }
                }
            }
            val (leftRight, rightLeft) = record(case["left"]) to record(case["right"])
            val report = leftRight.merge(record(case["right"]))
            rightLeft.merge(record(case["left"]))
            check(report.added == case.long("expect_added") && report.alreadyPresent == case.long("expect_already_present")) { "$report" }
            for (merged in listOf(leftRight, rightLeft)) {
                check(merged.size == case.long("expect_len"))
                check(state(merged) == case["expect_state"]) { "${state(merged)}" }
                merged.verify()
            }
            case["expect_day_work"].objOrNull()?.let { expected ->
                val once = leftRight.toJsonl()
                check(leftRight.merge(record(case["right"])).added == 0L && leftRight.toJsonl() == once) { "merging again changed the journal" }
                listOf(leftRight, rightLeft).forEach { checkDayWork(it, expected) }
            }
            null
        }
        "sync" -> { sync(case); null }
        "tamper" -> {
            val lines = record(case["events"]).toJsonl().lines().filter { it.isNotEmpty() }.toMutableList()
            val target = case.long("line").toInt() - 1
            if (case["delete"] == true) lines.removeAt(target) else {
                check(lines[target].contains(case.str("find")))
                lines[target] = lines[target].replaceFirst(case.str("find"), case.str("replace"))
            }
            Journal.fromJsonl(lines.joinToString("") { it + "\n" })
            null
        }
        "earned_value", "earned_schedule" -> {
            val c = case["currency"].obj()
            val currency = currencyNew(c.str("code"), c.long("minor_units").toInt())
            fun m(v: Any?) = Money(BigDecimal(v as String), currency)
            val got: Map<String, BigDecimal?> = if (case["op"] == "earned_value") {
                val f = earnedValue(m(case["bac"]), m(case["pv"]), m(case["ev"]), m(case["ac"]), case["bottom_up_etc"]?.let { m(it) })
                mapOf("sv" to f.sv.amount, "cv" to f.cv.amount, "spi" to f.spi, "cpi" to f.cpi, "eac_cpi" to f.eacCpi?.amount,
                    "eac_atypical" to f.eacAtypical.amount, "eac_cpi_spi" to f.eacCpiSpi?.amount, "eac_bottom_up" to f.eacBottomUp?.amount,
                    "etc" to f.etc?.amount, "vac" to f.vac?.amount, "tcpi_bac" to f.tcpiBac, "tcpi_eac" to f.tcpiEac)
            } else {
                val f = earnedSchedule(case["cumulative_pv"].list().map { m(it) }, m(case["ev"]), BigDecimal(case.str("actual_time")), BigDecimal(case.str("planned_duration")))
                mapOf("es" to f.es, "spi_t" to f.spiT, "ieac_t" to f.ieacT)
            }
            for ((name, want) in case["figures"].obj()) {
                val value = got.getValue(name)
                val same = if (want == null) value == null else value != null && value.compareTo(BigDecimal(want as String)) == 0
                check(same) { "$name: got $value, want $want" }
            }
            null
        }
        "cost_breakdown" -> {
            val tree = CostBreakdown.fromJson(toJson(case["breakdown"]))
            mapOf("codes" to tree.codes().size.toLong(), "leaves" to tree.codes().filter { tree.isLeaf(it) }, "cost_types" to tree.costTypes())
        }
        "spread" -> {
            val profiles = mapOf("linear" to SpreadProfile.LINEAR, "front_loaded" to SpreadProfile.FRONT_LOADED, "back_loaded" to SpreadProfile.BACK_LOADED,
                "s_curve" to SpreadProfile.S_CURVE, "manual" to SpreadProfile.MANUAL)
            val profile = profiles[case.str("profile")] ?: throw ScenarioInvalidField(case.str("profile"))
            val weights = (case["weights"] as List<*>?)?.map { BigDecimal(it as String) } ?: emptyList()
            shown(spread(money("amount"), case.long("periods").toInt(), profile, weights))
        }
        "import" -> {
            val journal = Journal.fromJsonl(case["lines"].list().joinToString("") { (it as String) + "\n" })
            check(journal.size == case.long("expect_len"))
            null
        }
        "payment_applications" -> paymentApplications(case)
        "cash_flow" -> {
            fun dated(key: String) = (case[key] as List<*>?).orEmpty().map { f -> (f as List<*>).let { DatedMoney(LocalDate.parse(it[0] as String), Money.parse(it[1] as String)) } }
            val flow = cashFlow(Currency.of(case.str("currency")), dated("planned"), dated("actual"), dated("available"), periodKinds.getValue(case.str("kind")))
            mapOf(
                "rows" to flow.rows.map { r ->
                    listOf(r.period) + listOf(r.planned, r.actual, r.available, r.cumulativePlanned, r.cumulativeActual, r.cumulativeAvailable, r.shortfall).map { it.amount.toPlainString() }
                },
                "funding_gap" to flow.fundingGap?.let { listOf(it.period, it.shortfall.amount.toPlainString()) },
            )
        }
        "schedule" -> runSchedule(case)
        "read_mspdi", "read_xer" -> {
            val text = (case["file"] as String?)?.let { java.io.File(it).readText() } ?: case.str("text")
            val f = if (case["op"] == "read_mspdi") readMspdi(text) else readXer(text)
            val constraintText = { c: Constraint? ->
                when (c) {
                    null -> null
                    is Constraint.StartNoEarlierThan -> "start_no_earlier_than ${c.date}"
                    is Constraint.FinishNoEarlierThan -> "finish_no_earlier_than ${c.date}"
                    is Constraint.StartNoLaterThan -> "start_no_later_than ${c.date}"
                    is Constraint.FinishNoLaterThan -> "finish_no_later_than ${c.date}"
                    is Constraint.MustStartOn -> "must_start_on ${c.date}"
                    is Constraint.MustFinishOn -> "must_finish_on ${c.date}"
                }
            }
            val kindNames = linkKinds.entries.associate { (k, v) -> v to k }
            mapOf(
                "name" to f.name, "project_start" to f.projectStart.toString(), "project_calendar" to f.projectCalendar,
                "activities" to f.activities.map { listOf(it.id, it.name, workJson(it.duration), it.calendar, constraintText(it.constraint), it.deadline?.toString()) },
                "links" to f.links.map { listOf(it.predecessor, it.successor, kindNames.getValue(it.kind), it.lag.toLong()) },
                "baseline" to f.baseline.mapValues { (_, d) -> d.map { it.toString() } },
                "unsupported" to f.unsupported.size.toLong(),
                "status_date" to f.statusDate?.toString(),
                "progress" to f.progress.mapValues { (_, p) -> listOf(p.actualStart.toString(), p.actualFinish?.toString(), workJson(p.remainingDuration)) },
            )
        }
        else -> error("unknown op ${case["op"]}")
    }
}

private val linkKinds = mapOf("fs" to LinkKind.FINISH_TO_START, "ss" to LinkKind.START_TO_START, "ff" to LinkKind.FINISH_TO_FINISH, "sf" to LinkKind.START_TO_FINISH)

private fun constraint(c: Map<String, Any?>): Constraint {
    val date = LocalDate.parse(c.str("date"))
    return when (c.str("kind")) {
        "start_no_earlier_than" -> Constraint.StartNoEarlierThan(date)
        "finish_no_earlier_than" -> Constraint.FinishNoEarlierThan(date)
        "start_no_later_than" -> Constraint.StartNoLaterThan(date)
        "finish_no_later_than" -> Constraint.FinishNoLaterThan(date)
        "must_start_on" -> Constraint.MustStartOn(date)
        "must_finish_on" -> Constraint.MustFinishOn(date)
        else -> error("unknown constraint $c")
    }
}

/** A schedule case: activities and links built by their constructors, rows as the Rust runner writes them. */
private fun runSchedule(case: Map<String, Any?>): Any {
    val activities = case["activities"].list().map { activity(it.obj()) }
    val links = case["links"].list().map { link(it.obj()) }
    val o = case["options"].obj()
    val options = ScheduleOptions(
        LocalDate.parse(o.str("project_start")),
        if (o["scheduler"] == "primavera") Scheduler.PRIMAVERA else Scheduler.MS_PROJECT,
        named<LagCalendar>(o["lag_calendar"] as String? ?: "successor"),
        named<FloatBasis>(o["float_basis"] as String? ?: "finish"),
        (o["critical_float"] as Long?) ?: 0L,
    )
    val calendars = case["calendars"].objOrNull().orEmpty().mapValues { (_, spec) -> WorkCalendar.fromJson(toJson(spec)) }
    val progress = case["progress"].objOrNull().orEmpty().mapValues { (_, p) ->
        p.obj().let { ActivityProgress(LocalDate.parse(it.str("actual_start")), (it["actual_finish"] as String?)?.let(LocalDate::parse), work(it["remaining_duration"])) }
    }
    val status = (case["status_date"] as String?)?.let(LocalDate::parse)
    val plan = if (status == null && progress.isEmpty()) schedule(activities, links, options, calendar(case.str("calendar")), calendars)
        else reschedule(activities, links, options, calendar(case.str("calendar")), calendars, progress, status)
    val rows = scheduleRows(plan)
    // Clock times and exact floats where the case writes them out (work in hours).
    if (case["expect"].obj().containsKey("times")) {
        return rows + ("times" to plan.activities.map { listOf(it.id, hms.format(it.earlyStartTime), hms.format(it.earlyFinishTime), it.totalFloatMinutes, it.freeFloatMinutes) })
    }
    return rows
}

/** A contract's applications, period after period, each against the one before. */
private fun paymentApplications(case: Map<String, Any?>): List<Map<String, String>> {
    val spec = case["terms"].obj()
    val price = Money.parse(spec.str("contract_price"))
    fun Map<String, Any?>.dec(key: String) = BigDecimal(str(key))
    val retention = spec["retention"].objOrNull()?.let { RetentionTerms(it.dec("rate"), it.dec("cap"), it.long("liability_months").toInt()) } ?: RetentionTerms()
    val advance = spec["advance"].objOrNull()?.let { a ->
        val recovery = if (a.containsKey("main_materials_share")) AdvanceRecovery.Threshold(a.dec("main_materials_share"))
            else AdvanceRecovery.Linear(a.dec("recover_from"), a.dec("recover_to"))
        if (a.containsKey("share")) advanceShareOf(price, a.dec("share"), recovery) else AdvancePayment(Money(a.dec("amount"), price.currency), recovery)
    }
    val terms = PaymentTerms(price, spec.dec("payable_share"), retention, advance)
    val range = (case["payable_range"] as List<*>?)?.let { PayableRange(BigDecimal(it[0] as String), BigDecimal(it[1] as String)) }
    var previous = Money(BigDecimal.ZERO, price.currency)
    return case["periods"].list().map { p ->
        val period = p.obj()
        val lines = period["lines"].list().map { l ->
            val line = l.obj()
            val measure = when {
                line.containsKey("unit_rate") -> Measure.Quantity(line.dec("quantity_to_date"), line.dec("unit_rate"))
                line.containsKey("value_to_date") -> Measure.Amount(line.dec("value_to_date"))
                else -> Measure.PercentComplete(line.dec("scheduled_value"), line.dec("complete_to_date"))
            }
            ScheduleLine(line.str("item"), measure)
        }
        val deductions = (period["deductions"] as List<*>?).orEmpty().map { d -> (d as List<*>).let { ApplicationDeduction(it[0] as String, BigDecimal(it[1] as String)) } }
        val f = paymentApplication(terms, lines, previous, deductions, range)
        previous = f.completedToDate
        mapOf(
            "completed_this_period" to f.completedThisPeriod, "payable_this_period" to f.payableThisPeriod,
            "retention_this_period" to f.retentionThisPeriod, "retention_to_date" to f.retentionToDate,
            "advance_recovered_this_period" to f.advanceRecoveredThisPeriod, "advance_recovered_to_date" to f.advanceRecoveredToDate,
            "deductions" to f.deductions, "net_due" to f.netDue,
        ).mapValues { it.value.amount.toPlainString() }
    }
}

@Suppress("UNCHECKED_CAST")
private fun checkErrorDetails(e: ProjectLedgerException, case: Map<String, Any?>) {
    when (e) {
        is ProjectLedgerException.MalformedJournal -> check(e.line == case.long("error_line") && (case["error_field"] ?: e.field) == e.field) { "line ${e.line}, field ${e.field}: ${e.detail}" }
        is ProjectLedgerException.BrokenChain -> check(e.eventIndex == case.long("event_index")) { "event ${e.eventIndex}: ${e.detail}" }
        is ProjectLedgerException.InvalidCalendar -> check(e.problems.size.toLong() == case.long("problems")) { "${e.problems}" }
        is ProjectLedgerException.InvalidCostBreakdown -> check(e.problems.size.toLong() == case.long("problems")) { "${e.problems}" }
        is ProjectLedgerException.InvalidWorkflow -> check(case["problems"] == null || e.problems.size.toLong() == case.long("problems")) { "${e.problems}" }
        is ProjectLedgerException.GateFailed -> check(case["failures"] == null || e.failures.size.toLong() == case.long("failures")) { "${e.failures}" }
        is ProjectLedgerException.PermissionDenied -> check(case["permission"] == null || e.permission == case["permission"]) { e.permission }
        is ProjectLedgerException.InvalidDayWork -> check(
            (case["entry_ids"] == null || e.problems.map { it.item } == case["entry_ids"]) &&
                (case["codes"] == null || e.problems.map { it.code.name.lowercase() } == case["codes"]) &&
                (case["fields"] == null || e.problems.map { it.field } == case["fields"])
        ) { "${e.problems}" }
        is ProjectLedgerException.BudgetExceeded -> check(case["breaches"] == null || e.breaches.size.toLong() == case.long("breaches")) { "${e.breaches}" }
        is ProjectLedgerException.DependencyCycle -> check(e.activities == case["activities_in_cycle"]) { "${e.activities}" }
        is ProjectLedgerException.InvalidSchedule -> check(case["problems"] == null || e.problems.size.toLong() == case.long("problems")) { "${e.problems}" }
        is ProjectLedgerException.InsufficientFunds -> check(
            case["shortfall"] == null || listOf(e.needed, e.covered, e.shortfall).map { it.toPlainString() } == listOf(case["needed"], case["covered"], case["shortfall"])
        ) { e.detail }
        else -> {}
    }
}

/** Runs one case; returns null when it passes, else why it failed. */
fun runScenarioCase(case: Map<String, Any?>): String? {
    val expectedError = case["error"] as String?
    val outcome = runCatching { run(case) }
    val error = outcome.exceptionOrNull()
    return when {
        expectedError == null && error != null -> "unexpected ${error::class.simpleName}: ${error.message}"
        expectedError == null -> if (case.containsKey("expect") && outcome.getOrNull() != case["expect"]) "got ${outcome.getOrNull()}, want ${case["expect"]}" else null
        error is ScenarioInvalidField -> if (expectedError == "InvalidField") null else "got InvalidField"
        error !is ProjectLedgerException -> "want $expectedError, got ${error?.let { it::class.simpleName + ": " + it.message } ?: "success"}"
        error::class.simpleName != expectedError -> "want $expectedError, got ${error::class.simpleName}: ${error.message}"
        else -> runCatching { checkErrorDetails(error, case) }.exceptionOrNull()?.message
    }
}

fun scenarioCases(dir: File): List<Pair<String, Map<String, Any?>>> =
    dir.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }.flatMap { file ->
        JsonReader(file.readText()).readDocument().obj()["cases"].list().mapIndexed { i, c -> "${file.nameWithoutExtension}-$i-${c.obj()["op"]}" to c.obj() }
    }
