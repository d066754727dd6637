using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Aios.Serving.Manifests;

/// <summary>
/// The Kubernetes objects that run a served model: an <c>apps/v1</c> Deployment of its replicas (each requesting its
/// GPUs as request = limit, restricted to nodes of the planned device type, optionally placed by the Aios scheduler)
/// and a <c>v1</c> Service in front of them. The objects are JSON, which <c>kubectl apply -f</c> reads as it reads YAML,
/// and which KubernetesClient deserializes into its typed models; no Kubernetes package is needed to write them.
/// </summary>
public static class ServingManifests
{
    /// <summary>The label every object carries with the options' name; the Deployment's selector and the Service's.</summary>
    public const string NameLabel = "app.kubernetes.io/name";

    /// <summary>The label saying the objects were written by Aios (value <c>aios</c>).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The label the Aios scheduler reads a pod's queue from (Aios.Scheduling.Kubernetes's <c>QueueLabel</c>).</summary>
    public const string QueueLabel = "aios.dev/queue";

    private const int MaxLabelLength = 63;

    /// <summary>Makes an object name from a model's name and version: lower case, every run of other characters one
    /// '-', starting with a letter, ending <c>-v{version}</c>, at most 63 characters (the model part is shortened).</summary>
    /// <param name="model">The model's name; any text.</param>
    /// <param name="version">The version, at least 1.</param>
    /// <returns>A DNS-1035 label.</returns>
    public static string NameFor(string model, int version)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        var builder = new StringBuilder(model.Length);
        foreach (char c in model.ToLowerInvariant())
        {
            bool keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        string stem = builder.ToString().Trim('-');
        if (stem.Length == 0 || !char.IsAsciiLetterLower(stem[0]))
        {
            stem = stem.Length == 0 ? "model" : "m-" + stem;
        }

        string suffix = "-v" + version.ToString(CultureInfo.InvariantCulture);
        if (stem.Length + suffix.Length > MaxLabelLength)
        {
            stem = stem[..(MaxLabelLength - suffix.Length)].TrimEnd('-');
        }

        return stem + suffix;
    }

    /// <summary>Creates the Deployment.</summary>
    /// <param name="options">What it says.</param>
    /// <returns>The <c>apps/v1</c> Deployment.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and its valid range.</exception>
    public static JsonObject CreateDeployment(ServingManifestOptions options)
    {
        Validate(options);
        JsonObject labels = Labels(options);
        JsonObject podLabels = Labels(options);
        if (options.Queue is { } queue)
        {
            podLabels[QueueLabel] = queue;
        }

        var container = new JsonObject
        {
            ["name"] = "server",
            ["image"] = options.Image,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = options.ContainerPort, ["protocol"] = "TCP" }),
        };
        if (options.Arguments.Count > 0)
        {
            container["args"] = new JsonArray([.. options.Arguments.Select(a => (JsonNode?)JsonValue.Create(a))]);
        }

        if (options.Environment.Count > 0)
        {
            container["env"] = new JsonArray([.. options.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => (JsonNode?)new JsonObject { ["name"] = e.Key, ["value"] = e.Value })]);
        }

        if (options.GpusPerReplica > 0)
        {
            string gpus = options.GpusPerReplica.ToString(CultureInfo.InvariantCulture);
            container["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { [options.GpuResource] = gpus },
                ["limits"] = new JsonObject { [options.GpuResource] = gpus },
            };
        }

        if (options.ReadinessPath is { } path)
        {
            container["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = "http" },
                ["initialDelaySeconds"] = options.ReadinessDelaySeconds,
                ["periodSeconds"] = 5,
            };
        }

        var podSpec = new JsonObject { ["containers"] = new JsonArray(container) };
        if (options.SchedulerName is { } scheduler)
        {
            podSpec["schedulerName"] = scheduler;
        }

        if (options.DeviceProduct is { } product)
        {
            podSpec["nodeSelector"] = new JsonObject { [options.DeviceProductLabel] = product };
        }

        var podMetadata = new JsonObject { ["labels"] = podLabels };
        var metadata = new JsonObject { ["name"] = options.Name, ["namespace"] = options.Namespace, ["labels"] = labels };
        if (options.Annotations.Count > 0)
        {
            metadata["annotations"] = Annotations(options);
            podMetadata["annotations"] = Annotations(options);
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["replicas"] = options.Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [NameLabel] = options.Name } },
                ["template"] = new JsonObject { ["metadata"] = podMetadata, ["spec"] = podSpec },
            },
        };
    }

    /// <summary>Creates the Service: <see cref="ServingManifestOptions.ServicePort"/> to the replicas' server port.</summary>
    /// <param name="options">What it says.</param>
    /// <returns>The <c>v1</c> Service (type ClusterIP).</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and its valid range.</exception>
    public static JsonObject CreateService(ServingManifestOptions options)
    {
        Validate(options);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = options.Name, ["namespace"] = options.Namespace, ["labels"] = Labels(options) },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["selector"] = new JsonObject { [NameLabel] = options.Name },
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = options.ServicePort, ["targetPort"] = "http", ["protocol"] = "TCP" }),
            },
        };
    }

    /// <summary>Creates a <c>v1</c> List of the Deployment and the Service: one file for <c>kubectl apply -f</c>.</summary>
    /// <param name="options">What they say.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and its valid range.</exception>
    public static JsonObject CreateList(ServingManifestOptions options) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["items"] = new JsonArray(CreateDeployment(options), CreateService(options)),
    };

    private static JsonObject Labels(ServingManifestOptions options)
    {
        var labels = new JsonObject();
        foreach (KeyValuePair<string, string> label in options.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            labels[label.Key] = label.Value;
        }

        labels[NameLabel] = options.Name;
        labels[ManagedByLabel] = "aios";
        return labels;
    }

    private static JsonObject Annotations(ServingManifestOptions options)
    {
        var annotations = new JsonObject();
        foreach (KeyValuePair<string, string> annotation in options.Annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            annotations[annotation.Key] = annotation.Value;
        }

        return annotations;
    }

    private static void Validate(ServingManifestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IsDns1035Label(options.Name))
        {
            throw Invalid(options.Name, "ServingManifestOptions.Name", "a DNS-1035 label: 1 to 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit");
        }

        if (!IsDns1123Label(options.Namespace))
        {
            throw Invalid(options.Namespace, "ServingManifestOptions.Namespace", "a DNS-1123 label: 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }

        if (string.IsNullOrEmpty(options.Image) || options.Image.Any(char.IsWhiteSpace) || options.Image.Length > 4096)
        {
            throw Invalid(options.Image, "ServingManifestOptions.Image", "a container image reference: 1 to 4,096 characters without whitespace");
        }

        Range(options.Replicas, 0, 100_000, "ServingManifestOptions.Replicas");
        Range(options.GpusPerReplica, 0, 65_536, "ServingManifestOptions.GpusPerReplica");
        Range(options.ContainerPort, 1, 65_535, "ServingManifestOptions.ContainerPort");
        Range(options.ServicePort, 1, 65_535, "ServingManifestOptions.ServicePort");
        Range(options.ReadinessDelaySeconds, 0, 86_400, "ServingManifestOptions.ReadinessDelaySeconds");
        if (!IsQualifiedName(options.GpuResource) || !options.GpuResource.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid(options.GpuResource, "ServingManifestOptions.GpuResource", "an extended resource name with a domain prefix, such as nvidia.com/gpu");
        }

        if (!IsQualifiedName(options.DeviceProductLabel))
        {
            throw Invalid(options.DeviceProductLabel, "ServingManifestOptions.DeviceProductLabel", "a label key: an optional DNS subdomain prefix and '/', then 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }

        if (options.DeviceProduct is { } product && !IsLabelValue(product))
        {
            throw Invalid(product, "ServingManifestOptions.DeviceProduct", "a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }

        if (options.Queue is { } queue && (queue.Length == 0 || !IsLabelValue(queue)))
        {
            throw Invalid(queue, "ServingManifestOptions.Queue", "a non-empty label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }

        if (options.SchedulerName is { } scheduler && !IsDns1123Subdomain(scheduler))
        {
            throw Invalid(scheduler, "ServingManifestOptions.SchedulerName", "a DNS-1123 subdomain, such as aios");
        }

        if (options.ReadinessPath is { } path && (path.Length == 0 || path[0] != '/' || path.Any(char.IsWhiteSpace)))
        {
            throw Invalid(path, "ServingManifestOptions.ReadinessPath", "null or an HTTP path starting with '/' without whitespace");
        }

        foreach (KeyValuePair<string, string> label in options.Labels)
        {
            if (label.Key is NameLabel or ManagedByLabel or QueueLabel)
            {
                throw Invalid(label.Key, "ServingManifestOptions.Labels", $"keys other than {NameLabel}, {ManagedByLabel} and {QueueLabel}, which the manifests set themselves");
            }

            if (!IsQualifiedName(label.Key) || !IsLabelValue(label.Value))
            {
                throw Invalid($"{label.Key}={label.Value}", "ServingManifestOptions.Labels", "label keys (an optional DNS subdomain prefix and '/', then 1 to 63 letters, digits, '-', '_' or '.') with values of at most 63 such characters, each starting and ending with a letter or digit");
            }
        }

        foreach (KeyValuePair<string, string> annotation in options.Annotations)
        {
            if (!IsQualifiedName(annotation.Key) || annotation.Value is null)
            {
                throw Invalid(annotation.Key, "ServingManifestOptions.Annotations", "annotation keys in label-key syntax with non-null values");
            }
        }

        foreach (KeyValuePair<string, string> variable in options.Environment)
        {
            if (!IsEnvironmentName(variable.Key) || variable.Value is null)
            {
                throw Invalid(variable.Key, "ServingManifestOptions.Environment", "names of letters, digits, '_', '-' or '.' not starting with a digit, with non-null values");
            }
        }

        foreach (string argument in options.Arguments)
        {
            if (argument is null)
            {
                throw new ArgumentException("ServingManifestOptions.Arguments must be non-null strings.", nameof(options));
            }
        }
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be in [{min:N0}, {max:N0}]."));
        }
    }

    private static ArgumentException Invalid(string? value, string name, string range) =>
        new($"{name} must be {range}; '{value}' is not.", name);

    private static bool IsDns1035Label(string? value) =>
        IsDns1123Label(value) && char.IsAsciiLetterLower(value![0]);

    private static bool IsDns1123Label(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLabelLength
        && IsLowerAlphanumeric(value[0]) && IsLowerAlphanumeric(value[^1])
        && value.All(c => IsLowerAlphanumeric(c) || c == '-');

    private static bool IsDns1123Subdomain(string value) =>
        value.Length is > 0 and <= 253 && value.Split('.').All(IsDns1123Label);

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static bool IsLabelValue(string? value) =>
        value is not null && (value.Length == 0 || (value.Length <= MaxLabelLength
            && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')));

    private static bool IsQualifiedName(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        int slash = key.IndexOf('/', StringComparison.Ordinal);
        string name = slash < 0 ? key : key[(slash + 1)..];
        return (slash < 0 || IsDns1123Subdomain(key[..slash])) && name.Length > 0 && IsLabelValue(name);
    }

    private static bool IsEnvironmentName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
