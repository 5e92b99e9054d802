using System.Net;
using System.Text.RegularExpressions;

namespace Council.Workflows.Host.Tests.Web;

// The council's settings from the browser: the organisation's details and the declared days written into the settings file
// beside the database (checked whole first, the old one kept, owner-only), each change in the access log; a bad row named,
// a stale form and a file the server would refuse never written; nobody but an administrator.
#pragma warning disable CA1001 // the fixture is disposed by IAsyncLifetime.DisposeAsync
public sealed partial class AdminSettingsTest : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly WebFixture _f = new();

    public Task InitializeAsync() => _f.StartAsync(true, NodaTime.Instant.FromUtc(2024, 12, 2, 8, 0), ("petrenko", "Петренко Олена", "clerk"), ("audytor", "Руденко Світлана", "auditor"));

    public Task DisposeAsync() => _f.DisposeAsync().AsTask();

    private string File => Path.Combine(Path.GetDirectoryName(_f.Db)!, "appsettings.json");

    private static string Version(string page) => VersionField().Match(page).Groups[1].Value;

    [GeneratedRegex("name=\"version\" value=\"([0-9A-F]*)\"")]
    private static partial Regex VersionField();

    private static (string, string)[] Fields(string version, string organisation, params (string Date, string Reason)[] daysOff) =>
        [("version", version), ("organisationName", organisation), ("address", "вул. Соборна, 1"), ("signatoryPosition", "Міський голова"),
            .. daysOff.SelectMany(d => new[] { ("offDate", d.Date), ("offReason", d.Reason) }), ("workDate", ""), ("workReason", "")];

    [Fact]
    public async Task AnAdministrator_SavesDaysOffAndTheOrganisation_IntoTheSettingsFile()
    {
        var admin = await _f.SignedInAsync("admin", System.IO.File.ReadAllText(_f.AdminPassword).Trim());
        var page = await admin.GetStringAsync("/admin/settings");

        var saved = await admin.PostAsync("/admin/settings", WebFixture.Form(page, Fields(Version(page), "Житомирська міська рада", ("2024-12-31", "розпорядження № 1"), ("", ""))));
        var after = await admin.GetStringAsync(saved.Headers.Location!.OriginalString);
        var config = await _f.Council("config", "show", "--json");

        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, "a saved form is fetched anew");
        after.Should().Contain("Збережено: назву організації, реквізити бланка, оголошені вихідні дні")
            .And.Contain("value=\"31.12.2024\"").And.Contain("розпорядження № 1")
            .And.Contain("перезапустіть council serve", "the server reads its settings at start, and says so");
        System.IO.File.GetUnixFileMode(File).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        config.Out.Should().Contain("Житомирська міська рада").And.Contain("2024-12-31").And.Contain("розпорядження № 1");
        var log = await (await _f.SignedInAsync("audytor")).GetStringAsync("/admin/log");
        log.Should().Contain("змінено налаштування ради").And.Contain("оголошені вихідні дні");

        // Removing the day: its row cleared. The previous file stays beside as .bak.
        var again = await admin.GetStringAsync("/admin/settings");
        var removed = await admin.PostAsync("/admin/settings", WebFixture.Form(again, Fields(Version(again), "Житомирська міська рада", ("", ""))));
        removed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        System.IO.File.ReadAllText(File).Should().NotContain("2024-12-31");
        System.IO.File.ReadAllText(File + ".bak").Should().Contain("2024-12-31");
        // Details a receipt or a letter would carry wrongly are refused: the code, the status page, the e-mail.
        var third = await admin.GetStringAsync("/admin/settings");
        var wrong = await (await admin.PostAsync("/admin/settings", WebFixture.Form(third,
            [.. Fields(Version(third), "Житомирська міська рада"), ("code", "12AB"), ("statusPage", "http://rada.example/status"), ("email", "not-an-email")]))).Content.ReadAsStringAsync();
        wrong.Should().Contain("Код ЄДРПОУ «12AB»: вісім цифр").And.Contain("повна адреса https://").And.Contain("не адреса електронної пошти");
    }

    [Fact]
    public async Task ABadRow_AStaleForm_AndAFileTheServerWouldRefuse_AreNotWritten()
    {
        var admin = await _f.SignedInAsync("admin", System.IO.File.ReadAllText(_f.AdminPassword).Trim());
        var page = await admin.GetStringAsync("/admin/settings");

        var bad = await (await admin.PostAsync("/admin/settings", WebFixture.Form(page, Fields(Version(page), "Рада", ("31.02.2024", "розпорядження"), ("2024-12-30", ""))))).Content.ReadAsStringAsync();
        System.IO.File.Exists(File).Should().BeFalse("nothing is written while a row is wrong");
        bad.Should().Contain("Не збережено").And.Contain("рядок 1").And.Contain("такого дня немає").And.Contain("30.12.2024: вкажіть підставу")
            .And.Contain("value=\"31.02.2024\"", "what was typed comes back");

        // Someone changed the file by hand after the page was opened: the form is refused, the hand's change kept.
        System.IO.File.WriteAllText(File, "{ \"OrganisationName\": \"Рада\", \"Unknown\": 1 }");
        var stale = await (await admin.PostAsync("/admin/settings", WebFixture.Form(page, Fields(Version(page), "Інша рада")))).Content.ReadAsStringAsync();
        stale.Should().Contain("Файл налаштувань змінено після того, як цю сторінку відкрито");

        // The file as it is now holds a key the server would refuse at its next start: nothing written over it.
        var fresh = await admin.GetStringAsync("/admin/settings");
        var refused = await (await admin.PostAsync("/admin/settings", WebFixture.Form(fresh, Fields(Version(fresh), "Інша рада")))).Content.ReadAsStringAsync();
        refused.Should().Contain("Unknown").And.Contain("не є налаштуванням");
        System.IO.File.ReadAllText(File).Should().Be("{ \"OrganisationName\": \"Рада\", \"Unknown\": 1 }");
        System.IO.File.Exists(File + ".new").Should().BeFalse("the candidate is removed");
    }

    [Fact]
    public async Task OnlyAnAdministrator_ChangesSettings()
    {
        var clerk = await _f.SignedInAsync("petrenko");
        var auditor = await _f.SignedInAsync("audytor");
        var clerksPage = await clerk.GetStringAsync("/");

        (await clerk.GetAsync("/admin/settings")).Headers.Location!.OriginalString.Should().Contain("/account/denied");
        (await auditor.GetAsync("/admin/settings")).Headers.Location!.OriginalString.Should().Contain("/account/denied");
        (await clerk.GetAsync("/admin/log")).Headers.Location!.OriginalString.Should().Contain("/account/denied");
        var forged = await clerk.PostAsync("/admin/settings", WebFixture.Form(clerksPage, Fields("", "Підроблена рада")));
        forged.Headers.Location!.OriginalString.Should().Contain("/account/denied");
        System.IO.File.Exists(File).Should().BeFalse();
    }
}
