using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aios.Cli.Kubernetes;
using Aios.Serving.Manifests;
using Aios.Serving.Planning;
using k8s;

namespace Aios.Cli.Serving;

/// <summary>
/// The Kubernetes step of <c>aios serve plan</c>: the plan's Deployment and Service (<see cref="ServingManifests"/>),
/// written to a file and/or applied to the cluster (<see cref="ServingApply"/>). Nothing here writes output; a failure
/// comes back as the message to report.
/// </summary>
internal static class ServeKubernetes
{
    /// <summary>
    /// The <c>nvidia.com/gpu.product</c> values NVIDIA GPU feature discovery gives the built-in device profiles' GPUs
    /// (SXM A100 and H100 of 80 GB, as the profiles assume); <c>--device-product</c> overrides, and a measured profile's
    /// device type is used as it is (as the Kubernetes adapter reads device types from that label).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProductLabels { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["a100"] = "NVIDIA-A100-SXM4-80GB",
        ["h100"] = "NVIDIA-H100-80GB-HBM3",
        ["l4"] = "NVIDIA-L4",
        ["a10g"] = "NVIDIA-A10G",
    };

    /// <summary>Checks the options that need no plan, before planning: one error line or null.</summary>
    public static string? Validate(ServeManifestRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Image))
        {
            return "--image is required with --manifests or --apply (the model server's container image)";
        }

        return request.File is { } file ? OutputFile.Check("--manifests", file, request.Overwrite) : null;
    }

    /// <summary>The manifests' options for <paramref name="plan"/>.</summary>
    public static (ServingManifestOptions? Options, string? Error) BuildOptions(DeploymentPlan plan, ServeManifestRequest request)
    {
        (string model, int version) = SplitReference(plan.Model.Name);
        var options = new ServingManifestOptions
        {
            Name = ServingManifests.NameFor(model, version),
            Namespace = request.Namespace,
            Image = request.Image ?? "",
            Replicas = plan.Replicas,
            GpusPerReplica = plan.Profile.GpusPerReplica,
            DeviceProduct = request.DeviceProduct ?? (ProductLabels.TryGetValue(plan.Profile.DeviceType, out string? product) ? product : plan.Profile.DeviceType),
            SchedulerName = request.SchedulerName,
            Queue = request.Queue,
            ReadinessDelaySeconds = (int)Math.Clamp(Math.Ceiling(plan.Profile.ColdStartSeconds), 0, 86_400),
            Annotations =
            {
                ["aios.dev/model"] = plan.Model.Name,
                ["aios.dev/objective"] = plan.Objective.ToString(),
                ["aios.dev/plan"] = plan.ToString(),
            },
            Environment =
            {
                ["AIOS_MODEL"] = plan.Model.Name,
                ["AIOS_MAX_BATCH"] = plan.BatchLimit.ToString(CultureInfo.InvariantCulture),
            },
        };
        foreach (string argument in request.Arguments)
        {
            options.Arguments.Add(argument);
        }

        try
        {
            ServingManifests.CreateDeployment(options);
            return (options, null);
        }
        catch (ArgumentException exception)
        {
            return (null, OptionName(exception.ParamName) + ": " + exception.Message);
        }
    }

    /// <summary>Writes and/or applies the plan's objects; returns what was done, or an error line.</summary>
    public static async Task<(ServeKubernetesOutput? Output, string? Error)> RunAsync(DeploymentPlan plan, ServeManifestRequest request, CancellationToken cancellationToken)
    {
        (ServingManifestOptions? options, string? error) = BuildOptions(plan, request);
        if (options is null)
        {
            return (null, error);
        }

        JsonObject deployment = ServingManifests.CreateDeployment(options);
        JsonObject service = ServingManifests.CreateService(options);
        if (request.File is { } file)
        {
            try
            {
                Write(file, ServingManifests.CreateList(options), request.Overwrite);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return (null, $"--manifests: {CliConsole.Describe(exception)}");
            }
        }

        var applied = new List<string>();
        if (request.Apply)
        {
            if (!KubeConnection.TryConfigure(request.Kubeconfig, out KubernetesClientConfiguration? configuration, out error)
                || !KubeConnection.TryCreateClient(configuration, out IKubernetes? client, out error))
            {
                return (null, error);
            }

            using (client)
            {
                (IReadOnlyList<ServingApply.Applied>? done, error) = await ServingApply.ApplyAsync(client, configuration.Host, deployment, service, cancellationToken).ConfigureAwait(false);
                if (done is null)
                {
                    return (null, request.File is null ? error : $"{error}; the manifests were written to {request.File}");
                }

                applied.AddRange(done.Select(a => $"{a.Kind} {a.Namespace}/{a.Name} {a.Action}"));
            }
        }

        return (new ServeKubernetesOutput(options.Name, options.Namespace, request.File, applied), null);
    }

    /// <summary>Splits <c>NAME@VERSION</c> (the registry's exact reference) into the name and the version; 1 otherwise.</summary>
    private static (string Model, int Version) SplitReference(string name)
    {
        int at = name.LastIndexOf('@');
        return at > 0 && int.TryParse(name.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int version) && version >= 1
            ? (name[..at], version)
            : (name, 1);
    }

    private static void Write(string file, JsonObject list, bool overwrite) =>
        OutputFile.Write(file, overwrite, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            list.WriteTo(writer);
        });

    private static string OptionName(string? parameter) => parameter switch
    {
        "ServingManifestOptions.Image" => "--image",
        "ServingManifestOptions.Namespace" => "--namespace",
        "ServingManifestOptions.SchedulerName" => "--scheduler",
        "ServingManifestOptions.Queue" => "--queue",
        "ServingManifestOptions.DeviceProduct" => "--device-product",
        "ServingManifestOptions.Arguments" => "--arg",
        _ => "manifests",
    };
}

/// <summary>What <c>aios serve plan</c> did on Kubernetes: the objects' name and namespace, the file written, what was applied.</summary>
internal sealed record ServeKubernetesOutput(string Name, string Namespace, string? ManifestsFile, IReadOnlyList<string> Applied);
