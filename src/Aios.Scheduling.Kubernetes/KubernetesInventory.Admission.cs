using System.Globalization;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes;

public sealed partial class KubernetesInventory
{
    /// <summary>
    /// Whether <paramref name="pod"/> may run on <paramref name="node"/> apart from capacity: the node is usable, the pod
    /// tolerates each of its NoSchedule/NoExecute taints, matches its <c>nodeSelector</c>, and matches one of the terms of
    /// its required node affinity (operators In, NotIn, Exists, DoesNotExist, Gt, Lt on labels), as kube-scheduler decides.
    /// </summary>
    /// <param name="pod">The pod.</param>
    /// <param name="node">The node as read by <see cref="ReadNode"/>.</param>
    /// <param name="reason">Why not, in words for the pod's condition; null when admitted.</param>
    /// <returns>True when the pod may be placed there.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool Admits(V1Pod pod, InventoryNode node, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        if (node.ExcludedReason is { } excluded)
        {
            reason = $"node {node.Name} is {excluded}";
            return false;
        }

        IList<V1Toleration> tolerations = pod.Spec?.Tolerations ?? [];
        foreach (string taint in node.Taints)
        {
            if (!tolerations.Any(t => Tolerates(t, taint)))
            {
                reason = $"node {node.Name} has the taint {taint} that the pod does not tolerate";
                return false;
            }
        }

        foreach ((string key, string value) in pod.Spec?.NodeSelector ?? new Dictionary<string, string>())
        {
            if (!node.Labels.TryGetValue(key, out string? actual) || actual != value)
            {
                reason = $"node {node.Name} does not match the node selector {key}={value}";
                return false;
            }
        }

        IList<V1NodeSelectorTerm>? terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is { Count: > 0 } && !terms.Any(term => Matches(term, node.Labels)))
        {
            reason = $"node {node.Name} matches none of the pod's required node-affinity terms";
            return false;
        }

        reason = null;
        return true;
    }

    private static bool Tolerates(V1Toleration toleration, string taint)
    {
        int colon = taint.LastIndexOf(':');
        string effect = taint[(colon + 1)..];
        string keyValue = taint[..colon];
        int equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        string key = equals < 0 ? keyValue : keyValue[..equals];
        string value = equals < 0 ? "" : keyValue[(equals + 1)..];
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(toleration.Key))
        {
            return toleration.OperatorProperty == "Exists"; // an empty key with Exists tolerates everything
        }

        return toleration.Key == key && (toleration.OperatorProperty == "Exists" || (toleration.Value ?? "") == value);
    }

    private static bool Matches(V1NodeSelectorTerm term, IReadOnlyDictionary<string, string> labels)
    {
        if (term.MatchExpressions is not { Count: > 0 } expressions)
        {
            return false; // kube-scheduler: a term with no expressions matches nothing
        }

        foreach (V1NodeSelectorRequirement requirement in expressions)
        {
            bool has = labels.TryGetValue(requirement.Key, out string? value);
            IList<string> values = requirement.Values ?? [];
            bool ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                "Gt" => has && values.Count == 1 && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long a) && long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long b) && a > b,
                "Lt" => has && values.Count == 1 && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long c) && long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long d) && c < d,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
