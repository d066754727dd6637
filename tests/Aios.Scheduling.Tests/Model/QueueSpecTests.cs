using Aios.Scheduling.Model;

namespace Aios.Scheduling.Tests.Model;

public sealed class QueueSpecTests
{
    [Fact]
    public void Init_InvalidValues_ThrowNamingTheProperty()
    {
        var queue = new QueueSpec("q");

        Assert.Equal("Name", Assert.Throws<ArgumentException>(() => new QueueSpec("")).ParamName);
        Assert.Equal("Weight", Assert.Throws<ArgumentOutOfRangeException>(() => queue with { Weight = 0 }).ParamName);
        Assert.Equal("Weight", Assert.Throws<ArgumentOutOfRangeException>(() => queue with { Weight = double.PositiveInfinity }).ParamName);
        Assert.Equal("GuaranteedGpus", Assert.Throws<ArgumentOutOfRangeException>(() => queue with { GuaranteedGpus = -1 }).ParamName);
        Assert.Equal("BorrowingLimit", Assert.Throws<ArgumentOutOfRangeException>(() => queue with { BorrowingLimit = -1 }).ParamName);
        Assert.Equal("LendingLimit", Assert.Throws<ArgumentOutOfRangeException>(() => queue with { LendingLimit = -1 }).ParamName);
    }
}
