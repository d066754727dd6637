using System.Net.Sockets;
using Aios.Data.Caching;
using Aios.Data.Storage;

namespace Aios.Data.Tests.Caching;

public sealed class ChunkTierTests
{
#pragma warning disable CA2201 // Stand-ins for what a tier's bug throws.
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new IOException("disk"), true },
        { new DirectoryNotFoundException("share unmounted"), true },
        { new UnauthorizedAccessException("remounted read-only"), true },
        { new TimeoutException("slow"), true },
        { new SocketException((int)SocketError.ConnectionRefused), true },
        { new TaskCanceledException("a client's own timeout"), true },
        { new ChunkCorruptException(ContentId.Compute([1]), "x", "bad"), false },
        { new NullReferenceException(), false },
        { new ArgumentException("misuse"), false },
        { new InvalidOperationException("misuse"), false },
        { new InvalidDataException("decoder"), false },
        { new OutOfMemoryException(), false },
    };
#pragma warning restore CA2201

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsTransient_OutsideWorldFailures_True_Bugs_False(Exception exception, bool transient)
    {
        using var folder = new Storage.TemporaryFolder();
        var tier = new ChunkStoreTier(ChunkStore.OpenOrCreate(folder.Path));

        Assert.Equal(transient, tier.IsTransient(exception));
    }

    [Fact]
    public void IsTransient_Null_Throws()
    {
        using var folder = new Storage.TemporaryFolder();
        var tier = new ChunkStoreTier(ChunkStore.OpenOrCreate(folder.Path));

        Assert.Throws<ArgumentNullException>("exception", () => tier.IsTransient(null!));
    }
}
