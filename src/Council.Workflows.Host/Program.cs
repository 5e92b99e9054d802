using Council.Workflows.Host.Cli;

// The composition root: the real console. Everything else lives in CouncilCli so tests can run it in-process.
return await CouncilCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
