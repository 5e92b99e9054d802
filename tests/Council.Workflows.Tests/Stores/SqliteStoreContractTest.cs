using Council.Workflows.Engine;
using Council.Workflows.Sqlite;

namespace Council.Workflows.Tests.Stores;

public sealed class SqliteStoreContractTest : CaseStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-store-").FullName;
    private readonly List<SqliteCaseStore> _stores = [];

    protected override ICaseStore CreateStore(WorkflowRegistry workflows)
    {
        var store = new SqliteCaseStore(new SqliteStoreOptions { Path = Path.Combine(_directory, $"{Guid.NewGuid():N}.db") }, workflows.EventTypes);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
