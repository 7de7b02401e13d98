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
        check(site.isDurable() && site.len() == 0uL)
        site.append(Event("e1", Instant.parse("2025-03-03T08:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", currencyOf("CNY"), WorkCalendar.china2025())))
        site.append(Event("e2", Instant.parse("2025-03-03T08:01:00Z"), "pm", Payload.RoleGranted("P1", "foreman-ma", "foreman")))
        val export = site.toJsonl()
        site.destroy() // the app is gone
        val again = Journal.open(path)
        check(again.len() == 2uL && again.toJsonl() == export)
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
        val created = Event("e1", Instant.parse("2025-03-03T08:00:00Z"), "pm", Payload.ProjectCreated("P1", "Depot", "D-1", currencyOf("CNY"), WorkCalendar.china2025()))
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
}
