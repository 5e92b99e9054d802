// How another council system uses Council.Workflows: register it, then ask for a due date and why it is due.
using Council.Workflows;
using Council.Workflows.Deadlines;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

using var services = new ServiceCollection()
    .AddCouncilWorkflows(options =>
    {
        // A council can declare its own non-working days; everything else is the current law by default.
        options.Calendar.DeclaredDaysOff.Add(new DeclaredDay(new LocalDate(2024, 12, 31), "розпорядження міського голови № 1"));
    })
    .BuildServiceProvider();

var calculator = services.GetRequiredService<DeadlineCalculator>();

// An appeal received on 31 January 2023 needs additional study: one month (Art. 20).
var received = new LocalDate(2023, 1, 31);
var due = calculator.Compute(received, StatutoryTerms.AppealStandard);
Console.WriteLine($"Appeal received {received:dd.MM.yyyy}: answer due {due.DueOn:dd.MM.yyyy}, lapses at {due.LapsesAt}.");
Console.WriteLine(due.Explain(TextLanguage.Ukrainian));

// A complaint about a decision of 10 January 2023 that the applicant learned of on 20 March 2023 (Art. 17).
var window = calculator.ComplaintWindow(new LocalDate(2023, 1, 10), new LocalDate(2023, 3, 20));
Console.WriteLine($"Complaint in time until {window.LastDay:dd.MM.yyyy} ({window.BoundBy}).");
Console.WriteLine(window.Explain(TextLanguage.English));
