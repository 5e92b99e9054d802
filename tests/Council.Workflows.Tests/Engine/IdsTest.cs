using System.Collections.Concurrent;
using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Engine;

public sealed class IdsTest
{
    [Fact]
    public void New_ids_are_version_7_uuids()
    {
        CaseId.New().Value.Version.Should().Be(7);
        Command.NewId().Version.Should().Be(7);
        CaseId.New().Value.Variant.Should().BeInRange(8, 11, "the RFC 9562 variant is binary 10xx");
    }

    [Fact]
    public void Ids_made_later_sort_later_in_their_big_endian_bytes()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Command.NewId().ToByteArray(bigEndian: true)).ToList();

        ids.Should().BeInAscendingOrder(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
    }

    [Fact]
    public void Ids_made_on_several_threads_at_once_are_distinct()
    {
        var ids = new ConcurrentBag<Guid>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                ids.Add(i % 2 == 0 ? CaseId.New().Value : Command.NewId());
            }
        });

        ids.Distinct().Should().HaveCount(200_000);
    }
}
