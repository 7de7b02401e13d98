// Issue 15 on the mobile surface: a phone's journal lives in a store in the app's files, so
// what the foreman recorded survives the app being killed.
package projectledger.tests

import java.nio.file.Files
import java.time.Instant
import uniffi.projectledger.*

internal fun storeTests() {
    test("a journal opened from a file keeps every append across a restart") {
        val dir = Files.createTempDirectory("pl-store")
        val path = dir.resolve("site.db").toString()
        val site = Journal.open(path)
        check(site.isDurable() && site.size == 0L)
        site.append(Event("e1", Instant.parse("2025-03-03T08:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025())))
        site.append(Event("e2", Instant.parse("2025-03-03T08:01:00Z"), "pm", Payload.RoleGranted("P1", "foreman-ma", "foreman")))
        val (export, digest) = site.toJsonl() to site.stateDigest()
        site.destroy() // the app is gone; closing kept a snapshot of the folded state
        val again = Journal.open(path) // read from the snapshot, not folded again
        check(again.size == 2L && again.toJsonl() == export && again.stateDigest() == digest)
        // An export carried over from the office becomes the phone's store, byte for byte.
        val copy = Journal.fromJsonl(export).saveAs(dir.resolve("copy.db").toString())
        check(copy.isDurable())
        assertThrows<ProjectLedgerException.StoreFailed> { Journal.open(dir.resolve("copy.db").toString()) } // one writer at a time
        copy.destroy()
        check(Journal.open(dir.resolve("copy.db").toString()).toJsonl() == export)
        val error = assertThrows<ProjectLedgerException.StoreFailed> { Journal.open(dir.resolve("no-such-dir/x.db").toString()) }
        check(error.path.endsWith("x.db")) { "$error" }
    }

    test("two devices that synced both ways show one digest, though their heads differ") {
        val created = Event("e1", Instant.parse("2025-03-03T08:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025()))
        val phone = Journal()
        val office = Journal()
        phone.append(created)
        office.append(created)
        phone.append(Event("p1", Instant.parse("2025-03-03T08:02:00Z"), "pm", Payload.RoleGranted("P1", "foreman-ma", "foreman")))
        office.append(Event("o1", Instant.parse("2025-03-03T08:01:00Z"), "pm", Payload.RoleGranted("P1", "qs-wu", "project_manager")))
        check(phone.digest() != office.digest())
        phone.merge(office)
        office.merge(phone)
        check(phone.head() != office.head() && phone.digest() == office.digest())
    }

    test("a phone syncs with the office through change sets: nothing echoed, a cut set refused, cursors survive a restart") {
        val dir = Files.createTempDirectory("pl-sync")
        val path = dir.resolve("phone.db").toString()
        val phone = Journal.open(path)
        phone.append(Event("phone-1", Instant.parse("2025-03-03T08:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025())))
        phone.append(Event("phone-2", Instant.parse("2025-03-03T08:01:00Z"), "pm", Payload.RoleGranted("P1", "foreman-ma", "foreman")))
        val office = Journal()
        val up = phone.changesSince("office", 0L)
        check(up.size == 2L && up.cursor() == 2L && up.events().map { it.id } == listOf("phone-1", "phone-2"))
        val bytes = up.toBytes()
        val cut = String(bytes, Charsets.UTF_8).lines().take(2).joinToString("") { it + "\n" }
        val error = assertThrows<ProjectLedgerException.MalformedJournal> { Changes.fromJsonl(cut) }
        check(error.detail.contains("2 events, 1 arrived") && error.line == 3L) { "$error" }
        check(office.applyChanges("phone-7", Changes.fromBytes(bytes)).added == 2L)
        office.append(Event("office-1", Instant.parse("2025-03-03T09:00:00Z"), "pm", Payload.RoleGranted("P1", "qs-wu", "foreman")))
        val down = office.changesSince("phone-7", 0L)
        check(down.events().map { it.id } == listOf("office-1")) { "echoed: ${down.events().map { it.id }}" }
        phone.applyChanges("office", Changes.fromBytes(down.toBytes()))
        phone.destroy()
        val again = Journal.open(path)
        check(again.digest() == office.digest() && again.changesSince("office", up.cursor()).isEmpty())
        assertThrows<ProjectLedgerException.InvalidField> { again.changesSince("office", 99L) }
        // A service that keeps events in its own tables builds a change set of them.
        val built = Changes(listOf(Event("svc-1", Instant.parse("2025-03-03T10:00:00Z"), "pm", Payload.RoleGranted("P1", "qs-li", "foreman"))), 41L)
        val carried = Changes.fromBytes(built.toBytes())
        check(carried.cursor() == 41L && carried.events().map { it.id } == listOf("svc-1"))
        check(again.applyChanges("office", carried).added == 1L)
        val blank = assertThrows<ProjectLedgerException.InvalidId> { Changes(listOf(Event(" ", Instant.parse("2025-03-03T10:00:00Z"), "pm", Payload.RoleGranted("P1", "qs-li", "foreman"))), 0L) }
        check(blank.message.orEmpty().contains("event")) { "$blank" }
    }

    test("an event stamped far ahead is refused naming both times; now() stamps after everything held") {
        val journal = Journal()
        check(journal.maxClockAhead() == java.time.Duration.ofMinutes(10))
        journal.append(Event("e1", journal.now(), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china(2025, 2026))))
        val before = journal.head()
        val far = Instant.parse("9999-12-31T00:00:00Z")
        val e = assertThrows<ProjectLedgerException.ClockAhead> { journal.append(Event("e2", far, "pm", Payload.RoleGranted("P1", "foreman-ma", "foreman"))) }
        check(e.eventId == "e2" && e.recordedAt == far && e.maxAheadSeconds == 600L && e.clock <= Instant.now()) { "$e" }
        check(journal.head() == before)
        val ahead = Instant.now().plusSeconds(300)   // a phone five minutes fast: accepted
        journal.append(Event("phone-1", ahead, "pm", Payload.RoleGranted("P1", "foreman-ma", "foreman")))
        val stamped = journal.now()
        check(stamped > ahead && !journal.record(Event("office-1", stamped, "pm", Payload.RoleGranted("P1", "qs-wu", "foreman"))).refolded)
        journal.setMaxClockAhead(java.time.Duration.ZERO)
        assertThrows<ProjectLedgerException.ClockAhead> { journal.append(Event("e9", journal.now().plusSeconds(1), "pm", Payload.RoleGranted("P1", "x", "foreman"))) }
    }

    test("an export cut short is refused unless the app asks for the prefix") {
        val journal = Journal()
        journal.append(Event("e1", Instant.parse("2025-03-03T08:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", Currency.of("CNY"), WorkCalendar.china2025())))
        journal.append(Event("e2", Instant.parse("2025-03-03T08:01:00Z"), "pm", Payload.RoleGranted("P1", "foreman-ma", "foreman")))
        val lines = journal.toJsonl().lines().filter { it.isNotEmpty() }
        check(lines.last() == "{\"events\":2,\"head\":\"${journal.head()}\"}") { lines.last() }
        val cut = lines.take(2).joinToString("") { it + "\n" }
        val e = assertThrows<ProjectLedgerException.MalformedJournal> { Journal.fromJsonl(cut) }
        check(e.line == 3L && e.detail.contains("cut after 1 events")) { e.detail }
        check(Journal.fromJsonlPrefix(cut).size == 1L)
    }
}
