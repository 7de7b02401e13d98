// Issue 14 on the mobile surface: a foreman's phone lists today's and late activities and
// records progress, offline, as journal events.
package projectledger.tests

import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import uniffi.projectledger.*

internal fun scheduleTests() {
    test("a foreman sees today's work and the late work, and records progress") {
        val office = Journal()
        var n = 0
        fun Journal.record(actor: String, payload: Payload) = append(Event("s${++n}", Instant.parse("2025-03-03T00:00:00Z").plusSeconds(n * 60L), actor, payload))
        office.record("pm", Payload.ProjectCreated("P1", "Pump station", "PS-1", Currency.of("CNY"), WorkCalendar.china2025()))
        office.record("pm", Payload.RoleGranted("P1", "foreman-ma", "foreman"))
        office.record("pm", Payload.ScheduleSettingsSet("P1", ScheduleOptions(LocalDate.of(2025, 3, 3), Scheduler.MS_PROJECT, LagCalendar.SUCCESSOR, FloatBasis.FINISH, 0L)))
        office.record("pm", Payload.ActivitiesSet("P1", listOf(Activity("DIG", "Excavate", WorkDuration.Days(3), assignee = "crew-1"), Activity("POUR", "Pour base", WorkDuration.Days(2), assignee = "crew-2"), Activity("WALL", "Walls", WorkDuration.Days(4), assignee = "crew-2"))))
        office.record("pm", Payload.LinksSet("P1", listOf(Link("DIG", "POUR", LinkKind.FINISH_TO_START, 0), Link("POUR", "WALL", LinkKind.FINISH_TO_START, 1))))
        // DIG 3–5 Mar, POUR 6–7 Mar, WALL from 11 Mar (a day's lag after Friday 7th). With no
        // progress on the 6th, DIG is late: it should have started by the 3rd.
        val before = office.dayList("P1", LocalDate.of(2025, 3, 6))
        check(before.map { it.id to it.late } == listOf("DIG" to true, "POUR" to false)) { "$before" }
        check(office.dayList("P1", LocalDate.of(2025, 3, 6), "crew-2").map { it.id } == listOf("POUR"))
        val phone = Journal.fromJsonl(office.toJsonl())
        // On site, offline: excavation took a day longer.
        phone.append(Event("phone-1", Instant.parse("2025-03-06T09:00:00Z"), "foreman-ma",
            Payload.ActivityProgressRecorded("P1", "DIG", LocalDate.of(2025, 3, 6), LocalDate.of(2025, 3, 3), null, WorkDuration.Days(1))))
        office.merge(phone)
        check(office.statusDate("P1") == LocalDate.of(2025, 3, 6))
        val today = office.dayList("P1", LocalDate.of(2025, 3, 6))
        check(today.map { Triple(it.id, it.started, it.late) } == listOf(Triple("DIG", true, false))) { "$today" }
        val plan = office.schedule("P1")
        check(plan.activities.first { it.id == "WALL" }.earlyStart == LocalDate.of(2025, 3, 12)) { "$plan" }
        assertThrows<ProjectLedgerException.PermissionDenied> {
            office.append(Event("phone-2", Instant.parse("2025-03-06T10:00:00Z"), "foreman-ma", Payload.BaselineSaved("P1", "B0")))
        }
    }

    test("the last hours of a job: a foreman records what is left in hours, the office reads the clock times") {
        val plan = schedule(
            listOf(Activity("POUR", "Pour slab", WorkDuration.Hours(BigDecimal("12"))), Activity("CURE", "Cure", WorkDuration.Days(1))),
            listOf(Link("POUR", "CURE", LinkKind.FINISH_TO_START, 0)),
            ScheduleOptions(LocalDate.of(2025, 3, 3), Scheduler.MS_PROJECT, LagCalendar.SUCCESSOR, FloatBasis.FINISH, 0L),
            WorkCalendar.china2025(), emptyMap(),
        )
        val pour = plan.activities.first { it.id == "POUR" }
        // Monday 08:00–16:00 and Tuesday until 12:00; curing starts at 12:00 and runs a working day.
        check(pour.earlyFinish == LocalDate.of(2025, 3, 4) && pour.earlyFinishTime == LocalTime.of(12, 0)) { "$pour" }
        check(plan.activities.first { it.id == "CURE" }.earlyFinishTime == LocalTime.of(12, 0))
        val later = reschedule(
            listOf(Activity("POUR", "Pour slab", WorkDuration.Hours(BigDecimal("12")))), emptyList(),
            ScheduleOptions(LocalDate.of(2025, 3, 3), Scheduler.MS_PROJECT, LagCalendar.SUCCESSOR, FloatBasis.FINISH, 0L),
            WorkCalendar.china2025(), emptyMap(),
            mapOf("POUR" to ActivityProgress(LocalDate.of(2025, 3, 3), null, WorkDuration.Hours(BigDecimal("1.5")))), LocalDate.of(2025, 3, 5),
        )
        check(later.activities.single().earlyFinishTime == LocalTime.of(9, 30)) { "$later" }
        assertThrows<ProjectLedgerException.InvalidField> { schedule(listOf(Activity("X", "Back", WorkDuration.Days(-1))), emptyList(), ScheduleOptions(LocalDate.of(2025, 3, 3), Scheduler.MS_PROJECT, LagCalendar.SUCCESSOR, FloatBasis.FINISH, 0L), WorkCalendar.china2025(), emptyMap()) }
        // A P6 file's other projects are read by name; an unknown one names those it holds.
        val xer = java.io.File("tests/files/pump-station.xer").readText()
        val error = assertThrows<ProjectLedgerException.InvalidSchedule> { readXer(xer, "PUMP-9") }
        check(error.problems.single().contains("PUMP-ST")) { "$error" }
    }
}
