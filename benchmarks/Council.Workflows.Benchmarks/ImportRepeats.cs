using System.Globalization;
using System.Text;

namespace Council.Workflows.Benchmarks;

/// <summary>
/// Issue 13: <c>council import appeals --csv</c> of the same rows with every applicant unique and with a few names
/// repeating, as processes, alternating the two files, medians over the rounds. The registration's repeat check reads the
/// applicant's earlier appeals, so the repeated file must not take longer as one applicant's history grows.
/// </summary>
internal static class ImportRepeats
{
    private static readonly string[] Stems = ["Коваль", "Мазур", "Ткач", "Шевч", "Бондар", "Савч", "Гнатю", "Литвин", "Кравч", "Мельнич", "Олійн", "Петр", "Бойч", "Кузьм", "Павл", "Сидор", "Марч", "Левч", "Климч", "Данил", "Гончар", "Руд", "Остап", "Федор", "Юрч"];
    private static readonly string[] Endings = ["енко", "ук", "ишин", "ецький", "ак", "ів"];
    private static readonly string[] Firsts = ["Петро", "Іван", "Олег", "Сергій", "Павло", "Андрій", "Василь", "Микола", "Юрій", "Богдан", "Тарас", "Роман", "Ігор", "Степан", "Дмитро", "Ганна", "Марія", "Оксана", "Ольга", "Ірина", "Наталія", "Софія", "Леся", "Тетяна", "Віра", "Надія", "Людмила", "Галина", "Зоя", "Христина"];
    private static readonly string[] Patronymics = ["Іванович", "Петрович", "Васильович", "Миколайович", "Сергійович", "Олегович", "Андрійович", "Юрійович", "Богданович", "Романович", "Степанович", "Тарасович", "Ігорович", "Павлович", "Дмитрович", "Іванівна", "Петрівна", "Василівна", "Миколаївна", "Сергіївна", "Олегівна", "Андріївна", "Юріївна", "Богданівна", "Романівна", "Степанівна", "Тарасівна", "Ігорівна", "Павлівна", "Дмитрівна"];
    private static readonly string[] Topics = ["Ремонт дороги на вулиці", "Не вивозять сміття з двору на вулиці", "Встановити дитячий майданчик на вулиці", "Відсутнє освітлення на вулиці", "Прорив водогону на вулиці", "Облаштувати пішохідний перехід на вулиці", "Прибрати аварійне дерево на вулиці", "Відновити тротуар на вулиці"];
    private static readonly string[] Streets = ["Київській", "Покровській", "Хлібній", "Вітрука", "Пушкінській", "Михайлівській", "Великій Бердичівській", "Чуднівській", "Перемоги", "Небесної Сотні", "Шевченка", "Лесі Українки"];

    /// <summary>Names available for the unique file.</summary>
    public static int UniqueNames => Stems.Length * Endings.Length * Firsts.Length * Patronymics.Length;

    /// <summary>The i-th distinct applicant name (three words, Cyrillic).</summary>
    public static string Name(int i)
    {
        var surname = Stems[i % Stems.Length] + Endings[i / Stems.Length % Endings.Length];
        var rest = i / (Stems.Length * Endings.Length);
        return $"{surname} {Firsts[rest % Firsts.Length]} {Patronymics[rest / Firsts.Length % Patronymics.Length]}";
    }

    /// <summary>
    /// Writes <paramref name="rows"/> applications received over 2023 (in order, a few a day), applicant i or i mod
    /// <paramref name="names"/>; subjects from eight topics on twelve streets, so an applicant's letters are often similar.
    /// </summary>
    public static void WriteCsv(string path, int rows, int? names)
    {
        var random = new Random(13);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("id,received,kind,applicant,subject");
        var start = new DateOnly(2023, 1, 2);
        for (var i = 0; i < rows; i++)
        {
            var received = start.AddDays((int)((long)i * 360 / rows));
            var applicant = Name(names is { } k ? i % k : i);
            var subject = $"{Topics[random.Next(Topics.Length)]} {Streets[random.Next(Streets.Length)]}";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"2023-{i + 1:D6},{received:yyyy-MM-dd},application,{applicant},{subject}"));
        }
    }

    /// <summary>Runs the measurement; <paramref name="hosts"/> are council.dll builds, each timed on both files.</summary>
    public static async Task<int> RunAsync(int rows, int names, int rounds, IReadOnlyList<(string Label, string Host)> hosts)
    {
        var folder = Path.Combine(Path.GetTempPath(), "council-import-repeats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var unique = Path.Combine(folder, "unique.csv");
            var repeated = Path.Combine(folder, "repeated.csv");
            WriteCsv(unique, rows, null);
            WriteCsv(repeated, rows, names);
            Console.WriteLine($"{rows:N0} rows; unique applicants / {names:N0} names repeating (about {rows / names:N0} appeals each); {rounds} rounds, alternating");
            var times = hosts.ToDictionary(h => h.Label, _ => (Unique: new List<TimeSpan>(), Repeated: new List<TimeSpan>()));
            for (var r = 0; r < rounds; r++)
            {
                foreach (var (label, host) in hosts)
                {
                    // Alternate which file goes first, so neither always runs on a warmer (or busier) machine.
                    foreach (var isRepeated in r % 2 == 0 ? new[] { false, true } : [true, false])
                    {
                        var elapsed = await ImportAsync(host, isRepeated ? repeated : unique, folder);
                        (isRepeated ? times[label].Repeated : times[label].Unique).Add(elapsed);
                        Console.WriteLine($"round {r + 1} {label}: {(isRepeated ? "repeated" : "unique")} {elapsed.TotalSeconds:N1} s");
                    }
                }
            }

            foreach (var (label, _) in hosts)
            {
                var (u, p) = (Median(times[label].Unique), Median(times[label].Repeated));
                Console.WriteLine($"{label}: unique {u.TotalSeconds:N1} s, repeated {p.TotalSeconds:N1} s, ratio repeated/unique {p / u:0.00} (medians; bar: near 1)");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<TimeSpan> ImportAsync(string host, string csv, string folder)
    {
        var db = Path.Combine(folder, "import.db");
        Durable.Delete(db);
        try
        {
            var run = await Processes.HostAsync(host, "import", "appeals", "--csv", csv, "--db", db);
            if (!run.Output.Contains(" 0 rejected", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the import rejected rows: {run.Output}");
            }

            return run.Time;
        }
        finally
        {
            Durable.Delete(db);
        }
    }

    private static TimeSpan Median(List<TimeSpan> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
