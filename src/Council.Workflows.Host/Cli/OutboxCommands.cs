using System.CommandLine;
using Council.Workflows.Engine;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council outbox list|retry</c>: the messages not yet delivered, and putting those set aside back.</summary>
internal static class OutboxCommands
{
    private static readonly TextSource T = new("Verbs");

    private const int Page = 500;

    public static Command Create(CliOutput output) => new("outbox", "The outbox: reminders, escalations and notices waiting for 'council run' to deliver them.")
    {
        List(output),
        Retry(output),
    };

    private static Command List(CliOutput output)
    {
        var failed = new Option<bool>("--failed") { Description = T["Outbox.Opt.failed"] };
        var command = new Command("list", T["Outbox.Cmd.list"])
        {
            failed,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            var status = parse.GetValue(failed) ? OutboxStatus.Failed : OutboxStatus.Pending;
            var entries = await AllAsync(session.Store, status, ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(entries.Select(e => new
                {
                    id = e.Message.Id,
                    caseId = e.Message.CaseId.ToString(),
                    kind = e.Message.Kind,
                    recipient = e.Message.Recipient,
                    subject = e.Message.Subject,
                    createdAt = Results.Iso(e.Message.CreatedAt),
                    attempts = e.Attempts,
                    lastError = e.LastError,
                    failed = e.Failed,
                }));
                return CouncilCli.Ok;
            }

            var what = status == OutboxStatus.Failed ? "set aside as failed" : "pending";
            output.Line(entries.Count == 0 ? $"No outbox messages {what}." : $"{entries.Count} outbox message{(entries.Count == 1 ? "" : "s")} {what}:");
            foreach (var e in entries)
            {
                output.Line($"{e.Message.Id}  {Results.Iso(e.Message.CreatedAt)}  {e.Message.Kind} to {e.Message.Recipient}: {e.Message.Subject}  ({e.Attempts} failed attempt{(e.Attempts == 1 ? "" : "s")})");
                if (e.LastError is { } error)
                {
                    output.Line($"    last error: {error}");
                }
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Retry(CliOutput output)
    {
        var ids = new Argument<string[]>("ID") { Description = T["Outbox.Arg.ID"], Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = T["Outbox.Opt.all"] };
        var command = new Command("retry", T["Outbox.Cmd.retry"])
        {
            ids, all,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            var given = parse.GetValue(ids) ?? [];
            var every = parse.GetValue(all);
            if (given.Length == 0 == !every)
            {
                throw new CliException(every ? "give message ids or --all, not both." : "give the ids of the messages to retry, or --all (see 'council outbox list --failed').");
            }

            var wanted = new List<Guid>();
            foreach (var text in given)
            {
                wanted.Add(Guid.TryParse(text, out var id) ? id : throw new CliException($"'{text}' is not a message id (see 'council outbox list --failed')."));
            }

            await using var session = StaffSession.Open(parse, create: false);
            if (!every)
            {
                var setAside = (await AllAsync(session.Store, OutboxStatus.Failed, ct).ConfigureAwait(false)).Select(e => e.Message.Id).ToHashSet();
                var unknown = wanted.Where(id => !setAside.Contains(id)).ToList();
                if (unknown.Count > 0)
                {
                    throw new CliException($"not set aside as failed: {string.Join(", ", unknown)} (see 'council outbox list --failed'); nothing was changed.");
                }
            }

            var retried = await session.Store.RetryOutboxAsync(every ? null : wanted, ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(new { retried });
            }
            else
            {
                output.Line($"{retried} outbox message{(retried == 1 ? "" : "s")} put back to pending; the next 'council run' sweep tries {(retried == 1 ? "it" : "them")} again.");
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static async Task<List<OutboxEntry>> AllAsync(ICaseStore store, OutboxStatus status, CancellationToken ct)
    {
        var entries = new List<OutboxEntry>();
        while (true)
        {
            var page = await store.ListOutboxAsync(status, Page, entries.Count == 0 ? null : entries[^1].Message.Id, ct).ConfigureAwait(false);
            entries.AddRange(page);
            if (page.Count < Page)
            {
                return entries;
            }
        }
    }
}
