using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;

namespace Council.Workflows.Tests.Stores;

// The account store on PostgreSQL: logins ignoring case, stamps, grants, keys and the access log, each council its own.
[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlAccountStoreTest(PostgreSqlServer server) : IDisposable
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 2, 9, 0);
    private readonly string _schema = $"a_{Guid.NewGuid():N}";
    private readonly List<PostgreSqlCaseStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    private PostgreSqlAccountStore Accounts(string council = "default")
    {
        var store = new PostgreSqlCaseStore(
            new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString("accounts"), Schema = _schema, Council = council }, new WorkflowRegistry([]).EventTypes);
        _stores.Add(store);
        return new PostgreSqlAccountStore(store);
    }

    private static Account Clerk(string login = "o.petrenko", string name = "Петренко Олена") => new()
    {
        Login = login, Name = name, PasswordHash = "hash", SecurityStamp = "s1", Roles = new HashSet<AccountRole> { AccountRole.Clerk }, CreatedAt = At,
    };

    [Fact]
    public async Task Create_ThenFind_IgnoresCaseAndKeepsEveryField()
    {
        var accounts = Accounts();
        var account = Clerk() with { FailedSignIns = 2, LockedUntil = At + Duration.FromMinutes(15), Disabled = true };

        var created = await accounts.CreateAsync(account, "admin");
        var found = await accounts.FindAsync("O.PETRENKO");

        created.Should().BeTrue();
        found.Should().BeEquivalentTo(account);
        (await accounts.CountAsync()).Should().Be(1);
        (await accounts.CreateAsync(Clerk("O.Petrenko", "Інша"), "admin")).Should().BeFalse("the login is taken, ignoring case");
    }

    [Fact]
    public async Task Update_WithAStaleStamp_ChangesNothing()
    {
        var accounts = Accounts();
        await accounts.CreateAsync(Clerk(), "admin");

        var updated = await accounts.UpdateAsync(Clerk() with { Name = "Петренко Олена Іванівна", SecurityStamp = "s2" }, "s1");
        var stale = await accounts.UpdateAsync(Clerk() with { Name = "Хтось", SecurityStamp = "s3" }, "s1");

        (updated, stale).Should().Be((true, false));
        (await accounts.FindAsync("o.petrenko"))!.Name.Should().Be("Петренко Олена Іванівна");
        (await accounts.UpdateAsync(Clerk("nobody"), "s1")).Should().BeFalse();
    }

    [Fact]
    public async Task Grants_AreRecordedInOrder_AndChangeTheRolesAndTheStamp()
    {
        var accounts = Accounts();
        await accounts.CreateAsync(Clerk(), "admin");

        await accounts.GrantAsync(new RoleGrant("o.petrenko", AccountRole.Executor, true, "admin", At + Duration.FromHours(1)), "s2");
        await accounts.GrantAsync(new RoleGrant("O.Petrenko", AccountRole.Clerk, false, "admin", At + Duration.FromHours(2)), "s3");
        var missing = await accounts.GrantAsync(new RoleGrant("nobody", AccountRole.Clerk, true, "admin", At), "s9");

        missing.Should().BeFalse();
        var account = (await accounts.FindAsync("o.petrenko"))!;
        account.Roles.Should().BeEquivalentTo([AccountRole.Executor]);
        account.SecurityStamp.Should().Be("s3");
        (await accounts.GrantsAsync("o.petrenko")).Select(g => (g.Role, g.Granted)).Should().Equal(
            (AccountRole.Clerk, true), (AccountRole.Executor, true), (AccountRole.Clerk, false));
    }

    [Fact]
    public async Task Keys_AreFoundByPrefix_ListedNewestFirst_RevokedOnce_AndTouched()
    {
        var accounts = Accounts();
        var older = new ApiKey { Id = Guid.NewGuid(), Prefix = "cw_aaaa", Hash = "h1", Name = "АСКОД", Roles = new HashSet<AccountRole> { AccountRole.Clerk }, CreatedAt = At, CreatedBy = "admin" };
        var newer = older with { Id = Guid.NewGuid(), Prefix = "cw_bbbb", Hash = "h2", CreatedAt = At + Duration.FromDays(1) };
        await accounts.CreateKeyAsync(older);
        await accounts.CreateKeyAsync(newer);

        await accounts.TouchKeyAsync(older.Id, At + Duration.FromDays(2));
        var revoked = await accounts.RevokeKeyAsync("cw_bbbb", At + Duration.FromDays(3));
        var again = await accounts.RevokeKeyAsync("cw_bbbb", At + Duration.FromDays(4));

        (revoked, again).Should().Be((true, false));
        (await accounts.ListKeysAsync()).Select(k => k.Prefix).Should().Equal("cw_bbbb", "cw_aaaa");
        (await accounts.FindKeyAsync("cw_aaaa")).Should().BeEquivalentTo(older with { LastUsedAt = At + Duration.FromDays(2) });
        (await accounts.FindKeyAsync("cw_bbbb"))!.RevokedAt.Should().Be(At + Duration.FromDays(3));
        (await accounts.FindKeyAsync("cw_cccc")).Should().BeNull();
    }

    [Fact]
    public async Task AccessLog_IsReadByRange_LoginIgnoringCase_AndCase()
    {
        var accounts = Accounts();
        var appeal = CaseId.New();
        await accounts.LogAccessAsync(new AccessEntry(At, "o.petrenko", "card", appeal));
        await accounts.LogAccessAsync(new AccessEntry(At + Duration.FromMinutes(1), "s.bondar", "card", appeal, "друк"));
        await accounts.LogAccessAsync(new AccessEntry(At + Duration.FromMinutes(2), "o.petrenko", "search", null, "Коваленко"));

        var all = await accounts.AccessLogAsync(At, At + Duration.FromHours(1));
        var hers = await accounts.AccessLogAsync(At, At + Duration.FromHours(1), login: "O.PETRENKO");
        var ofCase = await accounts.AccessLogAsync(At, At + Duration.FromHours(1), caseId: appeal);
        var early = await accounts.AccessLogAsync(At, At + Duration.FromMinutes(1));

        all.Select(e => e.What).Should().Equal("card", "card", "search");
        hers.Should().HaveCount(2).And.OnlyContain(e => e.Login == "o.petrenko");
        ofCase.Select(e => e.Login).Should().Equal("o.petrenko", "s.bondar");
        early.Should().ContainSingle().Which.Should().Be(new AccessEntry(At, "o.petrenko", "card", appeal));
    }

    [Fact]
    public async Task TwoCouncils_HaveTheirOwnAccountsKeysAndLog_UnderTheSameLogin()
    {
        var kyiv = Accounts("kyiv");
        var bucha = Accounts("bucha");
        await kyiv.CreateAsync(Clerk(), "admin");

        var created = await bucha.CreateAsync(Clerk(name: "Петренко Оксана"), "admin");
        await bucha.CreateKeyAsync(new ApiKey { Id = Guid.NewGuid(), Prefix = "cw_same", Hash = "h", Name = "АСКОД", CreatedAt = At });
        await kyiv.LogAccessAsync(new AccessEntry(At, "o.petrenko", "card", null));

        created.Should().BeTrue("a login of one council is free in another");
        (await kyiv.FindAsync("o.petrenko"))!.Name.Should().Be("Петренко Олена");
        (await bucha.FindAsync("o.petrenko"))!.Name.Should().Be("Петренко Оксана");
        (await kyiv.FindKeyAsync("cw_same")).Should().BeNull();
        (await kyiv.ListKeysAsync()).Should().BeEmpty();
        (await bucha.AccessLogAsync(At, At + Duration.FromHours(1))).Should().BeEmpty();
        (await bucha.GrantsAsync("o.petrenko")).Should().ContainSingle();
    }
}
