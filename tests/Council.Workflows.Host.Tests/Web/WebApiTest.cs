using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Council.Workflows.Host.Tests.Web;

// The HTTP API for other council systems: API keys, Idempotency-Key, ETag/If-Match, refusals as problem+json, 404 for what
// the caller may not see, and the OpenAPI document.
#pragma warning disable CA1001 // the fixture is disposed by IAsyncLifetime.DisposeAsync
public sealed class WebApiTest : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly WebFixture _f = new();

    // The server's clock: 31.01.2023, 10:00 in Kyiv (the day the letters arrive).
    public Task InitializeAsync() => _f.StartAsync(true, NodaTime.Instant.FromUtc(2023, 1, 31, 8, 0));

    public Task DisposeAsync() => _f.DisposeAsync().AsTask();

    private static object Appeal(string applicant = "Коваленко Петро Іванович") => new
    {
        kind = "application",
        applicant,
        address = "м. Житомир, вул. Київська, 1",
        subject = "Не відремонтовано дорогу",
        receivedOn = "31.01.2023",
    };

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task TheOpenApiDocument_IsServed_AndDescribesTheCommands()
    {
        var document = await Json(await _f.Api(null).GetAsync("/api/v1/openapi.json"));

        document.GetProperty("info").GetProperty("title").GetString().Should().Be("Council.Workflows API");
        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/v1/appeals", out _).Should().BeTrue();
        paths.TryGetProperty("/api/v1/appeals/{id}/answer", out _).Should().BeTrue();
        paths.TryGetProperty("/api/v1/appeals/{id}/extend", out _).Should().BeTrue();
        paths.EnumerateObject().Select(p => p.Name).Should().OnlyContain(p => p.StartsWith("/api/v1/"), "the pages' files and the health check are not the API");
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("scheme").GetString().Should().Be("bearer");
        document.GetProperty("security")[0].TryGetProperty("apiKey", out _).Should().BeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cw_0000000000_notakey")]
    [InlineData("garbage")]
    public async Task EveryEndpoint_RefusesACallerWithoutAValidKey(string? key)
    {
        var api = _f.Api(key);

        var list = await api.GetAsync("/api/v1/appeals");
        list.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        list.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", "a refusal says why, in the API's form");
        (await Json(list)).GetProperty("detail").GetString().Should().Contain("Authorization: Bearer");
        (await api.GetAsync($"/api/v1/appeals/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await api.PostAsJsonAsync("/api/v1/appeals", Appeal())).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await api.PostAsync($"/api/v1/appeals/{Guid.NewGuid()}/close", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ARevokedKey_IsRefused()
    {
        var key = await _f.KeyAsync("АСКОД", "clerk");
        (await _f.Api(key).GetAsync("/api/v1/appeals")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _f.Council("users", "keys", "revoke", key[..13], "--user", "admin", "--password-file", _f.AdminPassword)).ExitCode.Should().Be(0);
        _f.Clock!.Advance(NodaTime.Duration.FromSeconds(6)); // a key read from the store is used for 5 seconds

        (await _f.Api(key).GetAsync("/api/v1/appeals")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Register_WithAnIdempotencyKey_HasOneEffect_AndRecordsTheKey()
    {
        var api = _f.Api(await _f.KeyAsync("АСКОД", "clerk"));
        api.DefaultRequestHeaders.Add("Idempotency-Key", "letter-2023-0131-17");

        var first = await api.PostAsJsonAsync("/api/v1/appeals", Appeal());
        var again = await api.PostAsJsonAsync("/api/v1/appeals", Appeal());

        first.StatusCode.Should().Be(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        var a = await Json(first);
        var b = await Json(again);
        b.GetProperty("id").GetString().Should().Be(a.GetProperty("id").GetString());
        b.GetProperty("repeat").GetBoolean().Should().BeTrue();
        a.GetProperty("dueOn").GetString().Should().Be("2023-02-28");
        var list = await Json(await api.GetAsync("/api/v1/appeals"));
        list.GetArrayLength().Should().Be(1);
        var card = await Json(await api.GetAsync($"/api/v1/appeals/{a.GetProperty("id").GetString()}"));
        var registered = card.GetProperty("history")[0];
        registered.GetProperty("by").GetString().Should().Be("АСКОД");
        registered.GetProperty("account").GetString().Should().StartWith("key:cw_");
    }

    [Fact]
    public async Task AStaleIfMatch_Is412_AndTheCurrentETagActs()
    {
        var clerk = _f.Api(await _f.KeyAsync("АСКОД", "clerk"));
        var id = (await Json(await clerk.PostAsJsonAsync("/api/v1/appeals", Appeal()))).GetProperty("id").GetString();
        var get = await clerk.GetAsync($"/api/v1/appeals/{id}");
        var etag = get.Headers.ETag!.Tag;

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/appeals/{id}/assign") { Content = JsonContent.Create(new { executor = "Бондар Сергій" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        var current = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/appeals/{id}/assign") { Content = JsonContent.Create(new { executor = "Бондар Сергій" }) };
        current.Headers.TryAddWithoutValidation("If-Match", etag);

        var refused = await clerk.SendAsync(stale);
        var accepted = await clerk.SendAsync(current);

        refused.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        accepted.Headers.ETag!.Tag.Should().Be("\"2\"");
    }

    [Fact]
    public async Task ARefusal_IsProblemJson_WithTheRulesThatFailed_AndWhatIsPermitted()
    {
        var clerk = _f.Api(await _f.KeyAsync("АСКОД", "clerk"));
        var id = (await Json(await clerk.PostAsJsonAsync("/api/v1/appeals", Appeal()))).GetProperty("id").GetString();

        var extend = await clerk.PostAsJsonAsync($"/api/v1/appeals/{id}/extend", new { newDueOn = "2023-03-10", reason = "x", notice = "y" });

        extend.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        extend.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await Json(extend);
        problem.GetProperty("state").GetString().Should().Be("registered");
        problem.GetProperty("action").GetString().Should().Be("extend");
        problem.GetProperty("permitted").EnumerateArray().Select(e => e.GetString()).Should().Contain("assign").And.NotContain("extend");
    }

    [Fact]
    public async Task AnExecutorsKey_SeesOnlyTheirAppeals_OthersAre404()
    {
        var clerk = _f.Api(await _f.KeyAsync("АСКОД", "clerk"));
        var mine = (await Json(await clerk.PostAsJsonAsync("/api/v1/appeals", Appeal("Мазур Ганна")))).GetProperty("id").GetString();
        var theirs = (await Json(await clerk.PostAsJsonAsync("/api/v1/appeals", Appeal("Мороз Василь")))).GetProperty("id").GetString();
        (await clerk.PostAsJsonAsync($"/api/v1/appeals/{mine}/assign", new { executor = "Бондар Сергій" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clerk.PostAsJsonAsync($"/api/v1/appeals/{theirs}/assign", new { executor = "Савчук Марія" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var executor = _f.Api(await _f.KeyAsync("Бондар Сергій", "executor"));

        (await executor.GetAsync($"/api/v1/appeals/{mine}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await executor.GetAsync($"/api/v1/appeals/{theirs}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await executor.PostAsJsonAsync($"/api/v1/appeals/{theirs}/interim", new { text = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Json(await executor.GetAsync("/api/v1/appeals"))).EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal(mine);
        var answered = await executor.PostAsJsonAsync($"/api/v1/appeals/{mine}/answer", new { outcome = "satisfied", summary = "Дорогу відремонтовано" });
        answered.StatusCode.Should().Be(HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadInput_IsA400WithWhatIsWrong()
    {
        var clerk = _f.Api(await _f.KeyAsync("АСКОД", "clerk"));

        var kind = await clerk.PostAsJsonAsync("/api/v1/appeals", new { kind = "letter", applicant = "x", subject = "y" });
        var date = await clerk.PostAsJsonAsync("/api/v1/appeals", new { kind = "application", applicant = "x", subject = "y", receivedOn = "31.02.2023" });

        kind.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await kind.Content.ReadAsStringAsync()).Should().Contain("'letter' is not a kind");
        date.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await date.Content.ReadAsStringAsync()).Should().Contain("receivedOn: 31.02.2023: такого дня немає (лютий 2023 року має 28 дн.)");
    }

    [Fact]
    public async Task Art10_IsMaskedForARoleThatDoesNotHandleTheAppeal()
    {
        var clerk = _f.Api(await _f.KeyAsync("АСКОД", "clerk"));
        var appeal = new { kind = "application", applicant = "Таємна Особа", subject = "Скарга на сусіда", doNotDisclose = true };
        var id = (await Json(await clerk.PostAsJsonAsync("/api/v1/appeals", appeal))).GetProperty("id").GetString();
        var controller = _f.Api(await _f.KeyAsync("Контроль", "controller"));

        var forClerk = await clerk.GetStringAsync($"/api/v1/appeals/{id}");
        var forController = await controller.GetStringAsync($"/api/v1/appeals/{id}");

        forClerk.Should().Contain("Таємна Особа");
        forController.Should().NotContain("Таємна Особа").And.Contain("приховано");
    }
}
