using Aios.Data.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aios.Data.Tests.Caching;

public sealed class DistributedCacheTierTests
{
#pragma warning disable CA2201 // Stand-ins for what a client's bug throws.
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new RedisConnectionException(ConnectionFailureType.UnableToConnect, "no server"), true },
        { new RedisTimeoutException("timeout", CommandStatus.Sent), true },
        { new RedisServerException("LOADING Redis is loading the dataset in memory"), true },
        { new RedisServerException("READONLY You can't write against a read only replica."), true },
        { new RedisServerException("OOM command not allowed when used memory > 'maxmemory'."), true },
        { new RedisServerException("WRONGTYPE Operation against a key holding the wrong kind of value"), false },
        { new InvalidOperationException("wrapped", new RedisConnectionException(ConnectionFailureType.SocketFailure, "reset")), true },
        { new IOException("socket closed"), true },
        { new ObjectDisposedException("ConnectionMultiplexer"), false },
        { new NullReferenceException(), false },
        { new ArgumentException("bad key"), false },
    };
#pragma warning restore CA2201

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsTransient_RedisOutagesAndPassingServerStates_True_BugsAndMisuse_False(Exception exception, bool transient)
    {
        var tier = new DistributedCacheTier(new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions())));

        Assert.Equal(transient, tier.IsTransient(exception));
    }
}
