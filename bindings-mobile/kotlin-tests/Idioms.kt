// The Kotlin surface as a Kotlin developer reads it: money operators and values, sizes as
// properties, a breakdown built from data, errors whose message is one sentence and whose
// problems bind to rows by entry id — and the old forms, still working, deprecated.
package projectledger.tests

import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import uniffi.projectledger.*

internal fun idiomTests() {
    test("money reads as a Kotlin value: operators, parse, toString, equality by value") {
        val wage = Money.parse("CNY 450.00")
        check(wage + Money.of("100", "CNY") == Money.parse("550.00 CNY"))
        check((wage - cny("50")).toString() == "CNY 400.00") { "${wage - cny("50")}" }
        check(wage * BigDecimal("1.5") == cny("675") && BigDecimal(2) * wage == cny("900.00"))
        check(-wage < cny("0") && wage > cny("449.99") && wage <= cny("450"))
        // Equal amounts are equal whatever the scale, and hash alike (a map key, a set).
        check(cny("10") == cny("10.00") && cny("10").hashCode() == cny("10.00").hashCode())
        check(setOf(cny("10"), cny("10.0"), cny("10.00")).size == 1)
        check(cny("10") != Money.of("10", "USD"))
        check(cny("2.345").rounded(RoundingStrategy.HALF_EVEN) == cny("2.34"))
        check(listOf(cny("3"), cny("1"), cny("2")).sortedWith { a, b -> a.compareTo(b) } == listOf(cny("1"), cny("2"), cny("3")))
        // Ordering across currencies is refused, as in Python, not decided by currency code.
        val mixed = assertThrows<ProjectLedgerException.CurrencyMismatch> { cny("1") < Money.of("1", "USD") }
        check(mixed.message == mixed.detail) { "${mixed.message}" }
        assertThrows<ProjectLedgerException.CurrencyMismatch> { cny("1") + Money.of("1", "USD") }
        assertThrows<ProjectLedgerException.InvalidAmount> { Money.parse("CNY twelve") }
        check(Currency.of("JPY").minorUnits == 0)
    }

    test("a journal's size, emptiness and head are properties") {
        val journal = Journal()
        check(journal.isEmpty && journal.size == 0L)
        journal.append(Event("e1", Instant.parse("2025-03-03T01:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025())))
        check(!journal.isEmpty && journal.size == 1L && journal.head.length == 64) { journal.head }
        val changes = journal.changesSince("phone", 0L)
        check(changes.size == 1L && !changes.isEmpty && changes.cursor == 1L)
    }

    test("a cost breakdown is built from data, every problem named") {
        val tree = CostBreakdown(listOf(CostCodeDef("01", "Civil"), CostCodeDef("01.01", "Piling", parent = "01")))
        check(tree.codes() == listOf("01", "01.01") && tree.isLeaf("01.01") && !tree.isLeaf("01"))
        check(tree.costTypes() == StandardCostType.entries.map { it.typeName } && StandardCostType.LABOUR.typeName == "labour")
        check(CostBreakdown(listOf(CostCodeDef("01", "Civil")), listOf("labour")).costTypes() == listOf("labour"))
        val bad = assertThrows<ProjectLedgerException.InvalidCostBreakdown> {
            CostBreakdown(listOf(CostCodeDef("01", "Civil"), CostCodeDef("01", "Again"), CostCodeDef("02.01", "Orphan", parent = "02")))
        }
        check(bad.problems.size == 2) { "${bad.problems}" }
        assertThrows<ProjectLedgerException.InvalidId> { CostBreakdown(listOf(CostCodeDef(" ", "Blank"))) }
    }

    test("an error's message is its sentence; a refused batch's problems bind to rows by entry id") {
        val journal = Journal()
        var n = 0L
        fun add(payload: Payload) = journal.append(Event("e${++n}", Instant.parse("2025-03-03T01:00:00Z").plusSeconds(n), "pm", payload))
        add(Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025()))
        add(Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil")))))
        add(Payload.LabourRateSet("P1", LocalDate.of(2025, 1, 1), RateUnit.HOUR, BigDecimal("45"), "木工", null))
        add(Payload.WorkerRegistered("P1", Worker("W1", "李四", "110105199202022345", "木工", "木工班", "华建劳务")))
        // The rows a foreman's screen shows, keyed by entry id.
        val rows = listOf(
            DayWorkEntry("E1", "W1", "01", LocalDate.of(2025, 3, 3), hours = BigDecimal("8")),
            DayWorkEntry("E2", "W9", "01", LocalDate.of(2025, 3, 3), hours = BigDecimal("8")),
            DayWorkEntry("E3", "W1", "99", LocalDate.of(2025, 3, 4), hours = BigDecimal("30")),
        )
        val refused = assertThrows<ProjectLedgerException.InvalidDayWork> { add(Payload.DayWorkRecorded("P1", rows)) }
        val marks = refused.problems.groupBy({ it.item }, { it.code })
        check(marks == mapOf("E2" to listOf(ProblemCode.UNKNOWN_WORKER), "E3" to listOf(ProblemCode.NOT_LEAF_CODE, ProblemCode.OVER_DAILY_LIMIT))) { "$marks" }
        check(rows.filter { it.entryId in marks }.map { it.entryId } == listOf("E2", "E3"))
        check(journal.size == 4L) { "a refused batch changed the journal" }
        // Lookups a screen needs: one entry, one worker, one document, by id.
        add(Payload.DayWorkRecorded("P1", rows.take(1)))
        check(journal.dayWorkEntry("E1")?.let { it.workerId == "W1" && it.amount == cny("360") } == true) { "${journal.dayWorkEntry("E1")}" }
        check(journal.dayWorkEntry("E2") == null && journal.worker("W9") == null)
        check(journal.worker("W1")?.let { it.name == "李四" && it.idNumberMasked == "110***********2345" } == true)
        add(Payload.CostDocumentDrafted("P1", "PO-1", DocumentKind.PURCHASE_ORDER, "Rebar", listOf(CostLine("01", StandardCostType.MATERIAL.typeName, BigDecimal("900.00"))), vendor = "华建"))
        check(journal.costDocument("P1", "PO-1")?.title == "Rebar" && journal.costDocument("P1", "PO-2") == null)
        assertThrows<ProjectLedgerException.UnknownProject> { journal.costDocument("P9", "PO-1") }
        // One sentence, not uniffi's `detail=…, projectId=…` list; toString says the same.
        check(refused.message == refused.detail && !refused.message!!.contains("detail=") && refused.toString().contains(refused.detail)) { "${refused.message}" }
        val errors: List<ProjectLedgerException> = listOf(
            refused,
            assertThrows<ProjectLedgerException.UnknownProject> { add(Payload.RoleGranted("P9", "qs-li", "foreman")) },
            assertThrows<ProjectLedgerException.MalformedJournal> { Journal.fromJsonl("{}\n") },
            assertThrows<ProjectLedgerException.InvalidField> { journal.changesSince("phone", -1L) },
        )
        for (e in errors) {
            val message = e.message ?: ""
            check(message.isNotBlank() && !message.contains("detail=") && !message.contains(", projectId=")) { message }
        }
    }

    test("equal figures have one form, so data classes of them compare equal") {
        // Two phones record the same day: one as 8 hours, the other as 1 工日 (8.0 h in BigDecimal's eyes).
        fun site(entry: DayWorkEntry): Journal {
            val journal = Journal()
            var n = 0L
            fun add(payload: Payload) = journal.append(Event("e${++n}", Instant.parse("2025-03-03T01:00:00Z").plusSeconds(n), "pm", payload))
            add(Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025()))
            add(Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil")))))
            add(Payload.LabourRateSet.forTrade("P1", "木工", LocalDate.of(2025, 1, 1), RateUnit.WORKDAY, BigDecimal("360")))
            add(Payload.WorkerRegistered("P1", Worker("W1", "李四", "110105199202022345", "木工", "木工班", "华建劳务")))
            add(Payload.DayWorkRecorded("P1", listOf(entry)))
            return journal
        }
        val day = LocalDate.of(2025, 3, 3)
        val byHours = site(DayWorkEntry.hours("E1", "W1", "01", day, BigDecimal("8")))
        val byWorkdays = site(DayWorkEntry.workdays("E1", "W1", "01", day, BigDecimal("1.0")))
        val (a, b) = byHours.dayWorkEntry("E1")!! to byWorkdays.dayWorkEntry("E1")!!
        check(a.hours == b.hours && a.hours.toPlainString() == "8.00" && a.regularHours == b.regularHours) { "${a.hours} ${b.hours}" }
        check(a.amount.amount.toPlainString() == "360.00")
        val by = listOf(Dimension.WORKER, Dimension.MONTH)
        check(byHours.dayWorkSummary(by, DayWorkFilter()) == byWorkdays.dayWorkSummary(by, DayWorkFilter()))
        check(byHours.dayWorkSummary(by, DayWorkFilter()).single().workdays.toPlainString() == "1.0000")
        check(Money.parse("CNY 12.5").amount.toPlainString() == "12.50" && Money.parse("CNY 12.5").toString() == "CNY 12.50")
    }

    test("a site manager raises and observes risks offline; the office rates them and reads the register") {
        val office = Journal()
        var n = 0L
        fun Journal.add(actor: String, payload: Payload) = append(Event("o${++n}", Instant.parse("2025-06-02T01:00:00Z").plusSeconds(n), actor, payload))
        office.add("pm", Payload.ProjectCreated("P1", "Server room", "SR-1", Currency.of("CNY"), WorkCalendar.china2025()))
        office.add("pm", Payload.RoleGranted("P1", "zhao", StandardRole.FOREMAN.roleName))
        office.add("pm", Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil"), CostCodeDef("09", "Contingency")))))
        office.add("pm", Payload.BudgetLinesSet("P1", listOf(CostLine("09", StandardCostType.OTHER.typeName, BigDecimal("60000")))))
        office.add("pm", Payload.ContingencyReserveSet("P1", "09"))
        // The foreman's phone, offline: a risk seen on site and a note on it.
        val phone = Journal.fromJsonl(office.toJsonl())
        phone.append(Event("z1", Instant.parse("2025-06-03T01:00:00Z"), "zhao", Payload.RiskIdentified("P1", "R1", "Soft ground", RiskCategory.TECHNICAL, cause = "silt at 12 m", costCodes = listOf("01"))))
        phone.append(Event("z2", Instant.parse("2025-06-03T02:00:00Z"), "zhao", Payload.RiskObserved("P1", "R1", "water in the pit")))
        check(office.merge(phone).added == 2L)
        // A form shows the score while it is filled in; the office records the rating.
        val rating = Assessment(probability = 4, costImpact = 4, scheduleImpact = 3, qualityImpact = 2, costExposure = BigDecimal("100000"))
        val preview = assessmentFigures(rating, Currency.of("CNY"))
        check(preview.score == 16 && preview.level == RiskLevel.EXTREME && preview.emv == cny("70000")) { "$preview" }
        office.append(Event("o9", Instant.parse("2025-06-04T01:00:00Z"), "pm", Payload.RiskAssessed("P1", "R1", rating, nextReview = LocalDate.of(2025, 6, 30))))
        val row = office.riskRegister(LocalDate.of(2025, 7, 1), "P1").single()
        check(row.owner == "zhao" && row.score == 16 && row.emv == cny("70000.00") && row.reviewOverdue && row.costCodes == listOf("01")) { "$row" }
        check(office.riskHeatMap().single { it.riskIds.isNotEmpty() }.let { it.probability == 4 && it.impact == 4 })
        check(office.riskExposure("P1").let { it.shortfall == cny("10000") && it.contingency == cny("60000") })
        // A foreman may not rate; a rating off the scale is refused where it is lifted.
        assertThrows<ProjectLedgerException.PermissionDenied> { phone.append(Event("z3", Instant.parse("2025-06-04T01:00:00Z"), "zhao", Payload.RiskAssessed("P1", "R1", rating))) }
        assertThrows<ProjectLedgerException.InvalidField> { assessmentFigures(rating.copy(probability = 6), Currency.of("CNY")) }
    }

    test("a supplier rated offline on site merges into the office's grades; a D supplier can be stopped") {
        val office = Journal()
        var n = 0L
        fun Journal.add(actor: String, payload: Payload) = append(Event("o${++n}", Instant.parse("2025-03-03T01:00:00Z").plusSeconds(n), actor, payload))
        office.add("pm", Payload.ProjectCreated("P1", "Substation", "SG-1", Currency.of("CNY"), WorkCalendar.china2025()))
        office.add("pm", Payload.RoleGranted("P1", "li", StandardRole.APPROVER.roleName))
        office.add("pm", Payload.CostBreakdownDefined("P1", CostBreakdown(listOf(CostCodeDef("01", "Civil")))))
        office.add("pm", Payload.CostDocumentDrafted("P1", "SC-1", DocumentKind.SUBCONTRACT, "Civil works", listOf(CostLine("01", StandardCostType.SUBCONTRACT.typeName, BigDecimal("400000"))), vendor = "Jiangong"))
        // The site manager's phone, offline: the month's rating, delivery and cost left to the ledger.
        val phone = Journal.fromJsonl(office.toJsonl())
        phone.append(Event("p1", Instant.parse("2025-05-06T01:00:00Z"), "pm", Payload.SupplierEvaluated("P1", "Jiangong", LocalDate.of(2025, 4, 30),
            CriterionScores(quality = BigDecimal("50"), service = BigDecimal("55"), safety = BigDecimal("40")), "rework on the footings")))
        check(office.merge(phone).added == 1L)
        val grade = office.supplierGrades("P1").single()
        // (30 × 50 + 15 × 55 + 10 × 40) ÷ 55 = 49.545… → 49.55: a D (the draft commitment gives no cost score).
        check(grade.grade == Grade.D && grade.score == BigDecimal("49.55") && grade.delivery == null) { "$grade" }
        office.append(Event("o9", Instant.parse("2025-05-07T01:00:00Z"), "pm", Payload.SupplierGradingSet("P1", gradingPolicyDefault().copy(dSupplierControl = ControlAction.STOP))))
        val blocked = assertThrows<ProjectLedgerException.SupplierBlocked> {
            office.append(Event("o10", Instant.parse("2025-05-08T01:00:00Z"), "pm", Payload.CostDocumentDrafted("P1", "SC-2", DocumentKind.SUBCONTRACT, "Wall", listOf(CostLine("01", StandardCostType.SUBCONTRACT.typeName, BigDecimal("5000"))), vendor = "Jiangong")))
        }
        check(blocked.supplier == "Jiangong" && blocked.gradedOn == LocalDate.of(2025, 4, 30)) { "$blocked" }
    }

    test("actions and standard roles are enums; what a role grants is queryable") {
        check(StandardRole.FOREMAN.roleName == "foreman" && StandardRole.PROJECT_MANAGER.roleName == "project_manager")
        check(StandardRole.FOREMAN.actions == listOf(Action.REQUEST_APPROVAL, Action.RECORD_DELIVERABLE, Action.RECORD_DAY_WORK, Action.RECORD_PROGRESS, Action.OBSERVE_RISKS, Action.RECORD_DELIVERY))
        check(StandardRole.OWNER.actions.toSet() == Action.entries.toSet() && StandardRole.VIEWER.actions.isEmpty())
        val journal = Journal()
        var n = 0L
        fun add(actor: String, payload: Payload) = journal.append(Event("r${++n}", Instant.parse("2025-03-03T01:00:00Z").plusSeconds(n), actor, payload))
        add("pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025()))
        add("pm", Payload.RoleGranted("P1", "qian", StandardRole.FOREMAN.roleName))
        add("pm", Payload.RoleDefined("P1", "surveyor", listOf(Action.RECORD_PROGRESS)))
        val roles = journal.project("P1").roles.associateBy { it.name }
        check(roles.getValue("foreman").standard == StandardRole.FOREMAN && roles.getValue("foreman").actions == StandardRole.FOREMAN.actions)
        check(roles.getValue("surveyor").let { it.standard == null && it.actions == listOf(Action.RECORD_PROGRESS) })
        check(journal.permits("P1", "qian", Action.RECORD_DAY_WORK) && !journal.permits("P1", "qian", Action.APPROVE_DAY_WORK))
        val denied = assertThrows<ProjectLedgerException.PermissionDenied> { add("qian", Payload.RoleGranted("P1", "wu", StandardRole.APPROVER.roleName)) }
        check(denied.action == Action.MANAGE_ACCESS && denied.permission == "manage_access") { "$denied" }
    }

    test("one-of pairs have a constructor each; optional payload fields have defaults") {
        check(DayWorkEntry.hours("E1", "W1", "01", LocalDate.of(2025, 3, 3), BigDecimal("8")).let { it.hours == BigDecimal("8") && it.workdays == null })
        val half = DayWorkEntry.workdays("E2", "W1", "01", LocalDate.of(2025, 3, 3), BigDecimal("0.5"), start = java.time.LocalTime.of(8, 0), end = java.time.LocalTime.of(12, 0))
        check(half.workdays == BigDecimal("0.5") && half.hours == null && half.start == java.time.LocalTime.of(8, 0))
        check(Payload.LabourRateSet.forTrade("P1", "木工", LocalDate.of(2025, 1, 1), RateUnit.HOUR, BigDecimal("45")) ==
            Payload.LabourRateSet("P1", LocalDate.of(2025, 1, 1), RateUnit.HOUR, BigDecimal("45"), "木工", null))
        check((Payload.LabourRateSet.forWorker("P1", "W1", LocalDate.of(2025, 1, 1), RateUnit.WORKDAY, BigDecimal("400")) as Payload.LabourRateSet).workerId == "W1")
        // Notes, reasons and optional fields may be left out.
        check(Payload.PhaseChanged("P1", "execution") == Payload.PhaseChanged("P1", "execution", ""))
        check(Payload.DayWorkMoved("P1", listOf("E1"), EntryState.SUBMITTED).note == "")
        check(Payload.CostDocumentDrafted("P1", "PO-1", DocumentKind.PURCHASE_ORDER, "Rebar", emptyList()).let { it.vendor == null && it.commitmentId == null })
        // Both or neither of a pair is refused when the payload is checked.
        val journal = Journal()
        journal.append(Event("e1", Instant.parse("2025-03-03T01:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025())))
        assertThrows<ProjectLedgerException.InvalidField> {
            journal.append(Event("e2", Instant.parse("2025-03-03T02:00:00Z"), "pm", Payload.LabourRateSet("P1", LocalDate.of(2025, 1, 1), RateUnit.HOUR, BigDecimal("45"))))
        }
    }

    test("workflows and holiday notices are built from data, every problem named") {
        val flow = Workflow("Fit-out", "design", listOf(WorkflowPhase("design", "Design", listOf("drawings")), WorkflowPhase("build", "Build")),
            listOf(WorkflowTransition("design", "build", gates = listOf(Gate.Deliverable("drawings"), Gate.Approval("design sign-off")), role = StandardRole.PROJECT_MANAGER.roleName)))
        check(flow.initial() == "design" && flow.isTerminal("build") && flow.transitions().single().gates.size == 2)
        check(Workflow.fromJson(flow.toJson()) == flow)
        val bad = assertThrows<ProjectLedgerException.InvalidWorkflow> {
            Workflow("Broken", "start", listOf(WorkflowPhase("start", "Start")), listOf(WorkflowTransition("start", "nowhere")))
        }
        check(bad.problems.isNotEmpty() && bad.message == bad.detail) { "${bad.problems}" }
        // A region's own notice for 2027: 元旦 on Friday 1 January, no make-up day.
        val notice = HolidayNotice("CN-SH", 2027, holidays = listOf(NoticeHoliday("元旦", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 3), statutory = listOf(LocalDate.of(2027, 1, 1)))))
        val calendar = WorkCalendar.standard("Shanghai").withHolidayNotice(notice)
        check(calendar.classify(LocalDate.of(2027, 1, 1)) == DayKind.STATUTORY_HOLIDAY && calendar.classify(LocalDate.of(2027, 1, 4)) == DayKind.WORKING) { "${calendar.classify(LocalDate.of(2027, 1, 1))}" }
        val twice = assertThrows<ProjectLedgerException.InvalidCalendar> {
            WorkCalendar.standard("X").withHolidayNotice(notice.copy(holidays = notice.holidays + NoticeHoliday("again", LocalDate.of(2027, 1, 2), LocalDate.of(2027, 1, 2))))
        }
        check(twice.problems.isNotEmpty()) { "${twice.problems}" }
    }

    test("payloads and events go to JSON and back, id numbers in full") {
        val registered = Payload.WorkerRegistered("P1", Worker("W1", "李四", "110105199202022345", "木工", "木工班", "华建劳务"))
        val json = registered.toJson()
        check(json.contains("110105199202022345") && json.startsWith("{\"type\":\"worker_registered\"")) { json }
        check(Payload.fromJson(json) == registered)
        val event = Event("e1", Instant.parse("2025-03-03T08:00:00Z"), "pm-li", registered)
        check(Event.fromJson(event.toJson()) == event) { event.toJson() }
        val wrong = assertThrows<ProjectLedgerException.InvalidField> { Event.fromJson(event.toJson().replace("2025-03-03T08:00:00Z", "yesterday")) }
        check(wrong.field == "event recorded_at") { wrong.field }
    }

    test("the old forms still work (deprecated for one release)") {
        @Suppress("DEPRECATION")
        run {
            check(moneyAdd(moneyParse("CNY 1.50"), currencyOf("CNY").let { Money(BigDecimal.ONE, it) }) == cny("2.50"))
            check(moneyFormat(cny("2.50")) == "CNY 2.50" && moneyCompare(cny("1"), cny("2")) == -1)
            check(Journal().len() == 0L)
        }
    }
}
