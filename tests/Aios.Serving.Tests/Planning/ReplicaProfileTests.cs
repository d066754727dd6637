using Aios.Serving.Planning;

namespace Aios.Serving.Tests.Planning;

public sealed class ReplicaProfileTests
{
    [Fact]
    public void Derive_SevenBillionOnA100_FollowsTheDatasheetArithmetic()
    {
        var model = new ServedModel("llama-2-7b", 7e9, 14_000_000_000) { KvCacheBytesPerToken = 524_288 };

        ReplicaProfile profile = ReplicaProfile.Derive(model, DeviceProfiles.A100, 1, 1024);

        Assert.Equal(312e12 * 0.5 / (2 * 7e9), profile.PrefillTokensPerSecond, 1e-6);
        Assert.Equal(14e9 / (2.039e12 * 0.7), profile.DecodeStepBaseSeconds, 1e-12);
        Assert.Equal((524_288.0 * 1024 / (2.039e12 * 0.7)) + (2 * 7e9 / (312e12 * 0.5)), profile.DecodeStepPerSequenceSeconds, 1e-12);
        Assert.Equal((long)Math.Floor(((80e9 * 0.9) - 14e9) / 524_288), profile.KvCacheTokens);
        Assert.Equal(45 + 14, profile.ColdStartSeconds, 1e-9);
        Assert.Equal(40.97 / 8, profile.CostPerHour, 1e-12);
        Assert.Equal(profile.DecodeStepBaseSeconds + (8 * profile.DecodeStepPerSequenceSeconds), profile.DecodeStepSeconds(8), 1e-15);
    }

    [Fact]
    public void TryDerive_SeventyBillionOnOneL4_DoesNotFit()
    {
        ServedModel model = ServedModel.FromParameters("llama-2-70b", 70e9);

        Assert.False(ReplicaProfile.TryDerive(model, DeviceProfiles.L4, 1, 1024, out _));
        Assert.True(ReplicaProfile.TryDerive(model, DeviceProfiles.A100, 2, 1024, out ReplicaProfile? two));
        Assert.Equal(2, two.GpusPerReplica);
        Assert.Throws<InvalidOperationException>(() => ReplicaProfile.Derive(model, DeviceProfiles.L4));
    }

    [Fact]
    public void EstimatedKvCacheBytesPerToken_SevenBillion_IsNearLlamaTwo()
    {
        ServedModel model = ServedModel.FromParameters("7b", 7e9);

        Assert.InRange(model.EstimatedKvCacheBytesPerToken, 524_288 * 0.9, 524_288 * 1.2);
    }

    [Fact]
    public void Constructor_BadNumber_NamesIt()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicaProfile("a100", 1, 0, 0.01, 0, 8, 1000, 0, 1));

        Assert.Equal("prefillTokensPerSecond", error.ParamName);
    }
}
