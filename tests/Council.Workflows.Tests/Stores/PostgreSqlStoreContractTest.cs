using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;

namespace Council.Workflows.Tests.Stores;

// The store contract against a real server: each store a fresh schema of one database.
[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlStoreContractTest(PostgreSqlServer server) : CaseStoreContract, IDisposable
{
    private readonly List<PostgreSqlCaseStore> _stores = [];

    protected override ICaseStore CreateStore(WorkflowRegistry workflows)
    {
        var store = new PostgreSqlCaseStore(
            new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString("contract"), Schema = $"c_{Guid.NewGuid():N}" }, workflows.EventTypes);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }
}
