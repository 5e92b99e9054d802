using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Stores;

// A case as an engine over the store derives it from the stored history (a fresh engine: nothing kept in memory).
internal static class StoreLoading
{
    public static ValueTask<ICaseData?> LoadAsync(this ICaseStore store, CaseId id, WorkflowRegistry workflows) =>
        new WorkflowEngine(store, workflows, options: new EngineOptions { CaseCacheSize = 0 }).LoadAsync(id);
}
