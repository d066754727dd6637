using k8s;
using k8s.Autorest;
using k8s.Models;
using System.Net;

namespace Aios.KubeScheduler.Tests;

/// <summary>The sample's files as the repository holds them (samples/Aios.KubeScheduler), and applying its manifests.</summary>
internal static class SampleFiles
{
    /// <summary>Gets the sample's folder.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>Reads a file of the sample.</summary>
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Folder, relativePath));

    /// <summary>The objects of a manifest file of deploy/, typed by their kind.</summary>
    public static List<object> Manifest(string name) => KubernetesYaml.LoadAllFromString(Read(Path.Combine("deploy", name)), strict: true);

    /// <summary>The one object of type <typeparamref name="T"/> in a manifest file of deploy/.</summary>
    public static T Single<T>(string name) => Manifest(name).OfType<T>().Single();

    /// <summary>Creates every object of a manifest file with <paramref name="client"/>, leaving those that exist as they are.</summary>
    public static async Task ApplyAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        foreach (object item in Manifest(name))
        {
            try
            {
                Task created = item switch
                {
                    V1ServiceAccount account => client.CoreV1.CreateNamespacedServiceAccountAsync(account, account.Namespace(), cancellationToken: cancellationToken),
                    V1ClusterRole role => client.RbacAuthorizationV1.CreateClusterRoleAsync(role, cancellationToken: cancellationToken),
                    V1ClusterRoleBinding binding => client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding, cancellationToken: cancellationToken),
                    V1Role role => client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, role.Namespace(), cancellationToken: cancellationToken),
                    V1RoleBinding binding => client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, binding.Namespace(), cancellationToken: cancellationToken),
                    V1ConfigMap map => client.CoreV1.CreateNamespacedConfigMapAsync(map, map.Namespace(), cancellationToken: cancellationToken),
                    _ => throw new InvalidOperationException($"{name}: no test applies a {item.GetType().Name}."),
                };
                await created;
            }
            catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // created by an earlier test of the class
            }
        }
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aios.sln")))
            {
                return Path.Combine(directory.FullName, "samples", "Aios.KubeScheduler");
            }
        }

        throw new InvalidOperationException($"No Aios.sln above {AppContext.BaseDirectory}: the tests read the sample's files from the checkout.");
    }
}
