using Aios.Data.Storage;
using Microsoft.Extensions.Logging;

namespace Aios.Data;

/// <summary>
/// What an operator must see from Aios.Data, as source-generated log messages. The event ids are stable (documented in
/// docs/data.md, "Logging"); a new message takes the next free id and an id is never reused for another meaning.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "TierUnavailable", Level = LogLevel.Warning,
        Message = "Cache tier {Tier} is unavailable; it is skipped for {RetryAfter} and the tiers below serve its reads")]
    public static partial void TierUnavailable(ILogger logger, string tier, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "TierAvailable", Level = LogLevel.Information,
        Message = "Cache tier {Tier} is available again")]
    public static partial void TierAvailable(ILogger logger, string tier);

    [LoggerMessage(EventId = 3, EventName = "TierStillUnavailable", Level = LogLevel.Debug,
        Message = "Cache tier {Tier} failed again on retry; it is skipped for another {RetryAfter}")]
    public static partial void TierStillUnavailable(ILogger logger, string tier, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "CorruptCopy", Level = LogLevel.Warning,
        Message = "Cache tier {Tier} holds a corrupt copy of chunk {ChunkId}; reading the tiers below")]
    public static partial void CorruptCopy(ILogger logger, string tier, ContentId chunkId, Exception exception);

    [LoggerMessage(EventId = 5, EventName = "CorruptCopyRepaired", Level = LogLevel.Information,
        Message = "The corrupt copy of chunk {ChunkId} in cache tier {Tier} was removed; a good copy came from tier {SourceTier} (rewritten into {Tier}: {Rewritten})")]
    public static partial void CorruptCopyRepaired(ILogger logger, ContentId chunkId, string tier, string sourceTier, bool rewritten);

    [LoggerMessage(EventId = 6, EventName = "NoGoodCopy", Level = LogLevel.Error,
        Message = "No cache tier holds a good copy of chunk {ChunkId} (corrupt in {CorruptTiers}); the read fails and the bad copies are left for inspection")]
    public static partial void NoGoodCopy(ILogger logger, ContentId chunkId, string corruptTiers, Exception exception);
}
