namespace Aios.Hardware;

/// <summary>Whether a provider could look for devices, and if not, why (a missing driver, library or permission).</summary>
/// <param name="Name">The provider name (<c>cpu</c>, <c>opencl</c>, <c>cuda</c>, <c>static</c>, …).</param>
/// <param name="Available">Whether discovery ran.</param>
/// <param name="Reason">Why the provider is unavailable; null when it is available.</param>
public readonly record struct ProviderStatus(string Name, bool Available, string? Reason = null);
