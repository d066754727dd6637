using System.Text.Json.Serialization;
using Aios.Cli.Data;
using Aios.Cli.Kubernetes;
using Aios.Cli.Queueing;
using Aios.Cli.Serving;
using Aios.Cli.Simulation;

namespace Aios.Cli;

/// <summary>Source-generated JSON (trimming- and AOT-safe): camelCase, nulls omitted, unknown input fields ignored.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(QueueingRequest))]
[JsonSerializable(typeof(QueueingResult))]
[JsonSerializable(typeof(MvaOutput))]
[JsonSerializable(typeof(JacksonOutput))]
[JsonSerializable(typeof(SimulateOutput))]
[JsonSerializable(typeof(SimulateComparisonOutput))]
[JsonSerializable(typeof(AnalyzeOutput))]
[JsonSerializable(typeof(PackOutput))]
[JsonSerializable(typeof(UnpackOutput))]
[JsonSerializable(typeof(VerifyOutput))]
[JsonSerializable(typeof(CacheSimOutput))]
[JsonSerializable(typeof(ReadOutput))]
[JsonSerializable(typeof(KubeNodesOutput))]
[JsonSerializable(typeof(KubeRunOutput))]
[JsonSerializable(typeof(KubeSchedulerLine))]
[JsonSerializable(typeof(ModelsRegisterOutput))]
[JsonSerializable(typeof(ModelsListOutput))]
[JsonSerializable(typeof(ModelsShowOutput))]
[JsonSerializable(typeof(ModelsDiffOutput))]
[JsonSerializable(typeof(ModelsAliasOutput))]
[JsonSerializable(typeof(ModelsExportOutput))]
[JsonSerializable(typeof(ModelsVerifyOutput))]
[JsonSerializable(typeof(ServePlanOutput))]
[JsonSerializable(typeof(ServeReplayOutput))]
[JsonSerializable(typeof(ServeProfileInput[]))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
