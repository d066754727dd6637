using Aios.Hardware.OpenCL.Interop;

namespace Aios.Hardware.OpenCL.Tests.Interop;

public sealed class OpenCLKernelSessionTests
{
    [Fact]
    public async Task RunTriad_PoclCpuDevice_EveryElementIsBPlusScalarTimesC()
    {
        using OpenCLKernelSession session = await OpenSessionAsync();
        const int Elements = 100_003;

        float[] a = session.RunTriad(Elements, 3.0f, 1, TestContext.Current.CancellationToken, out double seconds);

        Assert.Equal(Elements, a.Length);
        Assert.True(seconds > 0 && double.IsFinite(seconds), $"triad took {seconds} s");
        for (int index = 0; index < Elements; index++)
        {
            float expected = ((index % 1024) * 0.5f) + (3.0f * ((index % 512) * 0.25f));
            Assert.True(expected == a[index], $"a[{index}] = {a[index]}, expected {expected}");
        }
    }

    [Fact]
    public async Task RunFma_PoclCpuDevice_EveryWorkItemMatchesTheHostComputation()
    {
        using OpenCLKernelSession session = await OpenSessionAsync();
        const int WorkItems = 4099;
        const int Iterations = 300;

        float[] result = session.RunFma(WorkItems, Iterations, 0.9999f, 0.0001f, 1, TestContext.Current.CancellationToken, out double seconds);

        Assert.True(seconds > 0 && double.IsFinite(seconds), $"fma took {seconds} s");
        for (int id = 0; id < WorkItems; id++)
        {
            float expected = OpenCLKernelSession.FmaExpected(id, Iterations, 0.9999f, 0.0001f);
            Assert.True(expected == result[id], $"result[{id}] = {result[id]:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void FmaExpected_OneIteration_IsTheSumOfEightChainsAfterOneFma()
    {
        float x0 = 5 * 0.001f;
        float[] chains = [x0, x0 + 0.1f, x0 + 0.2f, x0 + 0.3f, x0 + 0.4f, x0 + 0.5f, x0 + 0.6f, x0 + 0.7f];
        float sum = 0;
        for (int chain = 0; chain < chains.Length; chain++)
        {
            sum = chain == 0 ? MathF.FusedMultiplyAdd(chains[0], 2f, 1f) : sum + MathF.FusedMultiplyAdd(chains[chain], 2f, 1f);
        }

        Assert.Equal(sum, OpenCLKernelSession.FmaExpected(5, 1, 2f, 1f));
    }

    [Fact]
    public async Task RunTriad_CancelledToken_ThrowsAndTheSessionStaysUsable()
    {
        using OpenCLKernelSession session = await OpenSessionAsync();

        Assert.Throws<OperationCanceledException>(() => session.RunTriad(1024, 1f, 1, new CancellationToken(canceled: true), out _));
        float[] a = session.RunTriad(1024, 1f, 1, TestContext.Current.CancellationToken, out _);

        Assert.Equal(OpenCLKernelSession.TriadExpected(1000, 1f), a[1000]);
    }

    private static async Task<OpenCLKernelSession> OpenSessionAsync()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();
        return new OpenCLKernelSession(OpenCLDeviceProvider.FindHandle(device, TestContext.Current.CancellationToken));
    }
}
