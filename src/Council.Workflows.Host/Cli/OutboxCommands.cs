using System.CommandLine;
using Council.Workflows.Engine;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council outbox list|retry</c>: the messages not yet delivered, and putting those set aside back.</summary>
internal static class OutboxCommands
{
    private static readonly TextSource T = new("Verbs");

    private const int Page = 500;

    public static Command Create(CliOutput output) => new("outbox", T["Help.outbox"])
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

            var what = T[status == OutboxStatus.Failed ? "Outbox.Msg.SetAside" : "Outbox.Msg.Pending"];
            output.Line(entries.Count == 0 ? T.Format("Outbox.Msg.None", what) : T.Format(entries.Count == 1 ? "Outbox.Msg.Count1" : "Outbox.Msg.Count", entries.Count, what));
            foreach (var e in entries)
            {
                output.Line(T.Format(e.Attempts == 1 ? "Outbox.Msg.Entry1" : "Outbox.Msg.Entry", e.Message.Id, Results.Iso(e.Message.CreatedAt), e.Message.Kind, e.Message.Recipient, e.Message.Subject, e.Attempts));
                if (e.LastError is { } error)
                {
                    output.Line(T.Format("Outbox.Msg.LastError", error));
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
                throw new CliException(T[every ? "Outbox.Msg.IdsOrAll" : "Outbox.Msg.GiveIds"]);
            }

            var wanted = new List<Guid>();
            foreach (var text in given)
            {
                wanted.Add(Guid.TryParse(text, out var id) ? id : throw new CliException(T.Format("Outbox.Msg.NotAnId", text)));
            }

            await using var session = StaffSession.Open(parse, create: false);
            if (!every)
            {
                var setAside = (await AllAsync(session.Store, OutboxStatus.Failed, ct).ConfigureAwait(false)).Select(e => e.Message.Id).ToHashSet();
                var unknown = wanted.Where(id => !setAside.Contains(id)).ToList();
                if (unknown.Count > 0)
                {
                    throw new CliException(T.Format("Outbox.Msg.NotFailed", string.Join(", ", unknown)));
                }
            }

            var retried = await session.Store.RetryOutboxAsync(every ? null : wanted, ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(new { retried });
            }
            else
            {
                output.Line(T.Format(retried == 1 ? "Outbox.Msg.Retried1" : "Outbox.Msg.Retried", retried));
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
